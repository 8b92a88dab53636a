/** The state files read with fs: buildx instances, `current`, contexts, daemon.json, buildkitd.toml. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { errorMessage } from '../../core/errors.js';
import type { StateFile } from '../../checks/types.js';
import type { InstanceFile } from '../../docker/parse/types.js';

export async function readStateFile(path: string, json: boolean): Promise<StateFile | undefined> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { path, readError: errorMessage(e) };
  }
  const f: StateFile = { path, content };
  if (json) {
    try {
      JSON.parse(content);
    } catch (e) {
      f.parseError = content.length === 0 ? 'empty file' : errorMessage(e);
    }
  }
  return f;
}

export async function readStateDir(dir: string): Promise<StateFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const files = await Promise.all(names.map((n) => readStateFile(join(dir, n), true)));
  return files.filter((f): f is StateFile => f !== undefined);
}

export async function readFirstDaemonJson(paths: string[]): Promise<StateFile | undefined> {
  for (const p of paths) {
    const f = await readStateFile(p, true);
    if (f === undefined) continue;
    if (f.parseError === undefined && f.content !== undefined) {
      const v: unknown = JSON.parse(f.content);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) f.parseError = 'daemon.json must hold a JSON object';
    }
    return f;
  }
  return undefined;
}

export async function readTomlFile(path: string): Promise<StateFile> {
  const f = (await readStateFile(path, false)) ?? { path, readError: 'file not found' };
  if (f.content !== undefined) checkToml(f);
  return f;
}

function checkToml(f: StateFile): void {
  try {
    parseToml(f.content ?? '');
  } catch (e) {
    f.parseError = errorMessage(e).split('\n')[0] ?? 'invalid TOML';
  }
}

/** An instance file already known to parse; anything but an object reads as empty. */
export function instanceJson(content: string): Record<string, unknown> {
  const v: unknown = JSON.parse(content);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** buildkitd.toml files builders carry: instance `Nodes[].Files` holds them base64-encoded. */
export function instanceTomls(instances: StateFile[]): StateFile[] {
  const out: StateFile[] = [];
  for (const f of instances) {
    if (f.parseError !== undefined || f.content === undefined) continue;
    const ng = instanceJson(f.content) as InstanceFile;
    for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : []) {
      for (const [name, b64] of Object.entries(n.Files ?? {})) {
        if (!name.endsWith('.toml') || typeof b64 !== 'string') continue;
        const t: StateFile = {
          path: `${f.path}#${n.Name ?? ''}/${name}`,
          content: Buffer.from(b64, 'base64').toString('utf8'),
        };
        checkToml(t);
        out.push(t);
      }
    }
  }
  return out;
}

export async function readContextNames(metaDir: string): Promise<string[]> {
  let dirs: string[];
  try {
    dirs = await readdir(metaDir);
  } catch {
    return [];
  }
  const names = await Promise.all(
    dirs.map(async (d) => {
      try {
        const m = JSON.parse(await readFile(join(metaDir, d, 'meta.json'), 'utf8')) as { Name?: unknown };
        return typeof m.Name === 'string' ? m.Name : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return names.filter((n): n is string => n !== undefined).sort();
}
