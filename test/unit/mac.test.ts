// The MAC of local bundles: the host key (made on first use, 0600 in a 0700 directory, refused when
// another user could have read or replaced it), the MAC functions, and the local store's check of
// the private copy before anything reads it.
import {
  chmodSync,
  existsSync,
  readdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SafetyError, SourceError } from '../../src/core/errors.js';
import {
  defaultKeyFile,
  keyIdOf,
  loadOrCreateKey,
  macOfFile,
  parseMacRecord,
  readKey,
  signFile,
  verifyFile,
} from '../../src/bundle/mac.js';
import { LocalStore } from '../../src/stores/local.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bkh-mac-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, body: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

describe('host key', () => {
  it('lives under XDG_CONFIG_HOME when it is absolute, else under HOME/.config', () => {
    expect(defaultKeyFile({ HOME: '/home/r', XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/buildkit-healer/backup.key');
    expect(defaultKeyFile({ HOME: '/home/r', XDG_CONFIG_HOME: 'rel' })).toBe(
      '/home/r/.config/buildkit-healer/backup.key',
    );
    expect(defaultKeyFile({ HOME: '/home/r' })).toBe('/home/r/.config/buildkit-healer/backup.key');
  });

  it('is made on first use: 32 random bytes, file 0600 in a 0700 directory; the same key afterwards', async () => {
    const path = join(dir, 'cfg', 'buildkit-healer', 'backup.key');
    expect(await readKey(path)).toBeUndefined();
    const k1 = await loadOrCreateKey(path);
    expect(k1.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cfg', 'buildkit-healer')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').trim()).toBe(k1.toString('hex'));
    expect((await loadOrCreateKey(path)).equals(k1)).toBe(true);
    expect((await readKey(path))?.equals(k1)).toBe(true);
    // Another place, another key.
    expect((await loadOrCreateKey(join(dir, 'other', 'backup.key'))).equals(k1)).toBe(false);
  });

  it('refuses a key others could read, a symlinked key, and one that is not hex', async () => {
    const path = join(dir, 'k', 'backup.key');
    await loadOrCreateKey(path);
    chmodSync(path, 0o644);
    await expect(readKey(path)).rejects.toThrow(/has mode 0644: it must be 0600/);
    chmodSync(path, 0o600);
    chmodSync(join(dir, 'k'), 0o777);
    await expect(readKey(path)).rejects.toThrow(/directory of backup key .* writable only by it/);
    chmodSync(join(dir, 'k'), 0o700);
    const link = join(dir, 'k', 'link.key');
    symlinkSync(path, link);
    await expect(readKey(link)).rejects.toThrow(/is a symlink/);
    await expect(loadOrCreateKey(link)).rejects.toBeInstanceOf(SafetyError);
    const bad = join(dir, 'k', 'bad.key');
    writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    await expect(readKey(bad)).rejects.toThrow(/is not 32 bytes of hex/);
  });
});

describe('MAC of a bundle file', () => {
  it('is HMAC-SHA256 of every byte: any change of one byte is caught', async () => {
    const key = Buffer.alloc(32, 7);
    const body = Buffer.from('manifest and entries '.repeat(50));
    const p = file('b.tar.gz', body);
    const rec = await signFile(key, p);
    expect(rec).toMatchObject({ format: 'buildkit-healer/mac', version: 1, alg: 'hmac-sha256', keyId: keyIdOf(key) });
    expect(parseMacRecord(JSON.stringify(rec))).toEqual(rec);
    expect(await verifyFile(key, 'kf', p, JSON.stringify(rec), 'b')).toEqual({ ok: true, keyId: keyIdOf(key) });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
        const changed = Buffer.from(body);
        changed[at] = (changed[at] ?? 0) ^ x;
        writeFileSync(p, changed);
        const v = await verifyFile(key, 'kf', p, JSON.stringify(rec), 'b');
        expect(v).toMatchObject({ ok: false, cause: 'wrong-mac' });
      }),
      { numRuns: 40 },
    );
  });

  it('names the cause: no MAC, a MAC that is not one, no key here, another key', async () => {
    const key = Buffer.alloc(32, 1);
    const other = Buffer.alloc(32, 2);
    const p = file('b.tar.gz', 'bundle');
    const rec = JSON.stringify(await signFile(other, p));
    const v = async (k: Buffer | undefined, text: string | undefined) => verifyFile(k, '/k/backup.key', p, text, '"b"');
    expect(await v(key, undefined)).toMatchObject({
      ok: false,
      cause: 'unsigned',
      message: expect.stringMatching(/has no MAC.*trust-unsigned/),
    });
    expect(await v(key, '{"format":"x"}')).toMatchObject({ ok: false, cause: 'malformed' });
    expect(await v(key, 'not json')).toMatchObject({ ok: false, cause: 'malformed' });
    expect(await v(undefined, rec)).toMatchObject({
      ok: false,
      cause: 'no-key',
      message: expect.stringMatching(/this host has no backup key \(\/k\/backup.key\)/),
    });
    expect(await v(key, rec)).toMatchObject({
      ok: false,
      cause: 'other-key',
      message: expect.stringContaining(`signed with another key (key id ${keyIdOf(other)}`),
    });
    expect(await macOfFile(key, p)).not.toBe(await macOfFile(other, p));
  });
});

describe('local store MAC', () => {
  const keyFile = () => join(dir, 'home', '.config', 'buildkit-healer', 'backup.key');
  async function saved(name = 'bkp') {
    const store = new LocalStore(join(dir, 'store'), 10, { keyFile: keyFile() });
    const src = file(`${name}.src`, `bundle ${name}`);
    const s = await store.save({ name, bundlePath: src, cachePaths: [] });
    return { store, s };
  }

  it('a saved bundle comes back with its MAC checked; the key was made on first use', async () => {
    expect(existsSync(keyFile())).toBe(false);
    const { store, s } = await saved();
    expect(s.warnings).toBeUndefined();
    expect(existsSync(keyFile())).toBe(true);
    const got = await store.fetch('bkp', join(dir, 'f'));
    expect(got.source).toMatchObject({ store: 'local', checked: 'hmac', ok: true, keyFile: keyFile() });
    expect(got.source.keyId).toBe(keyIdOf((await readKey(keyFile())) ?? Buffer.alloc(0)));
  });

  it('a changed bundle, a bundle without MAC, another key and no key are refused; trust-unsigned accepts and says so', async () => {
    const { store, s } = await saved();
    const bytes = readFileSync(s.location);
    writeFileSync(s.location, Buffer.concat([bytes, Buffer.from('x')]));
    await expect(store.fetch('bkp', join(dir, 'f1'))).rejects.toThrow(/does not match its MAC/);
    const e = await store.fetch('bkp', join(dir, 'f1')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).source).toMatchObject({ store: 'local', checked: 'hmac', ok: false });
    const t = await store.fetch('bkp', join(dir, 'f2'), { trustUnsigned: true });
    expect(t.source).toMatchObject({
      checked: 'unverified',
      ok: true,
      detail: expect.stringMatching(/^accepted with trust-unsigned: .*does not match its MAC/),
    });

    writeFileSync(s.location, bytes);
    rmSync(`${s.location}.mac`);
    await expect(store.fetch('bkp', join(dir, 'f3'))).rejects.toThrow(/has no MAC/);

    // Signed by another user's key (another store object, another key file).
    const foreign = new LocalStore(join(dir, 'store'), 10, { keyFile: join(dir, 'foreign', 'backup.key') });
    await foreign.save({ name: 'bkp', bundlePath: file('x', 'bundle bkp'), cachePaths: [] });
    await expect(store.fetch('bkp', join(dir, 'f4'))).rejects.toThrow(/signed with another key/);

    rmSync(keyFile());
    await expect(store.fetch('bkp', join(dir, 'f5'))).rejects.toThrow(/this host has no backup key/);
  });

  it('a key that cannot be made leaves the backup unsigned with a warning naming trust-unsigned', async () => {
    // Its directory would be under a regular file: no key, even as root.
    const store = new LocalStore(join(dir, 'store'), 10, { keyFile: join(file('notadir', 'x'), 'backup.key') });
    const s = await store.save({ name: 'u', bundlePath: file('u', 'u'), cachePaths: [] });
    expect(s.warnings?.[0]).toMatch(/backup not signed .*trust-unsigned/);
    expect(existsSync(`${s.location}.mac`)).toBe(false);
    await expect(store.fetch('u', join(dir, 'f'))).rejects.toThrow(/has no MAC/);
    await store.save({ name: 'u', bundlePath: file('u', 'u'), cachePaths: [] });
    await store.remove('u');
    expect(existsSync(s.location)).toBe(false);
    expect(existsSync(`${s.location}.mac`)).toBe(false);
  });
});

describe('host key, made by concurrent runs', () => {
  it('every run ends with the same whole key and no temporary file is left', async () => {
    const path = join(dir, 'race', 'buildkit-healer', 'backup.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(path)));
    for (const k of keys) expect(k.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
    expect(readdirSync(join(dir, 'race', 'buildkit-healer'))).toEqual(['backup.key']);
  });
});
