/**
 * The process list of a BuildKit container, from output recorded on the real daemon by
 * scripts/capture-top-fixtures.sh (both doors: `docker top -o pid,args` and the Engine API).
 */
import { describe, expect, it } from 'vitest';
import { buildkitActivity, parseTop, programName } from '../../src/docker/parse/top.js';
import { recorded } from '../fixtures/load.js';

const D = 'docker/26.1.5+dfsg1';

describe('parseTop', () => {
  it.each(['top', 'top-api'])('reads an idle and a busy container from %s', (cmd) => {
    const idle = parseTop(recorded(`${D}/leftover-idle/${cmd}`).stdout);
    expect(idle.map((p) => p.args)).toEqual(['/bin/sh /bin/buildkitd']);
    expect(idle[0]?.pid).toMatch(/^\d+$/);
    const busy = parseTop(recorded(`${D}/leftover-busy/${cmd}`).stdout);
    expect(busy.map((p) => p.args)).toEqual(['/bin/sh /bin/buildkitd', 'sleep 600']);
    expect(buildkitActivity(idle)).toBe('idle');
    expect(buildkitActivity(busy)).toBe('busy');
  });

  it('reads the default `docker top` table (CMD last, after STIME/TTY/TIME)', () => {
    const busy = parseTop(recorded(`${D}/leftover-busy/top-default`).stdout);
    expect(busy.map((p) => p.args)).toEqual(['/bin/sh /bin/buildkitd', 'sleep 600']);
    expect(busy.map((p) => p.pid)).toEqual(parseTop(recorded(`${D}/leftover-busy/top`).stdout).map((p) => p.pid));
  });

  it("refuses the daemon's error answers with a plain Error", () => {
    const stopped = recorded(`${D}/leftover-stopped/top-api`);
    expect(() => parseTop(stopped.stdout)).toThrow(/no Titles\/Processes/);
    const missing = recorded(`${D}/leftover-missing/top`);
    expect(missing.exit).toBe(1);
    expect(() => parseTop(missing.stdout)).toThrow(/empty output/);
    expect(() => parseTop('hello world\n1 2')).toThrow(/no PID and COMMAND/);
  });

  it('an API answer with no processes is an empty list (then idle)', () => {
    expect(parseTop('{"Titles":["PID","COMMAND"],"Processes":null}')).toEqual([]);
    expect(buildkitActivity([])).toBe('idle');
  });
});

describe('programName and buildkitActivity', () => {
  it.each([
    ['buildkitd --allow-insecure-entitlement=network.host', 'buildkitd'],
    ['/usr/bin/buildkitd --debug', 'buildkitd'],
    ['/sbin/docker-init -- buildkitd', 'docker-init'],
    ['rootlesskit buildkitd --oci-worker-no-process-sandbox', 'rootlesskit'],
    ['/proc/self/exe buildkitd --oci-worker-no-process-sandbox', 'buildkitd'],
    ['/bin/sh /bin/buildkitd', 'buildkitd'],
    ['sh -c sleep 5', 'sh'],
    ['buildctl dial-stdio', 'buildctl'],
    ['buildkit-runc --log /var/lib/buildkit/runc-overlayfs/executor/runc-log.json run', 'buildkit-runc'],
    ['', ''],
  ])('%j is %j', (args, name) => {
    expect(programName(args)).toBe(name);
  });

  it('only buildkitd and what starts it is idle; a client or a build step is busy', () => {
    const ps = (...args: string[]) => args.map((a, i) => ({ pid: String(i + 1), args: a }));
    expect(buildkitActivity(ps('/sbin/docker-init -- buildkitd', 'buildkitd --debug'))).toBe('idle');
    // Rootless: rootlesskit, its re-executed child, and buildkitd.
    expect(
      buildkitActivity(
        ps(
          'rootlesskit buildkitd --oci-worker-no-process-sandbox',
          '/proc/self/exe buildkitd --oci-worker-no-process-sandbox',
          'buildkitd --oci-worker-no-process-sandbox',
        ),
      ),
    ).toBe('idle');
    expect(buildkitActivity(ps('buildkitd', 'buildctl dial-stdio'))).toBe('busy');
    expect(buildkitActivity(ps('buildkitd', 'buildkit-runc run abc', '/bin/sh -c make'))).toBe('busy');
  });
});
