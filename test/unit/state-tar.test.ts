/**
 * A builder-state entry (the tar `docker cp` made of /var/lib/buildkit) is hostile data: every entry
 * is checked before a rollback hands the stream to `docker cp -`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { stateEntryProblem, stateTarProblem } from '../../src/bundle/state.js';

const dir = mkdtempSync(join(tmpdir(), 'bkh-state-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface E {
  path: string;
  type: string;
  linkpath?: string;
  body?: string;
  devmaj?: number;
  devmin?: number;
}

/** A raw tar of these headers, written by hand so that hostile names and types are possible. */
function rawTar(entries: E[]): string {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = new tar.Header({
      path: e.path,
      type: e.type as tar.Header['type'],
      mode: 0o644,
      size: body.length,
      mtime: new Date(0),
      ...(e.linkpath !== undefined ? { linkpath: e.linkpath } : {}),
      ...(e.devmaj !== undefined ? { devmaj: e.devmaj, devmin: e.devmin ?? 0 } : {}),
    });
    const block = Buffer.alloc(512);
    h.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = join(dir, `t${Math.random().toString(16).slice(2)}.tar`);
  writeFileSync(file, Buffer.concat(blocks));
  return file;
}

const good: E[] = [
  { path: 'buildkit/', type: 'Directory' },
  { path: 'buildkit/cache.db', type: 'File', body: 'db' },
  { path: 'buildkit/runc-overlayfs/snapshots/1/fs/bin', type: 'SymbolicLink', linkpath: 'usr/bin' },
  { path: 'buildkit/runc-overlayfs/snapshots/2/fs/etc/gone', type: 'CharacterDevice', devmaj: 0, devmin: 0 },
  { path: 'buildkit/hard', type: 'Link', linkpath: 'buildkit/cache.db' },
  { path: 'buildkit/abs-link', type: 'SymbolicLink', linkpath: '/etc/alternatives/x' },
];

describe('builder-state tar containment', () => {
  it('accepts what a real state holds: files, directories, symlinks, hard links inside, whiteouts', async () => {
    expect(await stateTarProblem(rawTar(good))).toBeUndefined();
  });

  it.each([
    [{ path: 'etc/passwd', type: 'File', body: 'x' }, /not under buildkit\//],
    [{ path: '/var/lib/buildkit/x', type: 'File', body: 'x' }, /not under buildkit\//],
    [{ path: 'buildkit/../../etc/passwd', type: 'File', body: 'x' }, /"\." or "\.\." component/],
    [{ path: 'buildkit/sda', type: 'BlockDevice', devmaj: 8, devmin: 0 }, /BlockDevice/],
    [{ path: 'buildkit/fifo', type: 'FIFO' }, /FIFO/],
    [{ path: 'buildkit/h', type: 'Link', linkpath: 'etc/shadow' }, /hard link .*not under buildkit/],
    [{ path: 'buildkit/l/x', type: 'File', body: 'x' }, /below the symlink \/var\/lib\/buildkit\/l/],
  ] as [E, RegExp][])('refuses %o', async (bad, why) => {
    const stream = [...good, { path: 'buildkit/l', type: 'SymbolicLink', linkpath: '/' }, bad];
    expect(await stateTarProblem(rawTar(stream))).toMatch(why);
  });

  it('refuses a stream that is not a tar, and an empty one', async () => {
    const junk = join(dir, 'junk');
    writeFileSync(junk, 'not a tar at all '.repeat(100));
    expect(await stateTarProblem(junk)).toMatch(/not a readable tar stream|empty tar stream/);
    expect(await stateTarProblem(rawTar([]))).toMatch(/not a readable tar stream|empty tar stream/);
  });

  it('the pure rule names the entry', () => {
    expect(stateEntryProblem({ path: 'buildkit/a\nb', type: 'File' }, new Set())).toMatch(/control character/);
    expect(stateEntryProblem({ path: 'buildkit', type: 'Directory' }, new Set())).toBeUndefined();
  });
});
