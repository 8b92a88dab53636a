/**
 * Facts of the Docker *client* layer, read with fs only (no process): `config.json` and its
 * `currentContext`, every context's `meta.json`, the context in use and where that comes from (the
 * docker CLI's own order: DOCKER_HOST, DOCKER_CONTEXT, config.json, default), the environment
 * variables docker and buildx read, and the files under the config dir this user cannot read or
 * change. The checks in src/checks/client.ts judge them.
 */
import { constants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ClientFacts, ContextMeta, UnreadableFile } from '../checks/types.js';
import type { DockerPaths } from '../docker/paths.js';
import { errorMessage } from '../core/errors.js';
import { ASIDE_NAME } from '../core/files.js';
import { currentContextOf } from '../docker/parse/config-json.js';

/** The variables docker and buildx read that can point them at something missing or dead. */
const CLIENT_ENV = [
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'BUILDX_BUILDER',
  'DOCKER_BUILDKIT',
  'BUILDX_CONFIG',
] as const;

function code(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export async function gatherClient(paths: DockerPaths, env: NodeJS.ProcessEnv): Promise<ClientFacts> {
  const [configJson, contexts, unreadable, dirs] = await Promise.all([
    readConfigJson(paths.configJson),
    readContexts(paths.contextsMetaDir),
    unreadableFiles(paths),
    Promise.all([envDir(env.DOCKER_CONFIG), envDir(env.BUILDX_CONFIG)]),
  ]);
  const vars: ClientFacts['env'] = {};
  for (const k of CLIENT_ENV) {
    const v = env[k];
    if (v !== undefined && v !== '') vars[k] = v;
  }
  const facts: ClientFacts = {
    configJson,
    contexts,
    env: vars,
    inUse: contextInUse(vars, configJson.currentContext),
    unreadable,
    envDirs: {},
  };
  if (dirs[0] !== undefined) facts.envDirs.DOCKER_CONFIG = dirs[0];
  if (dirs[1] !== undefined) facts.envDirs.BUILDX_CONFIG = dirs[1];
  return facts;
}

/** The docker CLI's order (cli/command/cli.go resolveContextName): DOCKER_HOST, DOCKER_CONTEXT, config.json. */
export function contextInUse(env: ClientFacts['env'], currentContext: string | undefined): ClientFacts['inUse'] {
  if (env.DOCKER_HOST !== undefined) return { name: 'default', source: 'DOCKER_HOST' };
  if (env.DOCKER_CONTEXT !== undefined) return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
  if (currentContext !== undefined && currentContext !== '') return { name: currentContext, source: 'config.json' };
  return { name: 'default', source: 'default' };
}

async function readConfigJson(path: string): Promise<ClientFacts['configJson']> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return { path, exists: false };
    return { path, exists: true, readError: errorMessage(e) };
  }
  const out: ClientFacts['configJson'] = { path, exists: true };
  const d = decodeConfigJson(content);
  if (d.error !== undefined) {
    out.parseError = d.error;
    out.size = Buffer.byteLength(content);
    return out;
  }
  // Any key case, as the CLI's Go decoder matches it (`CurrentContext` counts).
  const cur = d.value !== undefined ? currentContextOf(d.value) : undefined;
  if (cur !== undefined) out.currentContext = cur;
  return out;
}

/**
 * config.json as the docker CLI reads it (cli/config/configfile: one `json.Decoder.Decode` into the
 * settings struct): the first JSON value counts and anything after it is never read; an empty file
 * or a `null` is no settings; a first value that is not an object (or does not parse) is an error,
 * on which docker warns and runs without the file. Checked against the docker CLI on the test daemon.
 */
export function decodeConfigJson(text: string): { value?: Record<string, unknown>; error?: string } {
  // JSON's own white space only, as Go's decoder: a byte order mark or another space before the
  // value is an error to docker ("invalid character 'ï'"), which then runs without the file.
  const start = text.search(/[^ \t\r\n]/);
  if (start < 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(text.slice(start, firstValueEnd(text, start)));
  } catch (e) {
    return { error: errorMessage(e) };
  }
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return { error: 'not a JSON object' };
  return { value: v as Record<string, unknown> };
}

/** Where the JSON value starting at `start` ends (its closing bracket or quote; the text's end when it has none). */
function firstValueEnd(text: string, start: number): number {
  const open = text[start];
  if (open === '"') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return text.length;
  }
  if (open !== '{' && open !== '[') {
    const m = /^[^\s{}[\]",:]*/.exec(text.slice(start));
    return start + (m?.[0].length ?? 0);
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** Every `contexts/meta/<sha>/meta.json`; a directory without one is skipped, as docker skips it. */
async function readContexts(metaDir: string): Promise<ContextMeta[]> {
  let dirs: string[];
  try {
    dirs = await readdir(metaDir);
  } catch {
    return [];
  }
  const out = await Promise.all(
    dirs.map(async (d): Promise<ContextMeta | undefined> => {
      const path = join(metaDir, d, 'meta.json');
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return undefined;
        return { path, error: errorMessage(e) };
      }
      try {
        const m = JSON.parse(text) as { Name?: unknown; Endpoints?: { docker?: { Host?: unknown } } };
        if (typeof m.Name !== 'string' || m.Name === '') return { path, error: 'no Name in meta.json' };
        const c: ContextMeta = { path, name: m.Name };
        const host = m.Endpoints?.docker?.Host;
        if (typeof host === 'string') c.endpoint = host;
        return c;
      } catch (e) {
        return { path, error: errorMessage(e) };
      }
    }),
  );
  return out
    .filter((c): c is ContextMeta => c !== undefined)
    .sort((a, b) => (a.name ?? a.path).localeCompare(b.name ?? b.path));
}

/** How a DOCKER_CONFIG / BUILDX_CONFIG directory looks: missing (and creatable?), not a directory. */
async function envDir(dir: string | undefined): Promise<ClientFacts['envDirs']['DOCKER_CONFIG']> {
  if (dir === undefined || dir === '') return undefined;
  try {
    const s = await stat(dir);
    return s.isDirectory() ? undefined : { path: dir, problem: 'exists and is not a directory' };
  } catch (e) {
    if (code(e) !== 'ENOENT') return { path: dir, problem: errorMessage(e) };
  }
  // Missing: docker and buildx create it, when the nearest existing parent is writable.
  let p = dirname(dir);
  for (let i = 0; i < 64; i++) {
    try {
      const s = await stat(p);
      if (!s.isDirectory()) return { path: dir, problem: `${p} is not a directory` };
      await access(p, constants.W_OK);
      return undefined;
    } catch (e) {
      if (code(e) !== 'ENOENT')
        return { path: dir, problem: `does not exist and cannot be created (${p}: ${code(e) ?? errorMessage(e)})` };
    }
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return undefined;
}

/** Max entries looked at under the config dir (a runner's ~/.docker stays small). */
const WALK_LIMIT = 2000;
/** Under the config dir, what docker and buildx read and write; backups and plugins are not theirs to change. */
const SKIP = new Set(['cli-plugins', 'buildkit-healer', 'scan', 'mutagen']);
/** Looked at, not walked: buildx keeps one file per build under `refs` (thousands on a busy runner). */
const NO_DESCEND = new Set(['refs']);

/**
 * Files and directories docker or buildx must read or change that this user cannot (`access`):
 * what `sudo docker buildx ...` leaves root-owned. Only meaningful for a non-root user.
 */
async function unreadableFiles(paths: DockerPaths): Promise<UnreadableFile[]> {
  const out: UnreadableFile[] = [];
  let seen = 0;
  const visit = async (p: string, depth: number): Promise<void> => {
    if (++seen > WALK_LIMIT) return;
    let s;
    try {
      s = await stat(p);
    } catch {
      return;
    }
    const need = s.isDirectory() ? constants.R_OK | constants.W_OK | constants.X_OK : constants.R_OK | constants.W_OK;
    try {
      await access(p, need);
    } catch (e) {
      const c = code(e);
      // A read-only mount (ARC runners mount config.json read-only) is not a permission problem.
      if (c === 'EROFS') return;
      let readable = true;
      try {
        await access(p, s.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
      } catch {
        readable = false;
      }
      out.push({ path: p, readable, directory: s.isDirectory(), uid: s.uid, mode: s.mode & 0o7777 });
      if (!readable) return;
    }
    if (!s.isDirectory() || depth > 4 || NO_DESCEND.has(basename(p))) return;
    let entries: string[];
    try {
      entries = await readdir(p);
    } catch {
      return;
    }
    for (const e of entries) {
      if (depth === 0 && SKIP.has(e)) continue;
      // What a heal moved aside (root-owned, dated names): neither docker nor buildx reads it.
      if (ASIDE_NAME.test(e)) continue;
      await visit(join(p, e), depth + 1);
    }
  };
  await visit(paths.configDir, 0);
  // BUILDX_CONFIG may live outside the config dir.
  if (!paths.buildxDir.startsWith(`${paths.configDir}/`)) await visit(paths.buildxDir, 1);
  return out;
}
