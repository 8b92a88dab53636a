/**
 * Issue 16: a bundle is hostile data. Bundles crafted from a genuine one (checksums right, only
 * the attack wrong) must be refused with a clear message and write nothing outside the roots,
 * proved by hashing a canary tree before and after.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import * as tar from 'tar';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, readBundle, type BundleFile, type FileKind, type Manifest } from '../../src/bundle/bundle.js';
import { pathProblem, placeFor } from '../../src/bundle/contain.js';
import { restoreBundle, type AllowedRoots } from '../../src/bundle/restore.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function manifest(files: BundleFile[]): Manifest {
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    name: 'attack',
    createdAt: '2026-01-01T00:00:00Z',
    host: { hostname: 'h', dockerHost: '' },
    tool: { name: 'buildkit-healer', version: '0' },
    versions: {},
    builders: [],
    files,
    redactions: [],
    omitted: [],
    commands: [],
  };
}

function header(path: string, size: number, typeflag?: string): Buffer {
  const block = Buffer.alloc(512);
  new tar.Header({ path, type: 'File', size, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }).encode(block, 0);
  if (typeflag !== undefined) {
    // A type tar does not know: set the flag and recompute the header checksum by hand.
    block.write(typeflag, 156, 'latin1');
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of block) sum += b;
    block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  }
  return block;
}

function entry(path: string, body: Buffer, typeflag?: string): Buffer {
  return Buffer.concat([header(path, body.length, typeflag), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

/** A bundle whose checksums are all right: only the paths and kinds are the attack. */
function bundle(
  files: { path: string; kind?: FileKind; body?: Buffer; redacted?: string[] }[],
  extra: Buffer[] = [],
): Buffer {
  const listed: BundleFile[] = [];
  const bodies: Buffer[] = [];
  files.forEach((f, i) => {
    const body = f.body ?? Buffer.from(`{"n":${i}}`);
    const e = `files/${String(i + 1).padStart(4, '0')}`;
    listed.push({
      path: f.path,
      entry: e,
      kind: f.kind ?? 'instance',
      mode: 0o644,
      size: body.length,
      sha256: sha(body),
      ...(f.redacted ? { redacted: f.redacted } : {}),
    });
    bodies.push(entry(e, body));
  });
  return gzipSync(
    Buffer.concat([
      entry('manifest.json', Buffer.from(JSON.stringify(manifest(listed)))),
      ...bodies,
      ...extra,
      Buffer.alloc(1024),
    ]),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'bkh-contain-'));
const home = join(dir, 'home');
const buildx = join(home, 'buildx');
const canary = join(dir, 'canary');
const daemonJson = join(dir, 'etc', 'daemon.json');
const cacheDir = join(dir, 'cache');
const roots = (): AllowedRoots => ({
  dirs: [buildx],
  files: [join(home, 'config.json')],
  cacheDirs: [cacheDir],
  daemonJson: [daemonJson],
});

/** Every file and link under `d` with its content hash or target: what must not change. */
function hashTree(d: string): string {
  const lines: string[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(p, e.name);
      const st = lstatSync(full);
      if (e.isSymbolicLink()) lines.push(`${relative(d, full)} -> ${readlinkSync(full)}`);
      else if (e.isDirectory()) {
        lines.push(`${relative(d, full)}/ ${(st.mode & 0o7777).toString(8)}`);
        walk(full);
      } else
        lines.push(
          `${relative(d, full)} ${(st.mode & 0o7777).toString(8)} ${st.isFile() ? sha(readFileSync(full)) : 'special'}`,
        );
    }
  };
  walk(d);
  return sha(lines.join('\n'));
}

function leftovers(d: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.name.includes('.bkh-')) out.push(join(p, e.name));
      if (e.isDirectory()) walk(join(p, e.name));
    }
  };
  walk(d);
  return out;
}

beforeEach(() => {
  for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
  mkdirSync(join(buildx, 'instances'), { recursive: true });
  mkdirSync(join(canary, 'deep'), { recursive: true });
  writeFileSync(join(canary, 'authorized_keys'), 'ssh-ed25519 AAAA keep');
  writeFileSync(join(canary, 'deep', 'x'), 'keep');
  mkdirSync(join(dir, 'etc'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function attack(buf: Buffer, opts: { restoreCache?: boolean } = {}) {
  const p = join(dir, 'attack.tar.gz');
  writeFileSync(p, buf);
  const before = hashTree(canary);
  let error: unknown;
  let result: Awaited<ReturnType<typeof restoreBundle>> | undefined;
  try {
    result = await restoreBundle(p, { allowedRoots: roots(), ...opts });
  } catch (e) {
    error = e;
  }
  expect(hashTree(canary)).toBe(before);
  expect(leftovers(dir)).toEqual([]);
  return { error: error as Error | undefined, result };
}

describe('the containment rule refuses each attack and writes nothing outside', () => {
  it('a path ending in "/" through a planted symlink is refused', async () => {
    symlinkSync(canary, join(buildx, 'instances', 'sub'));
    const { error, result } = await attack(bundle([{ path: join(buildx, 'instances', 'sub') + '/' }]));
    expect(result).toBeUndefined();
    expect(error?.message).toMatch(
      /Bundle refused: entry files\/0001 has original path .*instances\/sub\/", which is not an absolute normalised path \(it ends with "\/"\)/,
    );
    expect(readdirSync(canary).sort()).toEqual(['authorized_keys', 'deep']);
  });

  it('a symlink planted below a root is never followed, at any depth', async () => {
    symlinkSync(canary, join(buildx, 'instances', 'sub'));
    const { result } = await attack(
      bundle([
        { path: join(buildx, 'instances', 'sub', 'authorized_keys') },
        { path: join(buildx, 'instances', 'sub', 'new', 'f') },
      ]),
    );
    expect(result?.restored).toEqual([]);
    expect(result?.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^refused: .*instances\/sub is a symlink/),
      expect.stringMatching(/^refused: .*instances\/sub is a symlink/),
    ]);
  });

  it('a root that is itself a symlink is not followed', async () => {
    rmSync(buildx, { recursive: true });
    symlinkSync(canary, buildx);
    const { result } = await attack(bundle([{ path: join(buildx, 'authorized_keys') }]));
    expect(result?.restored).toEqual([]);
    expect(result?.skipped[0]?.reason).toMatch(/^refused: the restore root .*buildx is a symlink/);
  });

  it('daemon.json is written only from a daemon.json entry backed up from that path', async () => {
    const { result } = await attack(
      bundle([
        { path: daemonJson, kind: 'instance', body: Buffer.from('{"hosts":["tcp://0.0.0.0:2375"]}') },
        { path: join(buildx, 'daemon.json'), kind: 'daemon-json' },
      ]),
    );
    expect(result?.restored).toEqual([]);
    expect(result?.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^refused: .*daemon\.json is a daemon\.json path, and this entry is instance/),
      expect.stringMatching(/^refused: .*buildx\/daemon\.json is not a daemon\.json path this environment restores/),
    ]);
    expect(() => lstatSync(daemonJson)).toThrow();
  });

  it('a genuine daemon.json entry to its own path is restored', async () => {
    const { result } = await attack(
      bundle([{ path: daemonJson, kind: 'daemon-json', body: Buffer.from('{"features":{"buildkit":true}}') }]),
    );
    expect(result?.restored.map((r) => r.path)).toEqual([daemonJson]);
    expect(readFileSync(daemonJson, 'utf8')).toBe('{"features":{"buildkit":true}}');
  });

  it('cache data is recognised by place, not by its kind', async () => {
    const { result } = await attack(
      bundle([
        { path: join(cacheDir, 'index.json'), kind: 'instance' },
        { path: join(buildx, 'instances', 'c'), kind: 'cache-data' },
      ]),
    );
    expect(result?.restored).toEqual([]);
    expect(result?.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^refused: .*instances\/c is cache data outside the cache directories/),
      'cache data not requested (restore-cache is off)',
    ]);
  });

  it('a FIFO planted at a target is refused without hanging (a redacted config.json is merged with what is there)', async () => {
    const config = join(home, 'config.json');
    execFileSync('mkfifo', [config]);
    const { result } = await attack(
      bundle([
        {
          path: config,
          kind: 'docker-config',
          body: Buffer.from('{"auths":{"r":{"auth":"<redacted>"}}}'),
          redacted: ['auths.r.auth'],
        },
      ]),
    );
    expect(result?.restored).toEqual([]);
    expect(result?.skipped[0]?.reason).toMatch(/^refused: the target .*config\.json is a FIFO/);
    expect(lstatSync(config).isFIFO()).toBe(true);
  }, 20_000);

  it('a directory at a target is refused, not replaced', async () => {
    mkdirSync(join(buildx, 'instances', 'b1'));
    const { result } = await attack(bundle([{ path: join(buildx, 'instances', 'b1') }]));
    expect(result?.skipped[0]?.reason).toMatch(/^refused: the target .*b1 is a directory/);
  });

  it.each([
    ['a newline', (p: string) => `${p}\nrestored /etc/shadow`, /control character/],
    ['an empty component', (p: string) => p.replace('/instances/', '/instances//'), /empty component/],
    ['a "." component', (p: string) => p.replace('/instances/', '/instances/./'), /"\." or "\.\." component/],
  ])('a path with %s is refused before anything is written', async (_n, mutate, message) => {
    const { error } = await attack(bundle([{ path: mutate(join(buildx, 'instances', 'b1')) }]));
    expect(error?.message).toMatch(/^Bundle refused: /);
    expect(error?.message).toMatch(message);
    expect(readdirSync(join(buildx, 'instances'))).toEqual([]);
  });

  it('an unknown tar entry type is refused (tar would skip it silently)', async () => {
    const { error } = await attack(
      bundle([{ path: join(buildx, 'instances', 'b1') }], [entry('files/0009', Buffer.from('x'), 'Z')]),
    );
    expect(error?.message).toMatch(/Bundle refused: entry "files\/0009" has a type the format does not have/);
  });

  it('a nested gzip is refused', async () => {
    const inner = bundle([{ path: join(buildx, 'instances', 'b1') }]);
    const { error } = await attack(gzipSync(inner));
    expect(error?.message).toMatch(/Bundle refused: the archive holds another compressed stream/);
  });

  it('a genuine file of zeros compressing over 1000:1 round-trips; a body bigger than declared stops at the budget', async () => {
    const zeros = Buffer.alloc(64 * 1024 ** 2);
    const target = join(cacheDir, 'blobs', 'zeros');
    const { result } = await attack(bundle([{ path: target, kind: 'cache-data', body: zeros }]), {
      restoreCache: true,
    });
    expect(result?.restored.map((r) => r.path)).toEqual([target]);
    expect(sha(readFileSync(target))).toBe(sha(zeros));
    // Declares 13 bytes, carries 64 MiB: refused once the stream passes what the manifest declares.
    const small = Buffer.from('{"Name":"b1"}');
    const f: BundleFile = {
      path: join(buildx, 'instances', 'b1'),
      entry: 'files/0001',
      kind: 'instance',
      mode: 0o644,
      size: small.length,
      sha256: sha(small),
    };
    const bomb = gzipSync(
      Buffer.concat([
        entry('manifest.json', Buffer.from(JSON.stringify(manifest([f])))),
        entry('files/0001', zeros),
        Buffer.alloc(1024),
      ]),
    );
    writeFileSync(join(dir, 'bomb.tar.gz'), bomb);
    await expect(readBundle(join(dir, 'bomb.tar.gz'))).rejects.toThrow(
      /decompresses to more than the \d+ bytes its manifest declares/,
    );
  }, 60_000);
});

describe('fuzzing manifest paths over the containment rule', () => {
  const segment = fc.constantFrom(
    'instances',
    'sub',
    'b1',
    '',
    '.',
    '..',
    'a\nb',
    'x\u0000',
    'deep',
    'daemon.json',
    'c\u001b[1m',
    'link',
  );
  const kinds = fc.constantFrom<FileKind>('instance', 'daemon-json', 'cache-data', 'docker-config', 'context-meta');

  it('the pure rule only places plain paths strictly under a root that takes their kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(buildx, cacheDir, join(dir, 'etc'), home, '/'),
        fc.array(segment, { maxLength: 5 }),
        fc.boolean(),
        kinds,
        (base, segs, slash, kind) => {
          const p = [base, ...segs].join('/') + (slash ? '/' : '');
          const place = placeFor(p, kind, roots());
          if ('problem' in place) return;
          expect(pathProblem(p)).toBeUndefined();
          expect(p === place.root || p.startsWith(place.root + '/')).toBe(true);
          if (kind === 'daemon-json') expect(p).toBe(daemonJson);
          if (p.startsWith(cacheDir + '/')) expect(place.cache).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('whole restores of fuzzed manifests never change the canary tree nor leave a temp file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean(), kinds), {
          minLength: 1,
          maxLength: 4,
        }),
        async (files) => {
          for (const e of readdirSync(buildx)) rmSync(join(buildx, e), { recursive: true, force: true });
          symlinkSync(canary, join(buildx, 'link'));
          symlinkSync(join(canary, 'authorized_keys'), join(buildx, 'b1'));
          const paths = files.map(([segs, slash, kind]) => ({
            path: [buildx, ...segs].join('/') + (slash ? '/' : ''),
            kind,
          }));
          const { result } = await attack(bundle(paths), { restoreCache: true });
          for (const r of result?.restored ?? []) {
            expect(r.path.startsWith(buildx + '/')).toBe(true);
            expect(lstatSync(r.path).isFile()).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
