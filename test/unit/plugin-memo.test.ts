/**
 * The plugin metadata memo (src/docker/plugin-memo.ts): an answer is remembered only when healthy,
 * of a native program, of the very file the path named just before the run and after it, left as
 * it was for a while before; recalled only while the file is that very one; kept only in a
 * directory this user alone can write; turned off by BKH_PLUGIN_MEMO=0. Real files and real stat
 * identities; the real plugin on the real daemon is in test/itg/head-start.test.ts.
 */
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/types.js';
import { beforeMetadataRun, recallMetadata, rememberMetadata } from '../../src/docker/plugin-memo.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'bkh-memo-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ANSWER = '{"SchemaVersion":"0.1.0","Vendor":"Docker Inc.","Version":"v0.13.1"}\n';
/** A native program's first bytes (ELF), then something that makes each file distinct. */
const elf = (tail: string) => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from(tail)]);

function ran(plugin: string, over: Partial<CommandResult> = {}): CommandResult {
  return {
    argv: [plugin, 'docker-cli-plugin-metadata'],
    exitCode: 0,
    signal: null,
    stdout: ANSWER,
    stderr: '',
    timedOut: false,
    durationMs: 12,
    ...over,
  };
}

/** One run as the quick look makes it: noted just before (a minute after the file last changed), then remembered. */
function run(env: NodeJS.ProcessEnv, plugin: string, over: Partial<CommandResult> = {}, accepted = true) {
  beforeMetadataRun(plugin, Date.now() + 60_000);
  rememberMetadata(env, plugin, ran(plugin, over), accepted);
}

function setup() {
  const d = temp();
  const plugin = join(d, 'docker-buildx');
  writeFileSync(plugin, elf('one'), { mode: 0o755 });
  return { d, plugin, env: { XDG_CACHE_HOME: d } as NodeJS.ProcessEnv };
}

describe('plugin metadata memo', () => {
  it('remembers a healthy answer and gives it back, marked as remembered, for the same file only', () => {
    const { d, plugin, env } = setup();
    expect(recallMetadata(env, plugin)).toBeUndefined();
    run(env, plugin);
    const back = recallMetadata(env, plugin);
    expect(back).toMatchObject({
      exitCode: 0,
      stdout: ANSWER,
      stderr: '',
      argv: [plugin, 'docker-cli-plugin-metadata'],
    });
    expect(back?.remembered).toMatch(/remembered in /);
    // Another path has nothing remembered.
    const other = join(d, 'docker-other');
    copyFileSync(plugin, other);
    expect(recallMetadata(env, other)).toBeUndefined();
  });

  it('asks again once the file may be another: new content, a new mtime, a chmod, a file renamed over it', () => {
    const { plugin, env } = setup();
    const changes: Array<() => void> = [
      () => writeFileSync(plugin, elf('two'), { mode: 0o755 }),
      () => utimesSync(plugin, new Date(), new Date(Date.now() - 3_600_000)),
      () => chmodSync(plugin, 0o700),
      () => {
        writeFileSync(`${plugin}.new`, elf('one'), { mode: 0o755 });
        renameSync(`${plugin}.new`, plugin);
      },
    ];
    for (const change of changes) {
      writeFileSync(plugin, elf('one'), { mode: 0o755 });
      chmodSync(plugin, 0o755);
      run(env, plugin);
      expect(recallMetadata(env, plugin)).toBeDefined();
      change();
      expect(recallMetadata(env, plugin), change.toString()).toBeUndefined();
    }
  });

  it('remembers nothing doubtful: a rejected answer, stderr, a failed run, a remembered answer, a run not noted', () => {
    const { plugin, env } = setup();
    run(env, plugin, {}, false);
    run(env, plugin, { stderr: 'warning' });
    run(env, plugin, { exitCode: 1 });
    run(env, plugin, { remembered: 'elsewhere' });
    rememberMetadata(env, plugin, ran(plugin), true);
    expect(recallMetadata(env, plugin)).toBeUndefined();
  });

  it('remembers nothing of a script (its answer may come from whatever it runs)', () => {
    const { plugin, env } = setup();
    writeFileSync(plugin, '#!/bin/sh\nexec /opt/buildx/current "$@"\n', { mode: 0o755 });
    run(env, plugin);
    expect(recallMetadata(env, plugin)).toBeUndefined();
  });

  it('remembers nothing of a file changed just before the run (a write within the timestamps may not show)', () => {
    const { plugin, env } = setup();
    beforeMetadataRun(plugin, Date.now());
    rememberMetadata(env, plugin, ran(plugin), true);
    expect(recallMetadata(env, plugin)).toBeUndefined();
  });

  it('remembers nothing when the path names another file after the run than before (a symlink switched mid-run)', () => {
    const { d, env } = setup();
    const a = join(d, 'buildx-a');
    const b = join(d, 'buildx-b');
    writeFileSync(a, elf('a'), { mode: 0o755 });
    writeFileSync(b, elf('b'), { mode: 0o755 });
    const link = join(d, 'docker-buildx-link');
    symlinkSync(a, link);
    beforeMetadataRun(link, Date.now() + 60_000);
    // The process ran a; now the link names b.
    rmSync(link);
    symlinkSync(b, link);
    rememberMetadata(env, link, ran(link), true);
    expect(recallMetadata(env, link)).toBeUndefined();
  });

  it('keeps nothing where another user could write, and nothing when turned off', () => {
    const { d, plugin, env } = setup();
    run(env, plugin);
    const memoDir = readdirSync(d).find((n) => n.startsWith('buildkit-healer-memo-'));
    expect(memoDir).toBeDefined();
    // A memo directory open to everyone: not used (a planted answer must not count).
    chmodSync(join(d, memoDir!), 0o777);
    expect(recallMetadata(env, plugin)).toBeUndefined();
    chmodSync(join(d, memoDir!), 0o700);
    expect(recallMetadata(env, plugin)).toBeDefined();
    expect(recallMetadata({ ...env, BKH_PLUGIN_MEMO: '0' }, plugin)).toBeUndefined();
  });
});
