/**
 * The module compile cache the three entries turn on (src/core/compile-cache.ts): where it goes,
 * how it is turned off, and that it never uses a directory someone else could plant code in.
 * The real thing (Node 24 writing the cache when the CLI bundle starts) is in dist.test.ts.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileCacheBase, enableCompileCache } from '../../src/core/compile-cache.js';

const uid = process.getuid?.() ?? 'user';
const name = `buildkit-healer-compile-cache-${uid}`;
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'bkh-cc-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stand-in for module.enableCompileCache that records the directories it was given. */
function recorder(status = 1) {
  const calls: string[] = [];
  return {
    calls,
    fn: (dir: string) => {
      calls.push(dir);
      return { status, directory: dir };
    },
  };
}

describe('compileCacheBase', () => {
  it('tries RUNNER_TOOL_CACHE, then XDG_CACHE_HOME, then the temp dir', () => {
    expect(compileCacheBase({ RUNNER_TOOL_CACHE: '/tc', XDG_CACHE_HOME: '/xdg' }, '/tmp')).toEqual([
      '/tc',
      '/xdg',
      '/tmp',
    ]);
    expect(compileCacheBase({ XDG_CACHE_HOME: '/xdg', RUNNER_TOOL_CACHE: '' }, '/tmp')).toEqual(['/xdg', '/tmp']);
    expect(compileCacheBase({}, '/tmp')).toEqual(['/tmp']);
  });

  it('ignores a relative RUNNER_TOOL_CACHE or XDG_CACHE_HOME (the XDG spec says so)', () => {
    expect(compileCacheBase({ RUNNER_TOOL_CACHE: 'tc', XDG_CACHE_HOME: '.cache' }, '/tmp')).toEqual(['/tmp']);
    expect(compileCacheBase({ RUNNER_TOOL_CACHE: './tc', XDG_CACHE_HOME: '/xdg' }, '/tmp')).toEqual(['/xdg', '/tmp']);
  });

  it('is off with BKH_COMPILE_CACHE=0 or NODE_DISABLE_COMPILE_CACHE', () => {
    expect(compileCacheBase({ BKH_COMPILE_CACHE: '0', RUNNER_TOOL_CACHE: '/tc' }, '/tmp')).toEqual([]);
    expect(compileCacheBase({ BKH_COMPILE_CACHE: 'false' }, '/tmp')).toEqual([]);
    expect(compileCacheBase({ NODE_DISABLE_COMPILE_CACHE: '1' }, '/tmp')).toEqual([]);
  });
});

describe('enableCompileCache', () => {
  it('makes its own 0700 directory in RUNNER_TOOL_CACHE and hands it to Node', () => {
    const tc = temp();
    const r = recorder();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc }, r.fn)).toBe(join(tc, name));
    expect(r.calls).toEqual([join(tc, name)]);
    expect(statSync(join(tc, name)).mode & 0o777).toBe(0o700);
    // A second start finds it and uses it again.
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc }, r.fn)).toBe(join(tc, name));
  });

  it('skips a base that does not exist (creates nothing there) and takes the next', () => {
    const xdg = temp();
    const missing = join(temp(), 'not', 'there');
    const r = recorder();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: missing, XDG_CACHE_HOME: xdg }, r.fn)).toBe(join(xdg, name));
    expect(existsSync(join(missing, '..'))).toBe(false);
  });

  it('refuses a directory others can write, or a symlink, and takes the next base', () => {
    const open = temp();
    mkdirSync(join(open, name));
    chmodSync(join(open, name), 0o777);
    const linked = temp();
    symlinkSync(temp(), join(linked, name));
    const r = recorder();
    // The temp dir is the last base: the only one left.
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: open, XDG_CACHE_HOME: linked }, r.fn)).toBe(join(tmpdir(), name));
    expect(r.calls).toEqual([join(tmpdir(), name)]);
  });

  it('does nothing when turned off, when Node has its own (NODE_COMPILE_CACHE), or when Node has none', () => {
    const tc = temp();
    const r = recorder();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc, BKH_COMPILE_CACHE: '0' }, r.fn)).toBeUndefined();
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc, NODE_COMPILE_CACHE: join(tc, 'x') }, r.fn)).toBeUndefined();
    expect(r.calls).toEqual([]);
    expect(existsSync(join(tc, name))).toBe(false);
  });

  it('a failed enable is a cold start, not an error; a disabled one stops trying', () => {
    const tc = temp();
    const xdg = temp();
    const failed = recorder(0);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc, XDG_CACHE_HOME: xdg }, failed.fn)).toBeUndefined();
    expect(failed.calls[0]).toBe(join(tc, name));
    expect(failed.calls[1]).toBe(join(xdg, name));
    const disabled = recorder(3);
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc, XDG_CACHE_HOME: xdg }, disabled.fn)).toBeUndefined();
    expect(disabled.calls).toEqual([join(tc, name)]);
    const throws = () => {
      throw new Error('boom');
    };
    expect(enableCompileCache({ RUNNER_TOOL_CACHE: tc }, throws)).toBeUndefined();
  });
});
