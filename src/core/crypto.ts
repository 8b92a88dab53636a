/**
 * The node:crypto functions this code uses, with node:crypto loaded at their first call. A bundle
 * evaluates every import of the modules it loads on start, and node:crypto brings some twenty
 * internal modules of Node's with it (about 20M instructions with callgrind, a tenth of what a
 * healthy `heal --mode auto` runs of its own), while the healthy pre-build step calls none of it:
 * hashes, MACs and random names are for backups, validation builds and installs. Same signatures
 * and behaviour as node:crypto's. Every other module imports these (eslint's no-restricted-imports).
 */
import nodeModule from 'node:module';

type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;

/** node:crypto, loaded once (Node 20.16 and later have process.getBuiltinModule). */
function crypto(): Crypto {
  loaded ??=
    (process.getBuiltinModule?.('node:crypto') as Crypto | undefined) ??
    (nodeModule.createRequire(process.execPath)('node:crypto') as Crypto);
  return loaded;
}

export const createHash: Crypto['createHash'] = (...args) => crypto().createHash(...args);
export const createHmac: Crypto['createHmac'] = (...args) => crypto().createHmac(...args);
export const randomBytes = (size: number): Buffer => crypto().randomBytes(size);
export const timingSafeEqual: Crypto['timingSafeEqual'] = (a, b) => crypto().timingSafeEqual(a, b);
