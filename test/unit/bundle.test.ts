import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, BundleWriter, readBundle, type Manifest, type BundleFile } from '../../src/bundle/bundle.js';
import { restoreBundle } from '../../src/bundle/restore.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function baseManifest(files: BundleFile[]): Manifest {
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    name: 'test-bundle',
    createdAt: '2026-01-01T00:00:00Z',
    host: { hostname: 'h', dockerHost: 'unix:///x.sock' },
    tool: { name: 'buildkit-healer', version: '0.0.0' },
    versions: {},
    builders: [],
    files,
    redactions: [],
    omitted: [],
    commands: [],
  };
}

/** A raw tar entry: header block(s) + body padded to 512 bytes. */
function rawEntry(
  h: { path: string; type?: string; size?: number; linkpath?: string; mode?: number },
  body: Buffer = Buffer.alloc(0),
): Buffer {
  const header = new tar.Header({
    path: h.path,
    type: (h.type ?? 'File') as tar.Header['type'],
    size: h.size ?? body.length,
    mode: h.mode ?? 0o644,
    mtime: new Date(0),
    uid: 0,
    gid: 0,
    ...(h.linkpath !== undefined ? { linkpath: h.linkpath } : {}),
  });
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([block, body, pad]);
}

function rawTar(entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

// Fixed per file (case tables are built at collection time); emptied before each test.
const dir = mkdtempSync(join(tmpdir(), 'bkh-bundle-'));
const root = join(dir, 'root');
beforeEach(() => {
  for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
  mkdirSync(join(root, 'buildx', 'instances'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(d: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const full = join(p, e.name);
      out.push(`${relative(d, full)}:${e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : statSync(full).size}`);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(d);
  return out.sort();
}

/** A valid bundle with one instance file, plus whatever extra raw entries a case adds. */
function goodParts(target = join(root, 'buildx', 'instances', 'b1')) {
  const body = Buffer.from('{"Name":"b1"}');
  const file: BundleFile = {
    path: target,
    entry: 'files/0001',
    kind: 'instance',
    mode: 0o644,
    size: body.length,
    sha256: sha(body),
  };
  return { body, file };
}

function write(name: string, buf: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, buf);
  return p;
}

const roots = () => ({ dirs: [join(root, 'buildx')], files: [join(root, 'config.json')] });

describe('bundle round trip', () => {
  it('packs, reads back, verifies and restores byte for byte with modes', async () => {
    const w = new BundleWriter(join(dir, 'stage'));
    await w.init();
    const a = Buffer.from('{"Name":"b1","Driver":"docker-container"}');
    const b = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await w.addContent({ path: join(root, 'buildx', 'instances', 'b1'), kind: 'instance', mode: 0o600 }, a);
    await w.addContent({ path: join(root, 'buildx', 'activity', 'b1'), kind: 'activity', mode: 0o640 }, b);
    await w.addContent({ path: 'cmd:buildx-ls', kind: 'command-output', mode: 0o644 }, 'NAME\n');
    const out = join(dir, 'b.tar.gz');
    await w.pack(baseManifest(w.files), out);
    const rb = await readBundle(out);
    expect(rb.manifest.files.map((f) => f.entry)).toEqual(['files/0001', 'files/0002', 'files/0003']);
    expect(rb.entries.get('files/0002')).toEqual({ size: b.length, sha256: sha(b) });

    const r = await restoreBundle(out, { allowedRoots: roots() });
    expect(r.restored.map((x) => x.path).sort()).toEqual(
      [join(root, 'buildx', 'activity', 'b1'), join(root, 'buildx', 'instances', 'b1')].sort(),
    );
    expect(readFileSync(join(root, 'buildx', 'instances', 'b1'))).toEqual(a);
    expect(readFileSync(join(root, 'buildx', 'activity', 'b1'))).toEqual(b);
    expect(statSync(join(root, 'buildx', 'instances', 'b1')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'buildx', 'activity', 'b1')).mode & 0o777).toBe(0o640);
    // No temp files left beside the targets.
    expect(readdirSync(join(root, 'buildx', 'instances'))).toEqual(['b1']);
  });

  it('dry run plans and writes nothing', async () => {
    const { body, file } = goodParts();
    const p = write(
      'ok.tar.gz',
      rawTar([
        rawEntry({ path: 'manifest.json' }, Buffer.from(JSON.stringify(baseManifest([file])))),
        rawEntry({ path: 'files/0001' }, body),
      ]),
    );
    const before = tree(root);
    const r = await restoreBundle(p, { allowedRoots: roots(), dryRun: true });
    expect(r.planned).toEqual([{ path: file.path, sha256: file.sha256 }]);
    expect(tree(root)).toEqual(before);
  });
});

describe('hostile bundles are refused before anything is written', () => {
  const { body, file } = goodParts();
  const manifestOf = (files: BundleFile[], patch: Record<string, unknown> = {}) =>
    rawEntry({ path: 'manifest.json' }, Buffer.from(JSON.stringify({ ...baseManifest(files), ...patch })));
  const good = () => [manifestOf([file]), rawEntry({ path: 'files/0001' }, body)];

  const cases: [string, () => Buffer, RegExp][] = [
    [
      'an entry with ..',
      () => rawTar([...good(), rawEntry({ path: 'files/../../evil' }, Buffer.from('x'))]),
      /entry "files\/\.\.\/\.\.\/evil" contains '\.\.'/,
    ],
    [
      'an absolute entry',
      () => rawTar([...good(), rawEntry({ path: '/tmp/evil' }, Buffer.from('x'))]),
      /entry "\/tmp\/evil" has an absolute path/,
    ],
    [
      'a symlink out',
      () => rawTar([...good(), rawEntry({ path: 'files/0002', type: 'SymbolicLink', linkpath: '/etc/passwd' })]),
      /entry "files\/0002" is a symlink \(to "\/etc\/passwd"\)/,
    ],
    [
      'a hard link out',
      () => rawTar([...good(), rawEntry({ path: 'files/0002', type: 'Link', linkpath: '/etc/shadow' })]),
      /entry "files\/0002" is a hard link/,
    ],
    [
      'a device entry',
      () => rawTar([...good(), rawEntry({ path: 'files/0002', type: 'CharacterDevice' })]),
      /entry "files\/0002" is not a regular file/,
    ],
    [
      'a checksum mismatch',
      () => rawTar([manifestOf([file]), rawEntry({ path: 'files/0001' }, Buffer.from('{"Name":"b2"}'))]),
      /entry files\/0001 .* has SHA-256 [0-9a-f]{64}, the manifest says/,
    ],
    [
      'a size mismatch',
      () => rawTar([manifestOf([file]), rawEntry({ path: 'files/0001' }, Buffer.from('{"Name":"b1"} '))]),
      /entry files\/0001 .* is 14 bytes, the manifest says 13/,
    ],
    [
      'an entry not in the manifest',
      () => rawTar([...good(), rawEntry({ path: 'files/0002' }, Buffer.from('x'))]),
      /entry files\/0002 is not in the manifest/,
    ],
    [
      'a manifest file missing from the archive',
      () => rawTar([manifestOf([file, { ...file, entry: 'files/0002' }]), rawEntry({ path: 'files/0001' }, body)]),
      /manifest file files\/0002 .* is missing from the archive/,
    ],
    [
      'an unknown entry name',
      () => rawTar([...good(), rawEntry({ path: 'other.txt' }, Buffer.from('x'))]),
      /entry "other.txt" is not part of the bundle format/,
    ],
    [
      'a duplicate entry',
      () => rawTar([...good(), rawEntry({ path: 'files/0001' }, body)]),
      /entry "files\/0001" appears twice/,
    ],
    [
      'an unknown version',
      () => rawTar([manifestOf([file], { version: 2 }), rawEntry({ path: 'files/0001' }, body)]),
      /unsupported manifest version 2/,
    ],
    [
      'an unknown format',
      () => rawTar([manifestOf([file], { format: 'something/else' }), rawEntry({ path: 'files/0001' }, body)]),
      /unknown manifest format "something\/else"/,
    ],
    [
      'an invalid manifest',
      () =>
        rawTar([manifestOf([{ ...file, mode: 'rwx' as unknown as number }]), rawEntry({ path: 'files/0001' }, body)]),
      /manifest.json is not valid: \/files\/0\/mode must be integer/,
    ],
    [
      'a manifest path with ..',
      () =>
        rawTar([manifestOf([{ ...file, path: `${root}/buildx/../../evil` }]), rawEntry({ path: 'files/0001' }, body)]),
      /not an absolute normalised path/,
    ],
    ['no manifest', () => rawTar([rawEntry({ path: 'files/0001' }, body)]), /has no manifest.json/],
    [
      'a manifest that is not JSON',
      () => rawTar([rawEntry({ path: 'manifest.json' }, Buffer.from('{nope')), rawEntry({ path: 'files/0001' }, body)]),
      /manifest.json is not JSON/,
    ],
    ['a truncated gzip', () => rawTar(good()).subarray(0, 60), /corrupt or truncated/],
    [
      'a corrupt gzip',
      () => {
        const b = Buffer.from(rawTar(good()));
        b.writeUInt8(b.readUInt8(20) ^ 0xff, 20);
        b.writeUInt8(b.readUInt8(21) ^ 0xff, 21);
        return b;
      },
      /corrupt or truncated/,
    ],
    [
      'a truncated tar inside good gzip',
      () => gzipSync(Buffer.concat(good()).subarray(0, 700)),
      /corrupt or truncated/,
    ],
    ['not gzip at all', () => Buffer.concat([...good(), Buffer.alloc(1024)]), /is not a gzip file/],
    [
      'an oversized entry',
      () => rawTar([manifestOf([file]), rawEntry({ path: 'files/0001' }, Buffer.alloc(5000))]),
      /entry "files\/0001" is 5000 bytes, over the 4096-byte limit/,
    ],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const p = write('hostile.tar.gz', make());
    const before = tree(root);
    await expect(restoreBundle(p, { allowedRoots: roots(), limits: { maxEntryBytes: 4096 } })).rejects.toThrow(message);
    expect(tree(root)).toEqual(before);
    // Nothing escaped next to the sandbox either.
    expect(readdirSync(dir).sort()).toEqual(['hostile.tar.gz', 'root']);
  });

  it('refuses an oversized archive from its size alone', async () => {
    const p = write('hostile.tar.gz', rawTar(good()));
    await expect(readBundle(p, { limits: { maxArchiveBytes: 100 } })).rejects.toThrow(
      /archive is \d+ bytes, over the 100-byte limit/,
    );
  });

  it('refuses files outside the allowed roots and writes only the rest', async () => {
    const evil = join(dir, 'outside', 'authorized_keys');
    const bad: BundleFile = { ...file, entry: 'files/0002', path: evil };
    const p = write(
      'hostile.tar.gz',
      rawTar([manifestOf([file, bad]), rawEntry({ path: 'files/0001' }, body), rawEntry({ path: 'files/0002' }, body)]),
    );
    const r = await restoreBundle(p, { allowedRoots: roots() });
    expect(r.skipped).toEqual([
      { path: evil, reason: expect.stringMatching(/^refused: .* outside the places/) as unknown as string },
    ]);
    expect(r.restored.map((x) => x.path)).toEqual([file.path]);
    expect(() => statSync(evil)).toThrow();
  });

  it('refuses a target whose directory is a symlink out of the roots', async () => {
    const outside = join(dir, 'elsewhere');
    mkdirSync(outside);
    symlinkSync(outside, join(root, 'buildx', 'defaults'));
    const target = join(root, 'buildx', 'defaults', 'b1');
    const f: BundleFile = { ...file, path: target, kind: 'defaults' };
    const p = write('hostile.tar.gz', rawTar([manifestOf([f]), rawEntry({ path: 'files/0001' }, body)]));
    const r = await restoreBundle(p, { allowedRoots: roots() });
    expect(r.restored).toEqual([]);
    expect(r.skipped[0]?.reason).toMatch(/symlink/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('does not follow a symlink at the target itself: it is refused and left as it is', async () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'keep me');
    chmodSync(secret, 0o600);
    symlinkSync(secret, file.path);
    const p = write('ok.tar.gz', rawTar(good()));
    const r = await restoreBundle(p, { allowedRoots: roots() });
    expect(r.restored).toEqual([]);
    expect(r.skipped).toEqual([
      { path: file.path, reason: expect.stringMatching(/^refused: the target .* is a symlink/) as unknown as string },
    ]);
    expect(readFileSync(secret, 'utf8')).toBe('keep me');
    expect(readdirSync(join(root, 'buildx', 'instances'))).toEqual(['b1']);
  });
});
