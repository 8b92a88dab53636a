/**
 * Authenticity of local bundles: an HMAC-SHA256 of the whole bundle file (so the manifest, its
 * checksums and every entry) with a key kept on this host, never inside the bundle. The key is
 * created on first use in `$XDG_CONFIG_HOME/buildkit-healer/backup.key` (default
 * `~/.config/buildkit-healer/backup.key`): directory 0700, file 0600, owned by the user running the
 * tool. The MAC goes beside the bundle as `<bundle>.mac` (JSON). See docs/backup-format.md.
 */
import { constants } from 'node:fs';
import { createHash, createHmac, randomBytes, timingSafeEqual } from '../core/crypto.js';
import { createReadStream } from 'node:fs';
import { link, lstat, mkdir, open, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { SafetyError, errorMessage } from '../core/errors.js';

const MAC_FORMAT = 'buildkit-healer/mac';
const MAC_ALG = 'hmac-sha256';
export const MAC_SUFFIX = '.mac';
const KEY_BYTES = 32;
const KEY_RE = /^[0-9a-f]{64}$/;

export interface MacRecord {
  format: typeof MAC_FORMAT;
  version: 1;
  alg: typeof MAC_ALG;
  /** Names the key without revealing it (first 16 hex of a SHA-256 over a label and the key). */
  keyId: string;
  /** Hex HMAC-SHA256 of the bundle file's bytes. */
  mac: string;
}

/** Where this host's key is: `$XDG_CONFIG_HOME/buildkit-healer/backup.key`, else under `$HOME/.config`. */
export function defaultKeyFile(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'buildkit-healer', 'backup.key');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('buildkit-healer backup key id\0').update(key).digest('hex').slice(0, 16);
}

function mine(uid: number): boolean {
  return typeof process.getuid !== 'function' || uid === process.getuid();
}

/** Refuses a key file another user could have written or read: a symlink, not ours, group/other bits. */
async function checkKeyFile(path: string): Promise<void> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) throw new SafetyError(`backup key ${path} is a symlink: remove it (a new key is made)`);
  if (!st.isFile()) throw new SafetyError(`backup key ${path} is not a regular file`);
  if (!mine(st.uid)) throw new SafetyError(`backup key ${path} is owned by uid ${st.uid}, not by this user`);
  if ((st.mode & 0o077) !== 0)
    throw new SafetyError(
      `backup key ${path} has mode 0${(st.mode & 0o777).toString(8)}: it must be 0600 (chmod 600 it, or remove it to make a new one)`,
    );
  const dir = await lstat(dirname(path));
  if (!dir.isDirectory() || !mine(dir.uid) || (dir.mode & 0o022) !== 0)
    throw new SafetyError(
      `the directory of backup key ${path} is not a directory of this user writable only by it (mode 0${(dir.mode & 0o777).toString(8)})`,
    );
}

/** This host's key, or undefined when there is none yet. Throws SafetyError for a key it cannot trust. */
export async function readKey(path: string): Promise<Buffer | undefined> {
  try {
    await checkKeyFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (!KEY_RE.test(text)) throw new SafetyError(`backup key ${path} is not ${KEY_BYTES} bytes of hex`);
  return Buffer.from(text, 'hex');
}

/**
 * This host's key, created on first use (directory 0700, file 0600): written whole to a private
 * temporary file, then hard-linked into place, so a concurrent run sees no key or the whole key,
 * and the one that loses the race uses the winner's.
 */
export async function loadOrCreateKey(path: string): Promise<Buffer> {
  const have = await readKey(path);
  if (have !== undefined) return have;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await fh.writeFile(key.toString('hex') + '\n');
    } finally {
      await fh.close();
    }
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const other = await readKey(path);
      if (other !== undefined) return other;
    }
    throw new Error(`cannot create the backup key ${path}: ${errorMessage(e)}`, { cause: e });
  } finally {
    await rm(tmp, { force: true });
  }
  await checkKeyFile(path);
  return key;
}

/** Hex HMAC-SHA256 of a file's bytes. */
export async function macOfFile(key: Buffer, path: string): Promise<string> {
  const h = createHmac('sha256', key);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function signFile(key: Buffer, path: string): Promise<MacRecord> {
  return { format: MAC_FORMAT, version: 1, alg: MAC_ALG, keyId: keyIdOf(key), mac: await macOfFile(key, path) };
}

export type MacVerdict =
  | { ok: true; keyId: string }
  | { ok: false; cause: 'unsigned' | 'no-key' | 'other-key' | 'wrong-mac' | 'malformed'; message: string };

/** What to do, named in every refusal. */
const TRUST_HINT =
  'roll back from a backup made on this host by this user, or accept it knowingly with trust-unsigned (CLI: --trust-unsigned)';

/** Parses a `.mac` record; undefined when it is not one. */
export function parseMacRecord(text: string): MacRecord | undefined {
  try {
    const d = JSON.parse(text) as Partial<MacRecord>;
    if (
      d.format === MAC_FORMAT &&
      d.version === 1 &&
      d.alg === MAC_ALG &&
      typeof d.keyId === 'string' &&
      /^[0-9a-f]{16}$/.test(d.keyId) &&
      typeof d.mac === 'string' &&
      /^[0-9a-f]{64}$/.test(d.mac)
    )
      return d as MacRecord;
  } catch {
    // not JSON: malformed
  }
  return undefined;
}

/**
 * Checks a bundle file against its MAC record (the text of `<bundle>.mac`, undefined when there is
 * none) with this host's key (undefined when the host has none). Never throws for a bad bundle:
 * the verdict names the cause.
 */
export async function verifyFile(
  key: Buffer | undefined,
  keyFile: string,
  path: string,
  recordText: string | undefined,
  label: string,
): Promise<MacVerdict> {
  if (recordText === undefined)
    return {
      ok: false,
      cause: 'unsigned',
      message: `backup ${label} has no MAC (made before buildkit-healer signed local backups, or copied without its .mac file): ${TRUST_HINT}`,
    };
  const rec = parseMacRecord(recordText);
  if (rec === undefined)
    return {
      ok: false,
      cause: 'malformed',
      message: `backup ${label} has a MAC file that is not valid: ${TRUST_HINT}`,
    };
  if (key === undefined)
    return {
      ok: false,
      cause: 'no-key',
      message: `backup ${label} is signed, but this host has no backup key (${keyFile}) to check it with: it was made by another user or host, or the key was removed; ${TRUST_HINT}`,
    };
  const id = keyIdOf(key);
  if (rec.keyId !== id)
    return {
      ok: false,
      cause: 'other-key',
      message: `backup ${label} is signed with another key (key id ${rec.keyId}; this host's key ${keyFile} has id ${id}): ${TRUST_HINT}`,
    };
  const got = Buffer.from(await macOfFile(key, path), 'hex');
  if (!timingSafeEqual(got, Buffer.from(rec.mac, 'hex')))
    return {
      ok: false,
      cause: 'wrong-mac',
      message: `backup ${label} does not match its MAC: it was changed after it was made; ${TRUST_HINT}`,
    };
  return { ok: true, keyId: id };
}
