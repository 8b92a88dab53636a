/** `state.invalid-instance`, `state.invalid-current`, `state.current-missing`: buildx's files on disk. */
import { basename } from 'node:path';
import type { Finding } from '../core/types.js';
import type { Check, Facts } from './types.js';
import { cmd, file, finding } from './util.js';

const removeFile = (path: string, why: string) => ({
  action: 'state.remove-file',
  description: `Remove ${path} (${why})`,
  target: path,
  automatic: true,
});

/** The builder name a `current` file points at; '' for the context's own builder; undefined if unreadable. */
function currentName(content: string | undefined): string | undefined {
  if (content === undefined) return undefined;
  try {
    const v = JSON.parse(content) as { Name?: unknown };
    return typeof v?.Name === 'string' ? v.Name : undefined;
  } catch {
    return undefined;
  }
}

/** Names buildx can resolve: listed builders, instance files, docker contexts and `default`. */
export function knownBuilderNames(facts: Facts): Set<string> {
  const s = new Set<string>(['default']);
  for (const b of facts.builders) s.add(b.name.toLowerCase());
  for (const f of facts.instanceFiles) s.add(basename(f.path).toLowerCase());
  for (const c of facts.contexts ?? []) s.add(c.toLowerCase());
  return s;
}

export const stateCheck: Check = {
  id: 'state',
  title: 'buildx state files are valid',
  run({ facts }) {
    const out: Finding[] = [];
    const lsEv = facts.ls ? [cmd(facts.ls.result)] : [];
    for (const f of facts.instanceFiles) {
      const err = f.parseError ?? f.readError;
      if (err === undefined) continue;
      out.push(
        finding(
          'state.invalid-instance',
          'error',
          f.path,
          `Instance file ${f.path} is not valid JSON (${err}): every \`docker buildx ls\` fails on it.`,
          [file(f), ...lsEv],
          {
            repair: removeFile(f.path, 'corrupted builder definition'),
          },
        ),
      );
    }
    const cur = facts.currentFile;
    if (cur && (cur.parseError ?? cur.readError) !== undefined) {
      out.push(
        finding(
          'state.invalid-current',
          'error',
          cur.path,
          `The current-builder file ${cur.path} cannot be read (${cur.parseError ?? cur.readError ?? ''}).`,
          [file(cur), ...lsEv],
          {
            repair: removeFile(cur.path, 'corrupted current-builder pointer; buildx falls back to the default builder'),
          },
        ),
      );
    } else if (cur?.content !== undefined) {
      const name = currentName(cur.content);
      if (name !== undefined && name !== '' && !knownBuilderNames(facts).has(name.toLowerCase())) {
        // buildx falls back to the context's builder silently: builds work, on another builder than meant.
        out.push(
          finding(
            'state.current-missing',
            'warning',
            cur.path,
            `The current-builder file names ${name}, which does not exist; buildx silently uses the context's builder instead.`,
            [file(cur), ...lsEv],
            {
              repair: removeFile(cur.path, `names the missing builder ${name}`),
            },
          ),
        );
      }
    }
    return out;
  },
};
