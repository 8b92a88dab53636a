/** Parser for `docker buildx du` (table) and `docker buildx du --verbose` (records). */
import { parseSize } from '../../core/size.js';
import type { DuRecord, DuResult } from './types.js';

interface Totals {
  shared?: number;
  private?: number;
  reclaimable?: number;
  total?: number;
}

const TOTAL_KEYS: Record<string, keyof Totals> = {
  Shared: 'shared',
  Private: 'private',
  Reclaimable: 'reclaimable',
  Total: 'total',
};

/** `Key:<tabs or spaces>value`; keys are words with spaces (`Created at`, `Usage count`). */
const KV = /^([A-Z][A-Za-z ]*?):\s*(.*)$/;

/** Sizes in du output carry a trailing `*` (shared) in the table; go-units prints them decimal. */
function size(v: string): number {
  return parseSize(v.replace(/\*$/, ''));
}

function readTotal(totals: Totals, key: string, value: string): boolean {
  const k = TOTAL_KEYS[key];
  if (k === undefined) return false;
  totals[k] = size(value);
  return true;
}

function finish(records: DuRecord[], totals: Totals, format: 'verbose' | 'table'): DuResult {
  const sum = (f: (r: DuRecord) => boolean): number => records.filter(f).reduce((a, r) => a + r.size, 0);
  const result: DuResult = {
    records,
    // The printed totals are what buildx computed; sums of rounded record sizes are the fallback.
    totalBytes: totals.total ?? sum(() => true),
    reclaimableBytes: totals.reclaimable ?? sum((r) => r.reclaimable),
    sharedBytes: totals.shared ?? sum((r) => r.shared),
    format,
  };
  if (totals.private !== undefined) result.privateBytes = totals.private;
  return result;
}

function parseVerbose(lines: string[]): DuResult {
  const records: DuRecord[] = [];
  const totals: Totals = {};
  let block: [string, string][] = [];
  let lastKey = '';
  const flush = (): void => {
    if (block.length === 0) return;
    const id = block.find(([k]) => k === 'ID')?.[1];
    if (id === undefined) {
      for (const [k, v] of block) readTotal(totals, k, v);
    } else {
      records.push(record(id, block));
    }
    block = [];
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    // buildx >= 0.20 lists parents under `Parents:` as ` - ID` lines.
    const item = /^\s+-\s+(\S+)/.exec(line);
    if (item?.[1] !== undefined && lastKey === 'Parents') {
      block.push(['Parents', item[1]]);
      continue;
    }
    const kv = KV.exec(line);
    if (kv?.[1] === undefined) continue;
    // A totals line right after the last record, with no blank line between, starts the totals.
    if (kv[1] === 'Total' || kv[1] === 'Private') flush();
    lastKey = kv[1];
    if (kv[2] !== '' || kv[1] !== 'Parents') block.push([kv[1], kv[2] ?? '']);
  }
  flush();
  if (records.length === 0 && totals.total === undefined) {
    throw new Error('buildx du --verbose: no ID: records and no Total: line');
  }
  return finish(records, totals, 'verbose');
}

function record(id: string, block: [string, string][]): DuRecord {
  const get = (k: string): string | undefined => block.find(([key]) => key === k)?.[1];
  const parents = block
    .filter(([k]) => k === 'Parent' || k === 'Parents')
    .flatMap(([, v]) => v.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const reclaimable = get('Reclaimable') === 'true';
  const r: DuRecord = {
    id,
    parents,
    size: get('Size') !== undefined ? size(get('Size') ?? '0') : 0,
    reclaimable,
    shared: get('Shared') === 'true',
    inUse: !reclaimable,
  };
  const mutable = get('Mutable');
  if (mutable !== undefined) r.mutable = mutable === 'true';
  const createdAt = get('Created at');
  if (createdAt !== undefined) r.createdAt = createdAt;
  const lastUsed = get('Last used');
  if (lastUsed !== undefined) r.lastUsed = lastUsed;
  const usage = get('Usage count');
  if (usage !== undefined && /^\d+$/.test(usage)) r.usageCount = Number(usage);
  const type = get('Type');
  if (type !== undefined) r.type = type;
  const description = get('Description');
  if (description !== undefined) r.description = description;
  return r;
}

/** The table: `ID[*]  RECLAIMABLE  SIZE[*]  LAST ACCESSED`, then the totals. */
function parseTable(lines: string[]): DuResult {
  const records: DuRecord[] = [];
  const totals: Totals = {};
  let header = false;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (/^ID\s+RECLAIMABLE\s+SIZE/.test(line)) {
      header = true;
      continue;
    }
    const kv = KV.exec(line);
    if (kv?.[1] !== undefined && readTotal(totals, kv[1], kv[2] ?? '')) continue;
    if (!header) continue;
    const [rawId, reclaimable, rawSize, ...rest] = line.trim().split(/\s+/);
    if (rawId === undefined || rawSize === undefined || (reclaimable !== 'true' && reclaimable !== 'false')) continue;
    const r: DuRecord = {
      id: rawId.replace(/\*$/, ''),
      parents: [],
      size: size(rawSize),
      reclaimable: reclaimable === 'true',
      shared: rawSize.endsWith('*'),
      inUse: reclaimable !== 'true',
      mutable: rawId.endsWith('*'),
    };
    if (rest.length > 0) r.lastUsed = rest.join(' ');
    records.push(r);
  }
  if (!header && totals.total === undefined) {
    throw new Error('buildx du: no ID/RECLAIMABLE/SIZE header and no Total: line');
  }
  return finish(records, totals, 'table');
}

/** Either layout of `buildx du`; sizes become bytes. Throws when the text is neither. */
export function parseDu(stdout: string): DuResult {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  const verbose = lines.some((l) => /^ID:\s/.test(l));
  return verbose ? parseVerbose(lines) : parseTable(lines);
}
