/** Parsers for `docker buildx ls`: `--format json` (buildx >= 0.13) and the table of every version. */
import type { Builder, BuilderNode, BuilderStatus } from '../../core/types.js';
import type { LsResult } from './types.js';

type Obj = Record<string, unknown>;

const STATUSES: readonly BuilderStatus[] = ['running', 'inactive', 'stopped', 'error', 'unknown'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** buildx also says `starting`/`stopping`; anything outside the known set is `unknown`. */
export function toStatus(s: string | undefined): BuilderStatus {
  const v = (s ?? '').trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(v) ? (v as BuilderStatus) : 'unknown';
}

/** A builder is in error when it or any node is; else running when any node runs. */
function deriveStatus(builderError: string | undefined, nodes: BuilderNode[]): BuilderStatus {
  if (builderError !== undefined || nodes.some((n) => n.status === 'error' || n.error !== undefined)) return 'error';
  if (nodes.some((n) => n.status === 'running')) return 'running';
  return nodes[0]?.status ?? 'unknown';
}

interface StderrFacts {
  errors: string[];
  builderErrors: Map<string, string>;
  nodeErrors: Map<string, string>;
}

const CANNOT_LOAD = /^Cannot load builder (\S+?):\s*(.*)$/;
const FAILED_STATUS = /^Failed to get status for (\S+) \((.*?)\):\s*(.*)$/;

/**
 * buildx writes per-builder failures after the table (`Cannot load builder X: ...`,
 * `Failed to get status for X (NODE): ...`) and fatal ones as `ERROR: ...`. Every such line is kept.
 */
function readStderr(stderr: string | undefined): StderrFacts {
  const facts: StderrFacts = { errors: [], builderErrors: new Map(), nodeErrors: new Map() };
  for (const raw of (stderr ?? '').split('\n')) {
    const line = raw.trim();
    if (line === '' || /^WARNING\b/i.test(line)) continue;
    if (!facts.errors.includes(line)) facts.errors.push(line);
    const load = CANNOT_LOAD.exec(line);
    if (load?.[1] !== undefined) facts.builderErrors.set(load[1], load[2] ?? '');
    const failed = FAILED_STATUS.exec(line);
    if (failed?.[1] !== undefined) facts.nodeErrors.set(`${failed[1]}/${failed[2] ?? ''}`, failed[3] ?? '');
  }
  return facts;
}

function applyStderr(builders: Builder[], facts: StderrFacts): void {
  for (const b of builders) {
    const be = facts.builderErrors.get(b.name);
    if (be !== undefined && b.error === undefined) b.error = be;
    for (const n of b.nodes) {
      const ne = facts.nodeErrors.get(`${b.name}/${n.name}`);
      if (ne !== undefined) {
        n.error ??= ne;
        n.status = 'error';
      }
    }
    b.status = deriveStatus(b.error, b.nodes);
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

function jsonNode(o: Obj): BuilderNode {
  const error = str(o.Err);
  const node: BuilderNode = {
    name: str(o.Name) ?? '',
    endpoint: str(o.Endpoint) ?? '',
    status: error !== undefined ? 'error' : toStatus(str(o.Status)),
    platforms: strings(o.Platforms),
  };
  if (error !== undefined) node.error = error;
  const version = str(o.Version);
  if (version !== undefined) node.buildkitVersion = version;
  const flags = strings(o.Flags);
  if (flags.length > 0) node.flags = flags;
  return node;
}

function jsonBuilder(o: Obj): Builder {
  // A builder that failed to load still has a placeholder node with empty name and endpoint.
  const nodes = (Array.isArray(o.Nodes) ? o.Nodes.filter(isObj) : [])
    .map(jsonNode)
    .filter((n) => n.name !== '' || n.endpoint !== '' || n.error !== undefined);
  const error = str(o.Err);
  const b: Builder = {
    name: str(o.Name) ?? '',
    driver: str(o.Driver) ?? '',
    current: o.Current === true,
    status: deriveStatus(error, nodes),
    nodes,
  };
  if (error !== undefined) b.error = error;
  if (typeof o.Dynamic === 'boolean') b.dynamic = o.Dynamic;
  return b;
}

/** Splits concatenated JSON values: buildx prints one object a line, but tolerate any whitespace. */
function jsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    out.push(JSON.parse(t) as unknown);
  }
  return out;
}

/** `docker buildx ls --format json`: one builder object a line; 0.13 prints some builders twice. */
export function parseLsJson(stdout: string, stderr?: string): LsResult {
  let values: unknown[];
  try {
    values = jsonValues(stdout);
  } catch (e) {
    throw new Error(`buildx ls --format json: output is not JSON lines: ${(e as Error).message}`, { cause: e });
  }
  const builders: Builder[] = [];
  for (const v of values) {
    if (!isObj(v) || typeof v.Name !== 'string') {
      throw new Error(`buildx ls --format json: a line is not a builder object: ${JSON.stringify(v).slice(0, 120)}`);
    }
    const b = jsonBuilder(v);
    const seen = builders.findIndex((x) => x.name === b.name);
    if (seen === -1) builders.push(b);
    else if (b.current) (builders[seen] as Builder).current = true;
  }
  const facts = readStderr(stderr);
  applyStderr(builders, facts);
  return { builders, errors: facts.errors, format: 'json' };
}

interface Column {
  start: number;
  end: number;
}

/** Column spans from the header: tabwriter pads every cell of a column to the same width. */
function headerColumns(header: string): Column[] {
  const starts: number[] = [];
  const re = /\S+/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) starts.push(m.index);
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? Number.MAX_SAFE_INTEGER }));
}

/**
 * A row's cells at the header's column starts. buildx 0.13+ prints a node's endpoint one column to
 * the right of the header, so a start that lands inside a word moves back to that word's start.
 */
function cells(line: string, cols: Column[]): string[] {
  const at = (i: number): number => {
    let p = Math.min(i, line.length);
    while (p > 0 && p < line.length && /\S/.test(line[p - 1] ?? '') && /\S/.test(line[p] ?? '')) p--;
    return p;
  };
  return cols.map((c) => line.slice(at(c.start), at(c.end)).trim());
}

/** Node rows are indented (`  node0` in 0.10-0.12, ` \_ node0` in 0.13+); builder rows are not. */
function isNodeRow(line: string): boolean {
  return /^\s/.test(line);
}

function stripTree(cell: string): string {
  return cell.replace(/^\\_\s*/, '').trim();
}

/** `docker buildx ls` table: 0.10-0.12 (`name *`, indented nodes) and 0.13+ (`name*`, `\_` tree). */
export function parseLsTable(stdout: string, stderr?: string): LsResult {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const headerIdx = lines.findIndex((l) => /^NAME\/NODE\s+DRIVER\/ENDPOINT\s+STATUS/.test(l));
  const facts = readStderr(stderr);
  if (headerIdx === -1) {
    // No table at all: acceptable only when buildx failed before printing one (`ERROR: ...`).
    if (lines.length === 0 && facts.errors.length > 0) return { builders: [], errors: facts.errors, format: 'table' };
    throw new Error(`buildx ls: no NAME/NODE header in output: ${JSON.stringify(stdout.slice(0, 120))}`);
  }
  const cols = headerColumns(lines[headerIdx] as string);
  const builders: Builder[] = [];
  for (const line of lines.slice(headerIdx + 1)) {
    const [c0 = '', c1 = '', c2 = '', c3 = '', c4 = ''] = cells(line, cols);
    if (!isNodeRow(line)) {
      const current = /\*$/.test(c0);
      const name = c0.replace(/\s*\*$/, '');
      const b: Builder = { name, driver: c1, current, status: 'unknown', nodes: [] };
      // A builder that failed to load has `error` in its own STATUS cell and no node rows.
      if (c2 === 'error') b.error = 'error (buildx printed no reason on stderr)';
      builders.push(b);
      continue;
    }
    const owner = builders.at(-1);
    if (owner === undefined) continue;
    const node: BuilderNode = {
      name: stripTree(c0),
      endpoint: stripTree(c1),
      status: toStatus(c2),
      platforms: c4
        .split(',')
        // `*` marks platforms set by the user; 0.14+ folds variants as `linux/amd64 (+4)`.
        .map((p) =>
          p
            .trim()
            .replace(/\s*\(\+\d+\)$/, '')
            .replace(/\*$/, ''),
        )
        .filter((p) => p !== ''),
    };
    if (c3 !== '') node.buildkitVersion = c3;
    const marked = c4
      .split(',')
      .map((p) => p.trim().replace(/\s*\(\+\d+\)$/, ''))
      .filter((p) => p.endsWith('*'))
      .map((p) => p.replace(/\*$/, ''));
    if (marked.length > 0) node.userPlatforms = marked;
    owner.nodes.push(node);
  }
  for (const b of builders) {
    const loadError = facts.builderErrors.get(b.name);
    if (loadError !== undefined) b.error = loadError;
    b.status = deriveStatus(b.error, b.nodes);
  }
  applyStderr(builders, facts);
  return { builders, errors: facts.errors, format: 'table' };
}
