/**
 * A builder-state entry is a tar stream (`docker cp <container>:/var/lib/buildkit -`) that a
 * rollback gives to `docker cp -`, which unpacks it inside a container onto the builder's state
 * volume. It is hostile data like the rest of a bundle: every entry of the stream is checked first
 * against the containment rule of src/bundle/contain.ts, and one bad entry refuses the whole state
 * (half a BuildKit state database is worse than none).
 */
import { createReadStream } from 'node:fs';
import * as tar from 'tar';
import { pathProblem } from './contain.js';

/** The one directory a state stream may hold: `buildkit/`, unpacked under /var/lib. */
const STATE_TOP = 'buildkit';

/** Entry types a state stream may carry (regular files, directories, links, BuildKit's whiteouts). */
const ALLOWED = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link', 'CharacterDevice']);

export interface StateEntry {
  path: string;
  type: string;
  linkpath?: string;
}

/** `buildkit/a/b/` as the absolute path it takes in the container (`/var/lib/buildkit/a/b`), checked. */
function placed(p: string): { abs: string } | { problem: string } {
  const rel = p.replace(/\/+$/, '');
  if (rel !== STATE_TOP && !rel.startsWith(`${STATE_TOP}/`))
    return { problem: `${JSON.stringify(p)} is not under ${STATE_TOP}/` };
  const abs = `/var/lib/${rel}`;
  const bad = pathProblem(abs);
  return bad === undefined ? { abs } : { problem: `${JSON.stringify(p)} ${bad}` };
}

/**
 * Pure check of one entry, given the symlinks seen so far in the stream: why it may not be
 * unpacked, or undefined. Block devices, FIFOs and unknown types are refused; a path or a hard
 * link's target must stay under `buildkit/` and may not pass through a symlink of the stream.
 */
export function stateEntryProblem(e: StateEntry, symlinks: Set<string>): string | undefined {
  const where = placed(e.path);
  if ('problem' in where) return where.problem;
  if (!ALLOWED.has(e.type)) return `${JSON.stringify(e.path)} is a ${e.type}, which a builder state never needs`;
  const parts = where.abs.split('/');
  for (let i = 2; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    if (symlinks.has(parent)) return `${JSON.stringify(e.path)} lies below the symlink ${parent} of the same stream`;
  }
  if (e.type === 'Link') {
    const target = placed(e.linkpath ?? '');
    if ('problem' in target) return `hard link ${JSON.stringify(e.path)}: target ${target.problem}`;
  }
  return undefined;
}

/** Reads the whole stream and returns the first problem (or that it is not a tar), or undefined. */
export async function stateTarProblem(file: string): Promise<string | undefined> {
  const symlinks = new Set<string>();
  let problem: string | undefined;
  let entries = 0;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (e) => {
      entries += 1;
      if (problem === undefined) {
        const entry: StateEntry = { path: e.path, type: e.type };
        if (e.linkpath !== undefined && e.linkpath !== '') entry.linkpath = e.linkpath;
        problem = stateEntryProblem(entry, symlinks);
        if (problem === undefined && e.type === 'SymbolicLink') symlinks.add(`/var/lib/${e.path.replace(/\/+$/, '')}`);
      }
      e.resume();
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('error', reject);
      parser.on('end', () => resolve());
      const input = createReadStream(file);
      input.on('error', reject);
      input.pipe(parser);
    });
  } catch (e) {
    return `not a readable tar stream: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (problem !== undefined) return problem;
  if (entries === 0) return 'an empty tar stream';
  return undefined;
}
