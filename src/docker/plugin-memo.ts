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
 * empty stderr), in a directory this user owns and no one else can write (src/core/compile-cache.ts
 * ownDir: a planted answer must not be trusted), one small file per plugin path, written whole
 * (temporary file, then rename). Anything unreadable is no memo: the process runs as before.
 * `BKH_PLUGIN_MEMO=0` turns it off.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheBases, ownDir } from '../core/compile-cache.js';
import type { CommandResult } from '../core/types.js';

const ARGS = ['docker-cli-plugin-metadata'];

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
  const name = `buildkit-healer-memo-${process.getuid?.() ?? 'user'}`;
  for (const base of cacheBases(env, tmpdir())) {
    const dir = ownDir(base, name);
    if (dir !== undefined) return dir;
  }
  return undefined;
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
 * Remembers `result`, the metadata answer of `plugin` this process ran, when it is healthy
 * (`accepted`) and the file has not changed since this process started (its ctime is older: the
 * answer is surely of this very file, whenever the run started). Never throws.
 */
export function rememberMetadata(
  env: NodeJS.ProcessEnv,
  plugin: string,
  result: CommandResult,
  accepted: boolean,
  startedMs: number = performance.timeOrigin,
): void {
  if (!accepted || result.remembered !== undefined || result.exitCode !== 0 || result.stderr !== '') return;
  const id = fileIdentity(plugin);
  if (id === undefined || id.ctimeMs >= startedMs) return;
  const identity = id.key;
  const dir = memoDir(env);
  const file = dir === undefined ? undefined : memoFile(dir, plugin);
  if (file === undefined) return;
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ identity, stdout: result.stdout } satisfies Memo), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Not remembered: asked again next time.
  }
}
