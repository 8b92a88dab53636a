/**
 * The plugin metadata memo (src/docker/plugin-memo.ts): an answer is remembered only when healthy
 * and of a file unchanged since the process started, recalled only while the file is that very
 * one, kept only in a directory this user alone can write, and turned off by BKH_PLUGIN_MEMO=0.
 * Real files and real stat identities; the real plugin on the real daemon is in
 * test/itg/head-start.test.ts.
 */
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/types.js';
import { recallMetadata, rememberMetadata } from '../../src/docker/plugin-memo.js';

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

/** "This process started after the file last changed." */
const later = () => Date.now() + 60_000;

describe('plugin metadata memo', () => {
  it('remembers a healthy answer and gives it back, marked as remembered, for the same file only', () => {
    const d = temp();
    const plugin = join(d, 'docker-buildx');
    writeFileSync(plugin, 'one', { mode: 0o755 });
    const env = { XDG_CACHE_HOME: d };
    expect(recallMetadata(env, plugin)).toBeUndefined();
    rememberMetadata(env, plugin, ran(plugin), true, later());
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
    const d = temp();
    const plugin = join(d, 'docker-buildx');
    const env = { XDG_CACHE_HOME: d };
    const changes: Array<() => void> = [
      () => writeFileSync(plugin, 'two', { mode: 0o755 }),
      () => utimesSync(plugin, new Date(), new Date(Date.now() - 3_600_000)),
      () => chmodSync(plugin, 0o700),
      () => {
        writeFileSync(`${plugin}.new`, 'one', { mode: 0o755 });
        renameSync(`${plugin}.new`, plugin);
      },
    ];
    for (const change of changes) {
      writeFileSync(plugin, 'one', { mode: 0o755 });
      chmodSync(plugin, 0o755);
      rememberMetadata(env, plugin, ran(plugin), true, later());
      expect(recallMetadata(env, plugin)).toBeDefined();
      change();
      expect(recallMetadata(env, plugin), change.toString()).toBeUndefined();
    }
  });

  it('remembers nothing doubtful: a rejected answer, one with stderr, a failed run, an answer already remembered', () => {
    const d = temp();
    const plugin = join(d, 'docker-buildx');
    writeFileSync(plugin, 'one', { mode: 0o755 });
    const env = { XDG_CACHE_HOME: d };
    rememberMetadata(env, plugin, ran(plugin), false, later());
    rememberMetadata(env, plugin, ran(plugin, { stderr: 'warning' }), true, later());
    rememberMetadata(env, plugin, ran(plugin, { exitCode: 1 }), true, later());
    rememberMetadata(env, plugin, ran(plugin, { remembered: 'elsewhere' }), true, later());
    expect(recallMetadata(env, plugin)).toBeUndefined();
  });

  it('remembers nothing of a file changed after the process started (the answer may be of the file before)', () => {
    const d = temp();
    const plugin = join(d, 'docker-buildx');
    writeFileSync(plugin, 'one', { mode: 0o755 });
    const env = { XDG_CACHE_HOME: d };
    rememberMetadata(env, plugin, ran(plugin), true, Date.now() - 60_000);
    expect(recallMetadata(env, plugin)).toBeUndefined();
  });

  it('keeps nothing where another user could write, and nothing when turned off', () => {
    const d = temp();
    const plugin = join(d, 'docker-buildx');
    writeFileSync(plugin, 'one', { mode: 0o755 });
    // A memo directory open to everyone: not used (a planted answer must not count).
    const env = { XDG_CACHE_HOME: d };
    rememberMetadata(env, plugin, ran(plugin), true, later());
    const memoDir = readdirSync(d).find((n) => n.startsWith('buildkit-healer-memo-'))!;
    expect(memoDir).toBeDefined();
    chmodSync(join(d, memoDir), 0o777);
    expect(recallMetadata(env, plugin)).toBeUndefined();
    chmodSync(join(d, memoDir), 0o700);
    expect(recallMetadata(env, plugin)).toBeDefined();
    expect(recallMetadata({ ...env, BKH_PLUGIN_MEMO: '0' }, plugin)).toBeUndefined();
  });
});
