import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { exitCodeFor, failureReason, statusFor } from '../../src/core/report.js';
import type { Finding } from '../../src/core/types.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderText, table } from '../../src/report/text.js';
import { renderJson } from '../../src/report/json.js';
import { parseReport } from '../../src/report/merge.js';
import { escapeHtml, evidenceText, truncateMiddle } from '../../src/report/render-util.js';

// Error text as a real daemon printed it (test-environment.md, "Real faults that can be made here").
const corruptInstance: Finding = {
  id: 'buildx.instance-corrupt',
  severity: 'error',
  subject: '/home/runner/.docker/buildx/instances/ci',
  message: 'Instance file is not JSON: every `docker buildx ls` fails',
  evidence: [
    { kind: 'file', path: '/home/runner/.docker/buildx/instances/ci', content: 'garbage<script>alert(1)</script>' },
    {
      kind: 'command',
      argv: ['docker', 'buildx', 'ls', '--format', 'json'],
      exitCode: 1,
      signal: null,
      stdout: '',
      stderr: "ERROR: invalid character 'g' looking for beginning of value\n",
      timedOut: false,
      durationMs: 41,
    },
  ],
  repair: {
    action: 'file.remove',
    description: 'Remove the corrupt instance file (backed up first)',
    target: '/home/runner/.docker/buildx/instances/ci',
    automatic: true,
  },
};
const deadContext: Finding = {
  id: 'builder.error',
  severity: 'warning',
  subject: 'desktop-linux',
  message: 'Builder desktop-linux is in error | its context endpoint is dead',
  evidence: [
    {
      kind: 'note',
      text: 'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
    },
  ],
  advice: 'Remove the context with `docker context rm desktop-linux` if Docker Desktop is gone.',
};

function sample(overrides: Partial<Report> = {}): Report {
  return {
    schema: 'buildkit-healer/report',
    version: 1,
    tool: { name: 'buildkit-healer', version: '0.1.0' },
    mode: 'check',
    dryRun: false,
    startedAt: '2026-11-23T23:00:00.000Z',
    finishedAt: '2026-11-23T23:00:02.500Z',
    host: { hostname: 'runner-1', dockerHost: 'unix:///var/run/docker.sock', platform: 'linux/x64' },
    status: 'unhealthy',
    healthy: false,
    failOn: 'error',
    versions: { docker: '26.1.5+dfsg1', buildx: '0.13.1', buildkit: 'v0.13.2' },
    builders: [
      {
        name: 'default',
        driver: 'docker',
        current: true,
        status: 'running',
        nodes: [
          {
            name: 'default',
            endpoint: 'default',
            status: 'running',
            platforms: ['linux/amd64', 'linux/arm64'],
            buildkitVersion: 'v0.13.2',
          },
        ],
      },
      {
        name: 'desktop-linux',
        driver: 'docker',
        current: false,
        status: 'error',
        error: 'Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?',
        nodes: [{ name: 'desktop-linux', endpoint: 'desktop-linux', status: 'error', platforms: [] }],
      },
    ],
    currentBuilder: 'default',
    findings: [corruptInstance, deadContext],
    actions: [],
    phases: [{ phase: 'diagnose', durationMs: 2480, ok: true }],
    baseline: { builder: 'default', durationMs: 812, ok: true },
    cache: { totalBytes: 3 * 1024 ** 3, reclaimableBytes: 1024 ** 3 },
    notes: [],
    ...overrides,
  };
}

describe('status helpers', () => {
  it('decides the status from severities and fail-on', () => {
    expect(statusFor([deadContext], 'error')).toBe('healthy');
    expect(statusFor([deadContext], 'warning')).toBe('unhealthy');
    expect(statusFor([corruptInstance], 'never')).toBe('healthy');
    expect(exitCodeFor(sample())).toBe(1);
    expect(exitCodeFor(sample({ status: 'repaired' }))).toBe(0);
    expect(failureReason(sample())).toBe('unhealthy: 1 finding(s) at or above error: buildx.instance-corrupt');
    expect(failureReason(sample({ status: 'healthy', healthy: true }))).toBeUndefined();
  });
});

describe('renderSummary', () => {
  it('renders a readable summary (snapshot file for reviewers)', async () => {
    const md = renderSummary(sample());
    await expect(md).toMatchFileSnapshot('./__snapshots__/summary-check-unhealthy.md');
  });

  it('renders a heal with builders before and after, actions, backup and rollback', async () => {
    const md = renderSummary(
      sample({
        mode: 'repair',
        status: 'failed',
        findingsAfter: [deadContext],
        failOn: 'warning',
        buildersAfter: [sample().builders[0]!],
        actions: [
          { action: 'backup.create', target: 'bkh-20261123-230000-runner-1', ok: true, detail: '14 files, verified' },
          {
            action: 'file.remove',
            target: '/home/runner/.docker/buildx/instances/ci',
            ok: true,
            command: 'rm /home/runner/.docker/buildx/instances/ci',
          },
        ],
        phases: [
          { phase: 'diagnose', durationMs: 2480, ok: true },
          { phase: 'backup', durationMs: 900, ok: true },
          { phase: 'clean', durationMs: 300, ok: true },
          { phase: 'reinstall', durationMs: 0, ok: true, skipped: true },
          { phase: 'validate', durationMs: 15_300, ok: false, error: 'linux/arm64 build failed' },
        ],
        validation: [
          {
            id: 'build.platform',
            builder: 'default',
            ok: false,
            message: 'linux/arm64: exec format error',
            durationMs: 15_000,
          },
        ],
        backup: {
          name: 'bkh-20261123-230000-runner-1',
          store: 'github',
          location: 'artifact:12345',
          files: 14,
          bytes: 20480,
          verified: true,
          artifactId: '12345',
        },
        rollback: 'buildkit-healer rollback bkh-20261123-230000-runner-1',
      }),
    );
    await expect(md).toMatchFileSnapshot('./__snapshots__/summary-repair-failed.md');
    expect(md).toContain('### Builders before');
    expect(md).toContain('### Builders after');
    expect(md).toContain('backup-name: bkh-20261123-230000-runner-1');
  });

  it("says how much of each container builder's state (build cache) the backup kept, and why not", () => {
    const report = sample({
      mode: 'reinstall',
      backup: {
        name: 'bkh-1',
        store: 'local',
        location: '/home/runner/.buildkit-healer/backups/bkh-1.tar.gz',
        files: 9,
        bytes: 3_000_000,
        verified: true,
        builderState: [
          { builder: 'ci', container: 'buildx_buildkit_ci0', bytes: 2_097_152 },
          {
            builder: 'big',
            container: 'buildx_buildkit_big0',
            skipped:
              "builder big's state is over the 1000 bytes left under max-backup-size (2000 bytes): not backed up",
          },
        ],
      },
    });
    const md = renderSummary(report);
    const text = renderText(report, { color: false });
    expect(text).toMatch(/^builder state of ci \(build cache\) backed up: 2(\.0)? ?MiB$/m);
    expect(text).toMatch(/^builder state of big NOT backed up: .*max-backup-size/m);
    expect(md).toMatch(/^- Builder state of <code>ci<\/code> \(build cache\): 2(\.0)? ?MiB$/m);
    expect(md).toMatch(/^- Builder state of <code>big<\/code> \*\*not backed up\*\*: .*max-backup-size/m);
  });

  it('escapes command output and folds evidence', () => {
    const md = renderSummary(sample());
    expect(md).not.toContain('<script>');
    expect(md).toContain('garbage&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('<details><summary>Evidence: <code>buildx.instance-corrupt</code>');
    expect(md).toContain("ERROR: invalid character 'g' looking for beginning of value");
    // Pipes in a message must not open a new table column.
    expect(md).toContain('is in error \\| its context');
  });

  it('stays under the size limit with huge evidence', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const findings: Finding[] = Array.from({ length: 12 }, (_, i) => ({
      ...corruptInstance,
      subject: `instance-${i}`,
      evidence: [
        {
          kind: 'command',
          argv: ['docker', 'buildx', 'ls'],
          exitCode: 1,
          signal: null,
          stdout: huge,
          stderr: 'ERROR: at the end',
          timedOut: false,
          durationMs: 1,
        },
      ],
    }));
    const md = renderSummary(sample({ findings }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(512 * 1024);
    expect(md).toContain('instance-11');
    expect(md).toContain('ERROR: at the end');
    const tiny = renderSummary(sample({ findings }), { maxBytes: 1500 });
    expect(Buffer.byteLength(tiny)).toBeLessThanOrEqual(1500);
    expect(tiny).toContain('Summary truncated');
  });
});

describe('renderText', () => {
  it('prints the status, builders and findings without colours by default', () => {
    const t = renderText(sample());
    expect(t).not.toMatch(/\u001b\[/);
    const lines = t.split('\n');
    expect(lines[0]).toBe('buildkit-healer check: UNHEALTHY  (1 error, 1 warning, 0 info; fail-on error)');
    expect(t).toMatch(/\* +default +docker +running +linux\/amd64,linux\/arm64/);
    expect(t).toMatch(/desktop-linux +docker +error +Cannot connect to the Docker daemon/);
    expect(t).toContain('ERROR   buildx.instance-corrupt  [/home/runner/.docker/buildx/instances/ci]');
    expect(t).toContain('FAILED: unhealthy: 1 finding(s) at or above error: buildx.instance-corrupt');
  });

  it('colours only when asked, keeping columns aligned', () => {
    const t = renderText(sample(), { color: true });
    expect(t).toContain('\u001b[31mUNHEALTHY\u001b[0m');
    expect(
      table(
        ['A', 'B'],
        [
          ['\u001b[32mok\u001b[0m', 'x'],
          ['long', 'y'],
        ],
      ),
    ).toEqual(['A     B', '\u001b[32mok\u001b[0m    x', 'long  y']);
  });

  it('shows evidence with --verbose', () => {
    expect(renderText(sample(), { verbose: true })).toContain("| ERROR: invalid character 'g'");
  });
});

describe('JSON report', () => {
  it('round-trips and refuses other documents', () => {
    const r = sample();
    const text = renderJson(r);
    expect(text.startsWith('{\n  "schema": "buildkit-healer/report",\n  "version": 1,')).toBe(true);
    expect(parseReport(text, 'report')).toEqual(r);
    expect(() => parseReport('{"schema":"other"}', 'x.json')).toThrow('x.json: not a buildkit-healer report');
    expect(() => parseReport(JSON.stringify({ ...r, version: 2 }), 'report')).toThrow(/report version 2/);
    expect(() => parseReport('nope', 'report')).toThrow(/invalid JSON/);
  });
});

describe('render-util', () => {
  it('escapes HTML and keeps head and tail when truncating', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    const t = truncateMiddle(`HEAD${'.'.repeat(1000)}TAIL`, 100);
    expect(t.startsWith('HEAD')).toBe(true);
    expect(t.endsWith('TAIL')).toBe(true);
    expect(t).toContain('characters cut');
  });
});

describe('evidenceText of a command', () => {
  const base = { kind: 'command' as const, argv: ['/p/docker-buildx', 'docker-cli-plugin-metadata'], exitCode: 0 };
  const run = { ...base, signal: null, stdout: '{"Version":"v0.13.1"}', stderr: '', timedOut: false, durationMs: 31 };
  it('gives a run its duration', () => {
    expect(evidenceText(run)).toMatch(/^\$ \/p\/docker-buildx docker-cli-plugin-metadata {3}\(exit 0, 31 ?ms\)/);
  });
  it('says a remembered answer was not run now, and where it was remembered, instead of a duration', () => {
    const t = evidenceText({
      ...run,
      durationMs: 0,
      remembered: 'the answer of this very file (1:2), remembered in /m/x.json',
    });
    expect(t).toContain('not run now: the answer of this very file (1:2), remembered in /m/x.json');
    expect(t).not.toMatch(/0 ?ms/);
    expect(t).toContain('"Version":"v0.13.1"');
  });
});
