/**
 * The backup bundle: ONE gzip tarball holding `manifest.json` and `files/NNNN`. The manifest is
 * versioned and lists every file with its original path, mode, size and SHA-256. Reading a bundle
 * checks everything (entry names and types, sizes, checksums, the manifest's schema) in a first
 * pass that writes nothing; extraction is a second pass that verifies again while it writes.
 */
import { createHash, randomBytes } from '../core/crypto.js';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Ajv } from 'ajv';
import * as tar from 'tar';
import { SafetyError, errorMessage } from '../core/errors.js';
import { TARGET_TIMEOUT_MS, pathProblem, placeFor, withTimeout, type AllowedRoots } from './contain.js';

export type { AllowedRoots } from './contain.js';

export const BUNDLE_FORMAT = 'buildkit-healer/backup';
export const BUNDLE_VERSION = 1;

export type FileKind =
  | 'instance'
  | 'current'
  | 'defaults'
  | 'activity'
  | 'context-meta'
  | 'buildkitd-toml'
  | 'daemon-json'
  | 'docker-config'
  | 'command-output'
  | 'cache-data'
  | 'builder-state';

const FILE_KINDS: FileKind[] = [
  'instance',
  'current',
  'defaults',
  'activity',
  'context-meta',
  'buildkitd-toml',
  'daemon-json',
  'docker-config',
  'command-output',
  'cache-data',
  'builder-state',
];

export interface BundleFile {
  /** Original absolute path; `cmd:<label>` for command output; `container:<name>:<dir>` for builder state. */
  path: string;
  /** Tar entry, `files/NNNN`. */
  entry: string;
  kind: FileKind;
  /** Permission bits (0-0o7777). */
  mode: number;
  size: number;
  sha256: string;
  /** JSON paths of fields redacted (config.json, state files) or dropped (context meta). */
  redacted?: string[];
  /** builder-state: the builder container the tar stream came from. */
  container?: string;
  /** builder-state: the builder it belongs to. */
  builder?: string;
}

export interface BundleNode {
  name: string;
  endpoint: string;
  platforms: string[];
  status: string;
  driverOptions: Record<string, string>;
  flags?: string[];
}

export interface BundleBuilder {
  name: string;
  driver: string;
  status: string;
  current: boolean;
  platforms: string[];
  driverOptions: Record<string, string>;
  nodes: BundleNode[];
  /** Path of the buildkitd.toml the builder was created with, when known. */
  buildkitdConfig?: string;
  /** True when backed by an instance file (false: a context builder, e.g. `default`). */
  dynamic?: boolean;
}

export interface BundleCommand {
  label: string;
  argv: string[];
  exitCode: number | null;
  stdoutEntry?: string;
  stderrEntry?: string;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  name: string;
  createdAt: string;
  host: { hostname: string; dockerHost: string };
  tool: { name: string; version: string };
  versions: { docker?: string; buildx?: string; buildkit?: string };
  currentBuilder?: string;
  builders: BundleBuilder[];
  files: BundleFile[];
  redactions: { path: string; fields: string[] }[];
  omitted: { path: string; reason: string }[];
  commands: BundleCommand[];
  /** Cache directories the store keeps beside the bundle (GitHub cache), not inside it. */
  externalCache?: string[];
  /** Made for the GitHub store: the repository, run and workflow it was made in (a rollback from
   * GitHub accepts it only from the repository it was taken from, see docs/backup-format.md). */
  github?: GitHubOrigin;
}

export interface GitHubOrigin {
  repository: string;
  runId: string;
  runAttempt?: string;
  workflow?: string;
}

const MANIFEST_ENTRY = 'manifest.json';
/** owner/name as GitHub spells them: an owner of letters, digits and hyphens; a name that is not `.` or `..`. */
export const GITHUB_REPO_RE = /^[A-Za-z0-9][A-Za-z0-9-]*\/(?!\.\.?$)[A-Za-z0-9_.-]+$/;
const ENTRY_RE = /^files\/\d{4,8}$/;
const SHA_RE = '^[0-9a-f]{64}$';

export interface Limits {
  /** Compressed archive size. */
  maxArchiveBytes: number;
  /** One entry's size. */
  maxEntryBytes: number;
  /** All entries together, decompressed. */
  maxTotalBytes: number;
  maxManifestBytes: number;
}

const DEFAULT_LIMITS: Limits = {
  maxArchiveBytes: 4 * 1024 ** 3,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
  maxManifestBytes: 16 * 1024 ** 2,
};

const str = { type: 'string' } as const;
const strMap = { type: 'object', additionalProperties: str } as const;
const manifestSchema = {
  type: 'object',
  required: [
    'format',
    'version',
    'name',
    'createdAt',
    'host',
    'tool',
    'versions',
    'builders',
    'files',
    'redactions',
    'omitted',
    'commands',
  ],
  additionalProperties: false,
  properties: {
    format: { const: BUNDLE_FORMAT },
    version: { const: BUNDLE_VERSION },
    name: { type: 'string', minLength: 1, maxLength: 256 },
    createdAt: str,
    host: { type: 'object', required: ['hostname', 'dockerHost'], properties: { hostname: str, dockerHost: str } },
    tool: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
    versions: { type: 'object', properties: { docker: str, buildx: str, buildkit: str }, additionalProperties: false },
    currentBuilder: str,
    builders: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'driver', 'status', 'current', 'platforms', 'driverOptions', 'nodes'],
        properties: {
          name: str,
          driver: str,
          status: str,
          current: { type: 'boolean' },
          dynamic: { type: 'boolean' },
          platforms: { type: 'array', items: str },
          driverOptions: strMap,
          buildkitdConfig: str,
          nodes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'endpoint', 'platforms', 'status', 'driverOptions'],
              properties: {
                name: str,
                endpoint: str,
                status: str,
                platforms: { type: 'array', items: str },
                driverOptions: strMap,
                flags: { type: 'array', items: str },
              },
            },
          },
        },
      },
    },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'entry', 'kind', 'mode', 'size', 'sha256'],
        additionalProperties: false,
        properties: {
          path: { type: 'string', minLength: 1, maxLength: 4096 },
          entry: { type: 'string', pattern: ENTRY_RE.source },
          kind: { enum: FILE_KINDS },
          mode: { type: 'integer', minimum: 0, maximum: 0o7777 },
          size: { type: 'integer', minimum: 0 },
          sha256: { type: 'string', pattern: SHA_RE },
          redacted: { type: 'array', items: str },
          container: str,
          builder: str,
        },
      },
    },
    redactions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'fields'],
        properties: { path: str, fields: { type: 'array', items: str } },
      },
    },
    omitted: {
      type: 'array',
      items: { type: 'object', required: ['path', 'reason'], properties: { path: str, reason: str } },
    },
    commands: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'argv', 'exitCode'],
        properties: {
          label: str,
          argv: { type: 'array', items: str },
          exitCode: { type: ['integer', 'null'] },
          stdoutEntry: { type: 'string', pattern: ENTRY_RE.source },
          stderrEntry: { type: 'string', pattern: ENTRY_RE.source },
        },
      },
    },
    externalCache: { type: 'array', items: str },
    github: {
      type: 'object',
      required: ['repository', 'runId'],
      additionalProperties: false,
      properties: {
        repository: { type: 'string', pattern: GITHUB_REPO_RE.source },
        runId: { type: 'string', pattern: '^[0-9]{1,20}$' },
        runAttempt: { type: 'string', pattern: '^[0-9]{1,6}$' },
        workflow: { type: 'string', maxLength: 1024 },
      },
    },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;
function validateSchema(doc: unknown): string | undefined {
  // Compiled on first use: nothing works on import.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(manifestSchema);
  if (validator(doc)) return undefined;
  return (validator.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
    .join('; ');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Semantic checks the schema cannot express. Throws SafetyError naming the entry. */
export function checkManifest(doc: unknown): Manifest {
  if (typeof doc !== 'object' || doc === null)
    throw new SafetyError('Bundle refused: manifest.json is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== BUNDLE_FORMAT)
    throw new SafetyError(
      `Bundle refused: unknown manifest format ${JSON.stringify(d.format)} (expected ${BUNDLE_FORMAT})`,
    );
  if (d.version !== BUNDLE_VERSION)
    throw new SafetyError(
      `Bundle refused: unsupported manifest version ${JSON.stringify(d.version)} (this tool reads version ${BUNDLE_VERSION})`,
    );
  const err = validateSchema(doc);
  if (err !== undefined) throw new SafetyError(`Bundle refused: manifest.json is not valid: ${err}`);
  const m = doc as Manifest;
  const seen = new Set<string>();
  for (const b of m.builders) {
    // Names end up in reports and in argv: a newline would fake report lines.
    if (CONTROL.test(b.name) || b.nodes.some((n) => CONTROL.test(n.name)))
      throw new SafetyError(`Bundle refused: builder ${JSON.stringify(b.name)} has a control character in its name`);
  }
  if (m.github?.workflow !== undefined && CONTROL.test(m.github.workflow))
    throw new SafetyError('Bundle refused: the workflow the manifest records has a control character');
  for (const f of m.files) {
    if (seen.has(f.entry)) throw new SafetyError(`Bundle refused: manifest lists entry ${f.entry} twice`);
    seen.add(f.entry);
    if (CONTROL.test(f.path))
      throw new SafetyError(
        `Bundle refused: entry ${f.entry} has a control character in its path ${JSON.stringify(f.path)}`,
      );
    if (f.kind === 'command-output') continue;
    if (f.kind === 'builder-state') {
      if (f.container === undefined || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(f.container)) {
        throw new SafetyError(`Bundle refused: builder-state entry ${f.entry} names no valid container`);
      }
      continue;
    }
    const bad = pathProblem(f.path);
    if (bad !== undefined)
      throw new SafetyError(
        `Bundle refused: entry ${f.entry} has original path ${JSON.stringify(f.path)}, which is not an absolute normalised path (it ${bad})`,
      );
  }
  for (const c of m.commands) {
    for (const e of [c.stdoutEntry, c.stderrEntry]) {
      if (e !== undefined && !seen.has(e))
        throw new SafetyError(`Bundle refused: command ${c.label} refers to ${e}, which the manifest does not list`);
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface NewFile {
  path: string;
  kind: FileKind;
  mode: number;
  redacted?: string[];
  container?: string;
  builder?: string;
}

/** Stages files under a private directory, then packs them as one tarball. */
export class BundleWriter {
  readonly files: BundleFile[] = [];
  private n = 0;
  constructor(readonly stageDir: string) {}

  /** Reserves the next entry; the caller writes the file at `stagePath`, then calls `commit`. */
  reserve(): { entry: string; stagePath: string } {
    this.n += 1;
    const entry = `files/${String(this.n).padStart(4, '0')}`;
    return { entry, stagePath: join(this.stageDir, entry) };
  }

  async init(): Promise<void> {
    await mkdir(join(this.stageDir, 'files'), { recursive: true, mode: 0o700 });
  }

  /** Hashes the staged file (what is stored is what is hashed). */
  async commit(meta: NewFile, entry: string, stagePath: string): Promise<BundleFile> {
    const { size, sha256 } = await hashFile(stagePath);
    const f: BundleFile = { path: meta.path, entry, kind: meta.kind, mode: meta.mode & 0o7777, size, sha256 };
    if (meta.redacted !== undefined && meta.redacted.length > 0) f.redacted = meta.redacted;
    if (meta.container !== undefined) f.container = meta.container;
    if (meta.builder !== undefined) f.builder = meta.builder;
    this.files.push(f);
    return f;
  }

  async addContent(meta: NewFile, content: string | Buffer): Promise<BundleFile> {
    const { entry, stagePath } = this.reserve();
    await writeFile(stagePath, content, { mode: 0o600 });
    return this.commit(meta, entry, stagePath);
  }

  async addCopy(meta: NewFile, src: string): Promise<BundleFile> {
    const { entry, stagePath } = this.reserve();
    await pipeline(createReadStream(src), createWriteStream(stagePath, { mode: 0o600 }));
    return this.commit(meta, entry, stagePath);
  }

  /** Packs manifest.json + files/ into `outPath` (gzip). */
  async pack(manifest: Manifest, outPath: string): Promise<void> {
    await writeFile(join(this.stageDir, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    await mkdir(dirname(outPath), { recursive: true });
    await tar.c({ gzip: true, file: outPath, cwd: this.stageDir, portable: true, noDirRecurse: true }, [
      MANIFEST_ENTRY,
      ...this.files.map((f) => f.entry),
    ]);
  }
}

export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    h.update(b);
    size += b.length;
  }
  return { size, sha256: h.digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ReadOptions {
  limits?: Partial<Limits>;
  /** When given, files the containment rule puts nowhere are listed in `refused` (never restored). */
  allowedRoots?: AllowedRoots;
}

export interface ReadBundle {
  path: string;
  manifest: Manifest;
  /** Every file entry as found in the archive (all matched the manifest). */
  entries: Map<string, { size: number; sha256: string }>;
  /** Manifest files whose original path is outside the allowed roots. */
  refused: { file: BundleFile; reason: string }[];
}

function refuse(msg: string): SafetyError {
  return new SafetyError(`Bundle refused: ${msg}`);
}

/** Checks one tar header; returns the error for a hostile or unexpected entry. */
function entryProblem(e: tar.ReadEntry, limits: Limits): string | undefined {
  const p = e.path;
  const shown = JSON.stringify(p);
  if (p.includes('\0')) return `entry ${shown} has a NUL byte in its name`;
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\'))
    return `entry ${shown} has an absolute path`;
  if (p.split(/[\\/]/).includes('..')) return `entry ${shown} contains '..'`;
  if (e.type === 'SymbolicLink') return `entry ${shown} is a symlink (to ${JSON.stringify(e.linkpath ?? '')})`;
  if (e.type === 'Link') return `entry ${shown} is a hard link (to ${JSON.stringify(e.linkpath ?? '')})`;
  if (e.type === 'Directory') {
    if (p !== 'files/' && p !== 'files') return `entry ${shown} is a directory the format does not have`;
    return undefined;
  }
  if (e.type !== 'File' && e.type !== 'OldFile' && e.type !== 'ContiguousFile')
    return `entry ${shown} is not a regular file (type ${e.type})`;
  if (p !== MANIFEST_ENTRY && !ENTRY_RE.test(p)) return `entry ${shown} is not part of the bundle format`;
  const size = e.size ?? 0;
  if (p === MANIFEST_ENTRY && size > limits.maxManifestBytes)
    return `manifest.json is ${size} bytes, over the ${limits.maxManifestBytes}-byte limit`;
  if (size > limits.maxEntryBytes)
    return `entry ${shown} is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit`;
  return undefined;
}

/** Where one entry's body goes while it is verified; every method settles (never an unhandled event). */
export interface EntryOut {
  write(b: Buffer): Promise<void>;
  end(): Promise<void>;
  /** Drops what was written (the temp file is removed). */
  abort(): Promise<void>;
}

/** Opens an entry's output; a throw skips that entry (the reason is reported), never the bundle. */
type EntrySink = (entry: string, size: number) => Promise<EntryOut | undefined>;

const BLOCK = 512;
const blocks = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
/** Slack over the declared sizes: end-of-archive blocks, pax headers, record padding. */
const SLACK = 64 * 1024;

/** The most a genuine bundle with this manifest decompresses to (tar framing included). */
function declaredBudget(manifestBytes: number, manifestText: string, limits: Limits): number | undefined {
  try {
    const doc = JSON.parse(manifestText) as { files?: { size?: unknown }[] };
    if (!Array.isArray(doc.files)) return undefined;
    let total = BLOCK * 3 + blocks(manifestBytes);
    for (const f of doc.files) {
      const size = typeof f.size === 'number' && Number.isSafeInteger(f.size) && f.size >= 0 ? f.size : 0;
      total += BLOCK * 3 + blocks(size);
    }
    return Math.min(total + SLACK, limits.maxTotalBytes + limits.maxManifestBytes + SLACK);
  } catch {
    return undefined;
  }
}

/**
 * One streaming pass over the archive: every header checked, every body hashed. `sink` may
 * return an output a file body is also written to (extraction). Entries are handled one at a
 * time (one output open at once, whatever the number of files); a failing output skips its
 * entry with a reason in `failed`. The decompressed size is bounded by what the manifest
 * declares (a genuine file of zeros compresses 1000:1 and passes; a bomb does not). Resolves
 * with the manifest text and the entries, rejects with a SafetyError naming the first bad entry.
 */
async function scan(
  path: string,
  limits: Limits,
  sink?: EntrySink,
  failed?: Map<string, string>,
): Promise<{ manifestText?: string; entries: Map<string, { size: number; sha256: string }> }> {
  await checkArchiveFile(path, limits);
  return new Scan(limits, sink, failed).run(path);
}

/** A regular file within the size limit that starts as gzip; anything else is refused before reading it. */
async function checkArchiveFile(path: string, limits: Limits): Promise<void> {
  const st = await stat(path).catch((e: unknown) => {
    throw refuse(`cannot read ${path}: ${errorMessage(e)}`);
  });
  if (!st.isFile()) throw refuse(`${path} is not a regular file`);
  if (st.size > limits.maxArchiveBytes)
    throw refuse(`archive is ${st.size} bytes, over the ${limits.maxArchiveBytes}-byte limit`);
  const fh = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    await fh.read(magic, 0, 2, 0);
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) throw refuse(`${path} is not a gzip file`);
  } finally {
    await fh.close();
  }
}

/** The state of one pass of scan(): the entries read, the first failure, the budget, the entry in hand. */
class Scan {
  readonly entries = new Map<string, { size: number; sha256: string }>();
  manifestText: string | undefined;
  private total = 0;
  private failure: Error | undefined;
  // Until the manifest is read, only the manifest's own limit (it comes first in a genuine bundle).
  private budget: number;
  private chain: Promise<void> = Promise.resolve();
  private readonly live = new Set<tar.ReadEntry>();
  private readonly names = new Set<string>();
  private readonly parser = new tar.Parser({ strict: true, brotli: false, zstd: false });

  constructor(
    private readonly limits: Limits,
    private readonly sink?: EntrySink,
    private readonly failed?: Map<string, string>,
  ) {
    this.budget = limits.maxManifestBytes + BLOCK * 3 + SLACK;
  }

  async run(path: string): Promise<{ manifestText?: string; entries: Map<string, { size: number; sha256: string }> }> {
    await new Promise<void>((resolvePromise, reject) => {
      this.listen(resolvePromise, reject);
      this.feed(path, reject);
    }).catch(async (err: unknown) => {
      await this.chain;
      throw err;
    });
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
    const entries = this.entries;
    return this.manifestText === undefined ? { entries } : { manifestText: this.manifestText, entries };
  }

  private fail(err: Error): void {
    if (this.failure === undefined) this.failure = err;
    this.parser.abort(err);
    for (const e of this.live) e.destroy();
  }

  private listen(resolvePromise: () => void, reject: (e: unknown) => void): void {
    this.parser.on('entry', (e: tar.ReadEntry) => this.onEntry(e));
    // tar ignores entry types it does not know; the format has none of them.
    this.parser.on('ignoredEntry', (e: tar.ReadEntry) => {
      if (e.type !== 'Directory')
        this.fail(refuse(`entry ${JSON.stringify(e.path)} has a type the format does not have (${String(e.type)})`));
    });
    this.parser.on('error', (err: Error) => {
      if (this.failure === undefined)
        this.failure = err instanceof SafetyError ? err : refuse(`archive is corrupt or truncated: ${err.message}`);
      for (const e of this.live) e.destroy();
      reject(this.failure);
    });
    this.parser.on('end', () => (this.failure !== undefined ? reject(this.failure) : resolvePromise()));
  }

  /** Reads the file through gunzip into the parser, within the budget the manifest declares. */
  private feed(path: string, reject: (e: unknown) => void): void {
    const rs = createReadStream(path);
    const gz = createGunzip();
    let out = 0;
    let first = true;
    rs.on('error', (err) => {
      this.fail(refuse(`cannot read ${path}: ${err.message}`));
      reject(this.failure);
    });
    gz.on('error', (err) => {
      this.fail(refuse(`archive is corrupt or truncated: ${err.message}`));
      reject(this.failure);
    });
    gz.on('data', (b: Buffer) => {
      if (this.failure !== undefined) return;
      if (first) {
        first = false;
        if ((b[0] === 0x1f && b[1] === 0x8b) || (b[0] === 0x28 && b[1] === 0xb5)) {
          this.fail(
            refuse('the archive holds another compressed stream (nested compression is not part of the format)'),
          );
          reject(this.failure);
          return;
        }
      }
      out += b.length;
      if (out > this.budget) {
        this.fail(refuse(`archive decompresses to more than the ${this.budget} bytes its manifest declares`));
        reject(this.failure);
        return;
      }
      if (!this.parser.write(b)) {
        gz.pause();
        this.parser.once('drain', () => gz.resume());
      }
    });
    gz.on('end', () => this.parser.end());
    rs.pipe(gz);
  }

  /** One header: checked, then its body queued behind the entry before it. */
  private onEntry(e: tar.ReadEntry): void {
    if (this.failure !== undefined) {
      e.resume();
      return;
    }
    const problem = entryProblem(e, this.limits);
    if (problem !== undefined) {
      this.fail(refuse(problem));
      e.resume();
      return;
    }
    if (e.type === 'Directory') {
      e.resume();
      return;
    }
    const name = e.path;
    if (this.names.has(name)) {
      this.fail(refuse(`entry ${JSON.stringify(name)} appears twice`));
      e.resume();
      return;
    }
    this.total += e.size ?? 0;
    if (this.total > this.limits.maxTotalBytes) {
      this.fail(
        refuse(`archive contents exceed the ${this.limits.maxTotalBytes}-byte limit at entry ${JSON.stringify(name)}`),
      );
      e.resume();
      return;
    }
    this.names.add(name);
    this.live.add(e);
    // One entry at a time: the next waits until this one's output is closed.
    this.chain = this.chain
      .then(() => this.consume(e, name))
      .catch((err: unknown) => this.fail(err instanceof Error ? err : new Error(String(err))));
  }

  /** One body: hashed, kept (the manifest) or written to the sink's output. */
  private async consume(e: tar.ReadEntry, name: string): Promise<void> {
    const h = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    let out: EntryOut | undefined;
    const drop = async (why: unknown) => {
      this.failed?.set(name, errorMessage(why));
      const o = out;
      out = undefined;
      await o?.abort().catch(() => undefined);
    };
    if (name !== MANIFEST_ENTRY && this.sink !== undefined && this.failure === undefined) {
      try {
        out = await withTimeout(this.sink(name, e.size ?? 0), TARGET_TIMEOUT_MS, `opening the output of ${name}`);
      } catch (err) {
        this.failed?.set(name, errorMessage(err));
      }
    }
    try {
      for await (const chunk of e as AsyncIterable<Buffer>) {
        h.update(chunk);
        size += chunk.length;
        if (name === MANIFEST_ENTRY) chunks.push(chunk);
        else if (out !== undefined) {
          try {
            await withTimeout(out.write(chunk), TARGET_TIMEOUT_MS, `writing ${name}`);
          } catch (err) {
            await drop(err);
          }
        }
      }
    } finally {
      this.live.delete(e);
    }
    if (this.failure !== undefined) {
      await out?.abort().catch(() => undefined);
      return;
    }
    if (name === MANIFEST_ENTRY) {
      this.manifestText = Buffer.concat(chunks).toString('utf8');
      this.budget = declaredBudget(size, this.manifestText, this.limits) ?? this.budget;
    } else {
      this.entries.set(name, { size, sha256: h.digest('hex') });
    }
    if (out !== undefined) {
      try {
        await withTimeout(out.end(), TARGET_TIMEOUT_MS, `closing the output of ${name}`);
      } catch (err) {
        await drop(err);
      }
    }
  }
}

function mergeLimits(l?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...l };
}

/**
 * Reads and verifies a bundle without writing anything: the archive's structure, every entry
 * against the manifest (size and SHA-256, none missing, none extra), the manifest's format,
 * version and schema. With `allowedRoots`, files the containment rule puts nowhere are listed in
 * `refused`.
 */
export async function readBundle(path: string, opts: ReadOptions = {}): Promise<ReadBundle> {
  const limits = mergeLimits(opts.limits);
  const { manifestText, entries } = await scan(path, limits);
  if (manifestText === undefined) throw refuse('the archive has no manifest.json');
  let doc: unknown;
  try {
    doc = JSON.parse(manifestText);
  } catch (e) {
    throw refuse(`manifest.json is not JSON: ${errorMessage(e)}`);
  }
  const manifest = checkManifest(doc);
  const listed = new Map(manifest.files.map((f) => [f.entry, f]));
  for (const [entry, got] of entries) {
    const f = listed.get(entry);
    if (f === undefined) throw refuse(`entry ${entry} is not in the manifest`);
    if (got.size !== f.size)
      throw refuse(`entry ${entry} (${f.path}) is ${got.size} bytes, the manifest says ${f.size}`);
    if (got.sha256 !== f.sha256)
      throw refuse(`entry ${entry} (${f.path}) has SHA-256 ${got.sha256}, the manifest says ${f.sha256}`);
  }
  for (const f of manifest.files) {
    if (!entries.has(f.entry)) throw refuse(`manifest file ${f.entry} (${f.path}) is missing from the archive`);
  }
  const refused: ReadBundle['refused'] = [];
  if (opts.allowedRoots !== undefined) {
    for (const f of manifest.files) {
      if (f.kind === 'command-output' || f.kind === 'builder-state') continue;
      const place = placeFor(f.path, f.kind, opts.allowedRoots);
      if ('problem' in place) refused.push({ file: f, reason: place.problem });
    }
  }
  return { path, manifest, entries, refused };
}

export interface ExtractOptions {
  limits?: Partial<Limits>;
  /** Opens the temporary file for a destination (default: `<dest>.bkh-<rand>`, exclusive, no symlink followed). */
  openTemp?: (dest: string) => Promise<{ fh: FileHandle; tmp: string }>;
  /** Filled with entry → reason for the entries that could not be extracted (they are skipped). */
  failed?: Map<string, string>;
}

async function defaultOpenTemp(dest: string): Promise<{ fh: FileHandle; tmp: string }> {
  const { constants } = await import('node:fs');
  const tmp = `${dest}.bkh-${randomBytes(6).toString('hex')}`;
  return {
    fh: await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600),
    tmp,
  };
}

/**
 * Second pass: writes the wanted entries to temporary files while hashing them, one at a time,
 * and checks each against the manifest again. Returns entry → temp path for the entries written;
 * an entry whose temp file cannot be made or written is left out (reason in `opts.failed`). On a
 * bundle-level error every temp file is removed and the error rethrown. The caller renames the
 * temp files into place and removes what it does not use.
 */
export async function extractToTemp(
  bundle: ReadBundle,
  wanted: Map<string, string>,
  opts: ExtractOptions = {},
): Promise<Map<string, string>> {
  const temps = new Map<string, string>();
  const openTemp = opts.openTemp ?? defaultOpenTemp;
  const sink: EntrySink = async (entry) => {
    const dest = wanted.get(entry);
    if (dest === undefined) return undefined;
    const { fh, tmp } = await openTemp(dest);
    temps.set(entry, tmp);
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await fh.close();
      }
    };
    return {
      write: async (b) => {
        let off = 0;
        while (off < b.length) off += (await fh.write(b, off, b.length - off)).bytesWritten;
      },
      end: close,
      abort: async () => {
        temps.delete(entry);
        await close().catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  };
  try {
    const { entries } = await scan(bundle.path, mergeLimits(opts.limits), sink, opts.failed);
    for (const [entry] of temps) {
      const f = bundle.manifest.files.find((x) => x.entry === entry);
      const got = entries.get(entry);
      if (f === undefined || got === undefined || got.sha256 !== f.sha256 || got.size !== f.size) {
        throw refuse(`entry ${entry} changed between verification and extraction`);
      }
    }
    return temps;
  } catch (e) {
    await Promise.all([...temps.values()].map((t) => rm(t, { force: true })));
    throw e;
  }
}

/** Reads one small entry (command output, a JSON file) into memory, verified. */
export async function readEntry(bundle: ReadBundle, entry: string): Promise<Buffer> {
  const f = bundle.manifest.files.find((x) => x.entry === entry);
  if (f === undefined) throw refuse(`entry ${entry} is not in the manifest`);
  const chunks: Buffer[] = [];
  const sink: EntrySink = (e) =>
    Promise.resolve(
      e === entry
        ? {
            write: (b: Buffer) => Promise.resolve(void chunks.push(b)),
            end: () => Promise.resolve(),
            abort: () => Promise.resolve(),
          }
        : undefined,
    );
  await scan(bundle.path, DEFAULT_LIMITS, sink);
  const buf = Buffer.concat(chunks);
  if (createHash('sha256').update(buf).digest('hex') !== f.sha256)
    throw refuse(`entry ${entry} does not match its checksum`);
  return buf;
}
