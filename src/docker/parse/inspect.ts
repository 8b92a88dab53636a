/** Parser for the text of `docker buildx inspect [NAME]`, buildx 0.10 to today. */
import type { BuilderStatus } from '../../core/types.js';
import { toStatus } from './ls.js';
import type { GcPolicy, InspectNode, InspectResult } from './types.js';

/** `Key:   value` at the start of a line (keys have letters, spaces and `#`: `GC Policy rule#0`). */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9 #._-]*?):(?:\s+(.*))?$/;

interface Line {
  key: string;
  value: string;
}

function keyLine(line: string): Line | undefined {
  const m = KEY_LINE.exec(line);
  return m?.[1] === undefined ? undefined : { key: m[1].trim(), value: (m[2] ?? '').trim() };
}

/** `image="moby/buildkit" env.X="a b"` (Go %q values) into a record; a bare `k=v` is kept too. */
export function parseDriverOptions(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const key = m[1] ?? '';
    let value = m[3] ?? m[2] ?? '';
    if (m[2] !== undefined) {
      try {
        value = JSON.parse(`"${m[2]}"`) as string;
      } catch {
        value = m[2];
      }
    }
    out[key] = value;
  }
  return out;
}

/** Indented ` key: value` lines of a section; the key runs to the last `:` followed by spaces. */
function sectionPair(line: string, splitAtLast: boolean): Line | undefined {
  const t = line.trim();
  const re = /:(\s+|$)/g;
  let idx = -1;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    idx = m.index;
    if (!splitAtLast) break;
  }
  if (idx <= 0) return undefined;
  return { key: t.slice(0, idx).trim(), value: t.slice(idx + 1).trim() };
}

function newNode(name: string): InspectNode {
  return {
    name,
    endpoint: '',
    status: 'unknown',
    platforms: [],
    driverOptions: {},
    labels: {},
    gcPolicy: [],
    features: {},
    devices: [],
  };
}

function splitList(v: string, sep: RegExp): string[] {
  return v
    .split(sep)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function gcField(rule: GcPolicy, key: string, value: string): void {
  switch (key.toLowerCase()) {
    case 'all':
      rule.all = value === 'true';
      break;
    case 'filters':
      rule.filters = splitList(value, /,/);
      break;
    case 'keep duration':
      rule.keepDuration = value;
      break;
    case 'keep bytes':
      rule.keepBytes = value;
      break;
    case 'reserved space':
      rule.reservedSpace = value;
      break;
    case 'max used space':
      rule.maxUsedSpace = value;
      break;
    case 'min free space':
      rule.minFreeSpace = value;
      break;
    default:
      // A field a newer buildx adds: ignored.
      break;
  }
}

type Section = 'labels' | 'gc' | 'features' | 'devices' | 'other' | undefined;

/** The last `ERROR: ...` line of stderr (buildx's fatal error), without the prefix. */
function stderrError(stderr: string | undefined): string | undefined {
  const lines = (stderr ?? '').split('\n').filter((l) => l.startsWith('ERROR:'));
  const last = lines.at(-1);
  return last === undefined ? undefined : last.slice('ERROR:'.length).trim();
}

/**
 * Builder fields come first, then `Nodes:` and one block per node, each starting with `Name:`.
 * Sections (`Labels:`, `GC Policy rule#N:`, `Features:`, `Devices:`) hold indented lines.
 * When buildx failed before printing anything (`ERROR: ...` on stderr), the result carries that
 * error with an empty name, so a caller still gets the reason.
 */
export function parseInspect(stdout: string, stderr?: string): InspectResult {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  const c = new InspectCursor();
  for (const raw of lines) {
    if (raw.trim() === '') c.section = undefined;
    else if (/^\s/.test(raw)) c.sectionLine(raw);
    else {
      const kv = keyLine(raw);
      if (kv !== undefined) c.keyLine(kv.key, kv.value);
    }
  }
  c.finishNode();
  if (!c.sawName) {
    const err = stderrError(stderr);
    if (err !== undefined) return { name: '', driver: '', error: err, nodes: [] };
    throw new Error(`buildx inspect: no Name: line in output: ${JSON.stringify(stdout.slice(0, 120))}`);
  }
  return c.result;
}

/** Where parseInspect is in the output: builder or nodes, the node and section in hand. */
class InspectCursor {
  readonly result: InspectResult = { name: '', driver: '', nodes: [] };
  sawName = false;
  section: Section;
  private inNodes = false;
  private node: InspectNode | undefined;
  private rule: GcPolicy | undefined;
  private nodeStatusSeen = false;
  private deviceIndent: number | undefined;

  finishNode(): void {
    const node = this.node;
    if (node === undefined) return;
    if (node.error !== undefined) node.status = 'error';
    else if (!this.nodeStatusSeen) node.status = 'unknown';
    this.result.nodes.push(node);
    this.node = undefined;
  }

  /** An indented line: a field of the section in hand. */
  sectionLine(raw: string): void {
    const node = this.node;
    if (node === undefined) return;
    if (this.section === 'labels') {
      const p = sectionPair(raw, false);
      if (p) node.labels[p.key] = p.value;
    } else if (this.section === 'gc' && this.rule) {
      const p = sectionPair(raw, false);
      if (p) gcField(this.rule, p.key, p.value);
    } else if (this.section === 'features') {
      const p = sectionPair(raw, true);
      if (p) node.features[p.key] = p.value === 'true';
    } else if (this.section === 'devices') {
      // buildx prints each device's fields one tab deep and its annotations two deep
      // (`\t\tKEY:\tVALUE`): only a `Name` at the device level starts a device, an annotation
      // keyed `Name` does not.
      const indent = raw.length - raw.trimStart().length;
      this.deviceIndent ??= indent;
      const p = sectionPair(raw, false);
      if (p && p.key === 'Name' && indent <= this.deviceIndent) node.devices.push(p.value);
    }
  }

  /** A `Key: value` line at the left margin: a builder field, `Nodes:`, or a node's field. */
  keyLine(key: string, value: string): void {
    this.section = undefined;
    if (key === 'Nodes') {
      this.inNodes = true;
      return;
    }
    if (!this.inNodes) {
      if (key === 'Name') {
        this.result.name = value;
        this.sawName = true;
      } else if (key === 'Driver') this.result.driver = value;
      else if (key === 'Last Activity') this.result.lastActivity = value;
      else if (key === 'Error') this.result.error = value;
      return;
    }
    if (key === 'Name') {
      this.finishNode();
      this.node = newNode(value);
      this.nodeStatusSeen = false;
      return;
    }
    if (this.node !== undefined) this.nodeField(this.node, key, value);
  }

  private nodeField(node: InspectNode, key: string, value: string): void {
    switch (key) {
      case 'Endpoint':
        node.endpoint = value;
        break;
      case 'Status':
        node.status = toStatus(value) satisfies BuilderStatus;
        this.nodeStatusSeen = true;
        break;
      case 'Error':
        node.error = value;
        break;
      case 'Buildkit':
      case 'BuildKit version':
        if (value !== '') node.buildkitVersion = value;
        break;
      case 'Flags':
      case 'BuildKit daemon flags':
        node.flags = splitList(value, /\s+/);
        break;
      case 'Platforms':
        // `*` marks platforms set with `buildx create --platform`: kept apart, so a builder is
        // re-created with what the user set, not every platform the node supports.
        node.platforms = splitList(value, /,/).map((p) => p.replace(/\*$/, ''));
        if (value.includes('*'))
          node.userPlatforms = splitList(value, /,/)
            .filter((p) => p.endsWith('*'))
            .map((p) => p.replace(/\*$/, ''));
        break;
      case 'Driver Options':
        node.driverOptions = parseDriverOptions(value);
        break;
      default:
        this.startSection(node, key);
    }
  }

  /** `Labels:`, `Features:`, `Devices:`, `GC Policy rule#N:` open a section; another key an ignored one. */
  private startSection(node: InspectNode, key: string): void {
    if (key === 'Labels') this.section = 'labels';
    else if (key === 'Features') this.section = 'features';
    else if (key === 'Devices') {
      this.section = 'devices';
      this.deviceIndent = undefined;
    } else if (/^GC Policy rule#\d+$/.test(key)) {
      this.rule = { filters: [] };
      node.gcPolicy.push(this.rule);
      this.section = 'gc';
    } else {
      this.section = 'other';
    }
  }
}
