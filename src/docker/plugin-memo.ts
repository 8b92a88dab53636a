/**
 * The buildx plugin's `docker-cli-plugin-metadata` answer, remembered by the binary's identity.
 *
 * That answer is a constant compiled into the binary: the same file gives the same JSON. The quick
 * look checks it on every start (the docker CLI does, before it runs a plugin), which costs one Go
 * process beside the plugin's own `ls` on the runner's CPUs. Remembered here, it is asked again
 * only when the file may be another one: a different device, inode, size, mode, owner, mtime or
 * ctime (any write, chmod, chown, rename over it or package upgrade changes the ctime; nothing
 * sets a ctime back short of the clock). The `ls` runs that very binary on every start, so a binary
 * that no longer runs is still seen at once.
 *
 * Only a healthy answer is remembered (one the quick look accepts, as a whole CommandResult with
 * empty stderr) of a native program (ELF or Mach-O: a script's answer may come from whatever file
 * it runs), and only when the path named the very same file just before the process started and
 * after it ended, unchanged for a while before (so the answer is surely of that file: a symlink
 * switched or a directory renamed mid-run, or a write within the timestamps' granularity, is not
 * remembered). It is kept in a directory this user owns and no one else can write
 * (src/core/compile-cache.ts ownDir: a planted answer must not be trusted), one small file per
 * plugin path, written whole (temporary file, then rename). Anything unreadable is no memo: the
 * process runs as before. `BKH_PLUGIN_MEMO=0` turns it off.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir, writeWhole } from '../core/compile-cache.js';
import type { CommandResult } from '../core/types.js';

const ARGS = ['docker-cli-plugin-metadata'];

/** How long a file must have been left as it is before a run for its answer to be remembered. */
const SETTLED_MS = 2000;

/** ELF, and Mach-O (thin, both byte orders, and universal). */
const NATIVE_MAGIC = ['7f454c46', 'feedfacf', 'cffaedfe', 'feedface', 'cefaedfe', 'cafebabe'];

function isNative(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && NATIVE_MAGIC.includes(head.toString('hex'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The identity each plugin's path had just before its metadata process started (the entry's head start and its chunk share it). */
const BEFORE = Symbol.for('buildkit-healer.plugin-memo.before');
interface Before {
  key: string;
  ctimeMs: number;
  atMs: number;
}
function befores(): Map<string, Before | undefined> {
  const slots = globalThis as unknown as Record<symbol, Map<string, Before | undefined> | undefined>;
  return (slots[BEFORE] ??= new Map());
}

/**
 * Notes what `plugin` names just before its metadata process starts (call it right before the
 * spawn; the first note of a process counts, as a head start's process is the one the quick look takes).
 */
export function beforeMetadataRun(plugin: string, nowMs: number = Date.now()): void {
  const m = befores();
  if (m.has(plugin)) return;
  const id = isNative(plugin) ? fileIdentity(plugin) : undefined;
  m.set(plugin, id === undefined ? undefined : { ...id, atMs: nowMs });
}

/** The identity of the file at `path` (symlinks followed, as exec follows them), and its ctime; or undefined. */
function fileIdentity(path: string): { key: string; ctimeMs: number } | undefined {
  try {
    const s = statSync(path, { bigint: true });
    if (!s.isFile()) return undefined;
    return { key: [s.dev, s.ino, s.size, s.mode, s.uid, s.mtimeNs, s.ctimeNs].join(':'), ctimeMs: Number(s.ctimeMs) };
  } catch {
    return undefined;
  }
}

/** This user's memo directory (made on first use), or undefined when off or none is safe. */
function memoDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BKH_PLUGIN_MEMO === '0' || env.BKH_PLUGIN_MEMO === 'false') return undefined;
  return userCacheDir(env, 'buildkit-healer-memo');
}

function memoFile(dir: string, plugin: string): string | undefined {
  const name = `metadata-${encodeURIComponent(plugin)}.json`;
  return name.length <= 240 ? join(dir, name) : undefined;
}

interface Memo {
  identity: string;
  stdout: string;
}

/**
 * The remembered metadata answer of `plugin`, as the CommandResult its run gave (durationMs 0,
 * `remembered` set), when the file is still the one it was read from; else undefined.
 */
export function recallMetadata(env: NodeJS.ProcessEnv, plugin: string): CommandResult | undefined {
  const dir = memoDir(env);
  const file = dir === undefined ? undefined : memoFile(dir, plugin);
  if (file === undefined) return undefined;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Memo>;
    if (typeof m.identity !== 'string' || typeof m.stdout !== 'string') return undefined;
    if (m.identity !== fileIdentity(plugin)?.key) return undefined;
    return {
      argv: [plugin, ...ARGS],
      exitCode: 0,
      signal: null,
      stdout: m.stdout,
      stderr: '',
      timedOut: false,
      durationMs: 0,
      remembered: `the answer of this very file (${m.identity}), remembered in ${file}`,
    };
  } catch {
    return undefined;
  }
}

/**
 * Remembers `result`, the metadata answer of `plugin` this process ran (beforeMetadataRun noted
 * the file just before), when it is healthy (`accepted`), the path still names that very file, and
 * the file had been left as it is for a while before the run. Never throws.
 */
export function rememberMetadata(
  env: NodeJS.ProcessEnv,
  plugin: string,
  result: CommandResult,
  accepted: boolean,
): void {
  // The note is of this one run: used once, whatever comes of it.
  const before = befores().get(plugin);
  befores().delete(plugin);
  if (!accepted || result.remembered !== undefined || result.exitCode !== 0 || result.stderr !== '') return;
  const after = fileIdentity(plugin);
  if (before === undefined || after === undefined || after.key !== before.key) return;
  if (before.ctimeMs > before.atMs - SETTLED_MS) return;
  const identity = after.key;
  const dir = memoDir(env);
  const file = dir === undefined ? undefined : memoFile(dir, plugin);
  if (file === undefined) return;
  // Not written: not remembered, asked again next time.
  writeWhole(file, JSON.stringify({ identity, stdout: result.stdout } satisfies Memo));
}
