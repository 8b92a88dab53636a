/** Parser for `docker buildx build --progress=rawjson` output. */
import type { ProgressVertex, RawJsonProgress } from './types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

interface Chunk {
  kind: 'json' | 'text';
  text: string;
}

/**
 * Splits a stream of JSON objects (buildx 0.13 pretty-prints them over many lines, newer versions
 * print one a line) from any text around them. An object starts with `{` at the start of a line
 * and ends where the brace depth, outside strings, returns to zero.
 */
export function splitJsonStream(text: string): { chunks: Chunk[]; truncated: boolean } {
  const chunks: Chunk[] = [];
  let i = 0;
  let textStart = 0;
  const n = text.length;
  while (i < n) {
    if (text[i] !== '{' || !/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) {
      i++;
      continue;
    }
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < n; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= n) {
      if (textStart < i) chunks.push({ kind: 'text', text: text.slice(textStart, i) });
      return { chunks, truncated: true };
    }
    if (textStart < i) chunks.push({ kind: 'text', text: text.slice(textStart, i) });
    chunks.push({ kind: 'json', text: text.slice(i, j + 1) });
    i = j + 1;
    textStart = i;
  }
  if (textStart < n) chunks.push({ kind: 'text', text: text.slice(textStart) });
  return { chunks, truncated: false };
}

function decode(b64: unknown): string {
  return typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('utf8') : '';
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b < a ? b : a;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b > a ? b : a;
}

function merge(into: ProgressVertex, v: Obj): void {
  const name = str(v.name);
  if (name !== undefined) into.name = name;
  if (v.cached === true) into.cached = true;
  const started = earliest(into.started, str(v.started));
  if (started !== undefined) into.started = started;
  const completed = latest(into.completed, str(v.completed));
  if (completed !== undefined) into.completed = completed;
  const error = str(v.error);
  if (error !== undefined) into.error = error;
}

/** Vertices merged by digest, decoded logs and warnings, vertex errors and trailing `ERROR:` lines. */
export function parseRawJsonProgress(text: string): RawJsonProgress {
  const { chunks, truncated } = splitJsonStream(text);
  const byDigest = new Map<string, ProgressVertex>();
  const logs: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  let objects = 0;
  const addError = (e: string): void => {
    if (!errors.includes(e)) errors.push(e);
  };
  for (const chunk of chunks) {
    if (chunk.kind === 'text') {
      for (const line of chunk.text.split('\n')) if (line.startsWith('ERROR:')) addError(line.trim());
      continue;
    }
    let o: unknown;
    try {
      o = JSON.parse(chunk.text);
    } catch {
      // Balanced braces but not JSON: text that happened to start with `{`.
      continue;
    }
    if (!isObj(o)) continue;
    objects++;
    for (const v of arr(o.vertexes)) {
      const digest = str(v.digest);
      if (digest === undefined) continue;
      let vertex = byDigest.get(digest);
      if (vertex === undefined) {
        vertex = { digest, name: '', cached: false };
        byDigest.set(digest, vertex);
      }
      merge(vertex, v);
    }
    for (const l of arr(o.logs)) {
      const lines = decode(l.data)
        .replace(/\r?\n$/, '')
        .split(/\r?\n/);
      if (lines.length === 1 && lines[0] === '') continue;
      logs.push(...lines);
    }
    for (const w of arr(o.warnings)) {
      const short = decode(w.short).trim();
      if (short !== '') warnings.push(short);
    }
  }
  if (objects === 0 && errors.length === 0 && text.trim() !== '') {
    throw new Error(`rawjson progress: no JSON object in output: ${JSON.stringify(text.trim().slice(0, 120))}`);
  }
  const vertices = [...byDigest.values()];
  for (const v of vertices) if (v.error !== undefined) addError(v.error);
  // Vertex errors first (the cause), then buildx's own summary lines.
  errors.sort((a, b) => Number(a.startsWith('ERROR:')) - Number(b.startsWith('ERROR:')));
  const result: RawJsonProgress = { vertices, logs, errors, warnings };
  if (truncated) result.truncated = true;
  return result;
}
