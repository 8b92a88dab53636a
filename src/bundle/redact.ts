/**
 * Redaction: credentials never leave the machine. Docker's config.json keeps its shape (so a
 * restore can put the user's own settings back) with every secret value replaced by a marker;
 * context metadata loses TLS data and password fields outright. Each redaction is recorded as
 * a JSON path so the manifest says exactly what was left out.
 */

export const REDACTED = '<redacted>';

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /token|password|passwd|secret|authorization/i;
/** Keys inside an `auths` entry that hold credentials. */
const AUTH_KEYS = new Set(['auth', 'identitytoken', 'registrytoken', 'password']);
/** Context metadata keys that carry TLS material or credentials: dropped, never marked. */
const CONTEXT_DROP = /password|token|secret|^tls|tlsdata|tlsmaterial|^(ca|cert|key)(data|pem)?$/i;

export interface Redacted {
  /** The redacted document, serialised as the original was (2-space JSON). */
  content: string;
  /** JSON paths of the fields redacted or dropped, e.g. `auths["ghcr.io"].auth`. */
  fields: string[];
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? parent === ''
      ? key
      : `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Replaces secret values by REDACTED (config.json style); returns the fields touched. */
function markSecrets(value: unknown, path: string, fields: string[], inAuths: boolean): unknown {
  if (Array.isArray(value)) return value.map((v, i) => markSecrets(v, `${path}[${i}]`, fields, false));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = childPath(path, k);
    const secret = SECRET_KEY.test(k) || (inAuths && AUTH_KEYS.has(k.toLowerCase()));
    if (secret && v !== '' && v !== null && v !== undefined) {
      out[k] = REDACTED;
      fields.push(p);
    } else if (path === 'auths' || (path === '' && k === 'auths')) {
      // Entries of `auths` are registries; their children are credential fields.
      out[k] = markSecrets(v, p, fields, path === 'auths');
    } else {
      out[k] = markSecrets(v, p, fields, false);
    }
  }
  return out;
}

/**
 * `~/.docker/config.json`: `auths` credentials and every `*token*`/`*password*` field become
 * REDACTED. `credsStore`/`credHelpers` name helpers and are kept: the helpers are never run,
 * so their output never enters a bundle. Throws when the file is not JSON (the caller omits it:
 * an unparsable file cannot be redacted safely).
 */
export function redactDockerConfig(text: string): Redacted {
  const doc: unknown = JSON.parse(text);
  const fields: string[] = [];
  const out = markSecrets(doc, '', fields, false);
  return { content: serializeLike(text, out), fields };
}

/**
 * JSON written the way the original was: the docker CLI writes config.json indented with tabs and
 * no final newline; keeping that makes a restored file byte for byte what it was.
 */
function serializeLike(original: string, doc: unknown): string {
  const lines = original.split('\n');
  const indented = lines.find((l, i) => i > 0 && /^\s+\S/.test(l));
  const indent =
    indented === undefined
      ? original.trim().includes('\n')
        ? 2
        : 0
      : indented.startsWith('\t')
        ? '\t'
        : (/^ +/.exec(indented)?.[0].length ?? 2);
  const body = indent === 0 ? JSON.stringify(doc) : JSON.stringify(doc, null, indent);
  return original.endsWith('\n') ? body + '\n' : body;
}

function dropMatching(value: unknown, path: string, fields: string[], drop: RegExp): unknown {
  if (Array.isArray(value)) return value.map((v, i) => dropMatching(v, `${path}[${i}]`, fields, drop));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = childPath(path, k);
    // SkipTLSVerify is a setting, not material: keep it.
    if (drop.test(k) && k !== 'SkipTLSVerify') {
      fields.push(p);
      continue;
    }
    out[k] = dropMatching(v, p, fields, drop);
  }
  return out;
}

/** A context's `meta.json`: keeps the endpoint hosts, drops TLS data and password/token fields. */
export function redactContextMeta(text: string): Redacted {
  const doc: unknown = JSON.parse(text);
  const fields: string[] = [];
  const out = dropMatching(doc, '', fields, CONTEXT_DROP);
  return { content: JSON.stringify(out) + '\n', fields };
}

/**
 * Buildx state files (instances, defaults): driver options may carry secrets (`env.*TOKEN*`),
 * marked REDACTED. Returns the original text unchanged when nothing was secret, so ordinary
 * state files restore byte for byte.
 */
export function redactStateJson(text: string): Redacted {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Not JSON (a broken state file is evidence too): kept as is, there is nothing to parse.
    return { content: text, fields: [] };
  }
  const fields: string[] = [];
  const out = markSecrets(doc, '', fields, false);
  return fields.length === 0 ? { content: text, fields } : { content: JSON.stringify(out) + '\n', fields };
}

/** Reads a JSON path made by `childPath` back into keys. */
export function parseJsonPath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(path)) !== null) {
    if (m.index !== pos) throw new Error(`bad JSON path ${path}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[3] !== undefined) keys.push(JSON.parse(m[3]) as string);
  }
  if (pos !== path.length) throw new Error(`bad JSON path ${path}`);
  return keys;
}

function getAt(doc: unknown, keys: (string | number)[]): { found: boolean; value?: unknown } {
  let cur: unknown = doc;
  for (const k of keys) {
    if (typeof k === 'number' ? !Array.isArray(cur) : !isObject(cur)) return { found: false };
    const c = cur as Record<string | number, unknown>;
    if (!(k in c)) return { found: false };
    cur = c[k];
  }
  return { found: true, value: cur };
}

/**
 * Restoring a redacted file must never write the marker over a real secret: each redacted field
 * takes the value the file on disk has now, or is removed when there is none.
 */
export function mergeRedacted(backup: string, current: string | undefined, fields: string[]): string {
  const doc: unknown = JSON.parse(backup);
  let cur: unknown;
  try {
    cur = current === undefined ? undefined : JSON.parse(current);
  } catch {
    cur = undefined;
  }
  for (const f of fields) {
    const keys = parseJsonPath(f);
    const last = keys[keys.length - 1];
    const parent = getAt(doc, keys.slice(0, -1));
    if (last === undefined || !parent.found || (!isObject(parent.value) && !Array.isArray(parent.value))) continue;
    const holder = parent.value as Record<string | number, unknown>;
    if (holder[last] !== REDACTED) continue;
    const now = getAt(cur, keys);
    if (now.found && now.value !== REDACTED) holder[last] = now.value;
    else delete holder[last];
  }
  return serializeLike(backup, doc);
}
