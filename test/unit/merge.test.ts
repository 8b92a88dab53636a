import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand, reportMerge, reportMetrics } from '../../src/cli/commands/report.js';
import type { CommandIO } from '../../src/cli/commands/report.js';
import type { Report } from '../../src/core/report.js';
import { countBySeverity } from '../../src/core/report.js';
import type { SourcedReport } from '../../src/report/merge.js';
import { loadReports, mergeReports, renderFleetMarkdown, renderFleetText } from '../../src/report/merge.js';

// Real reports, recorded by scripts/capture-reports.sh from the real CLI on a real daemon, each
// case as a different runner host. Every expectation below is derived from their content.
const fixtures = join(import.meta.dirname, '../fixtures/reports');
const scratch = mkdtempSync(join(tmpdir(), 'bkh-merge-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let real: SourcedReport[] = [];
beforeAll(async () => {
  real = await loadReports([fixtures]);
});

const after = (r: Report) => r.findingsAfter ?? r.findings;
const clone = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

function io(cwd = scratch): CommandIO & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    cwd,
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
  };
  return o;
}

describe('mergeReports on real reports', () => {
  it('has recorded reports of healthy and unhealthy runners', () => {
    expect(real.length).toBeGreaterThanOrEqual(4);
    expect(real.some((r) => r.report.healthy)).toBe(true);
    expect(real.some((r) => !r.report.healthy)).toBe(true);
    expect(new Set(real.map((r) => r.report.host.hostname)).size).toBe(real.length);
  });

  it('one row per runner with status, findings by severity, builders, buildx, finished at', () => {
    const fleet = mergeReports(real);
    expect(fleet.rows).toHaveLength(real.length);
    for (const { source, report } of real) {
      const row = fleet.rows.find((r) => r.source === source)!;
      expect(row.host).toBe(report.host.hostname);
      expect(row.status).toBe(report.status);
      expect(row.healthy).toBe(report.healthy);
      expect(row.findings).toEqual(countBySeverity(after(report)));
      expect(row.builders).toBe(new Set((report.buildersAfter ?? report.builders).map((b) => b.name)).size);
      expect(row.buildersHealthy).toBeLessThanOrEqual(row.builders);
      expect(row.buildx).toBe(report.versions.buildx);
      expect(row.finishedAt).toBe(report.finishedAt);
    }
    expect(fleet.rows.map((r) => r.host)).toEqual(
      [...fleet.rows.map((r) => r.host)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('totals and the list of error findings add up', () => {
    const fleet = mergeReports(real);
    const errors = real.flatMap((r) => after(r.report).filter((f) => f.severity === 'error'));
    expect(fleet.errors).toHaveLength(errors.length);
    expect(fleet.errors.length).toBeGreaterThan(0);
    expect(fleet.totals.findings.error).toBe(errors.length);
    expect(fleet.totals.runners).toBe(real.length);
    expect(fleet.totals.healthy).toBe(real.filter((r) => r.report.healthy).length);
    expect(fleet.totals.healthy + fleet.totals.unhealthy).toBe(real.length);
    expect(Object.values(fleet.totals.byStatus).reduce((a, b) => a + b, 0)).toBe(real.length);
    for (const e of fleet.errors) {
      const src = real.find((r) => r.source === e.source)!;
      expect(after(src.report).some((f) => f.id === e.id && f.subject === e.subject && f.severity === 'error')).toBe(
        true,
      );
    }
  });

  it('renders Markdown: a table row per runner, the error findings, escaped cells', () => {
    const hostile = clone(real[0]!.report);
    hostile.host.hostname = 'evil|host<script>\nx';
    const fleet = mergeReports([...real, { source: join(scratch, 'hostile.json'), report: hostile }]);
    const md = renderFleetMarkdown(fleet, { cwd: fixtures });
    const tableRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Runner'));
    expect(tableRows).toHaveLength(real.length + 1);
    for (const { report } of real) expect(md).toContain(`| ${report.host.hostname} |`);
    for (const e of fleet.errors) expect(md).toContain(`\`${e.id}\``);
    expect(md).toContain('evil\\|host&lt;script&gt; x');
    expect(md).not.toContain('<script>');
    // Sources are shown relative to the working directory.
    expect(md).toContain(`| ${basename(real[0]!.source)} |`);
    // Every table row has the header's number of cells (no escaped pipe breaks a row).
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const row of tableRows) expect(cells(row)).toBe(cells(md.split('\n').find((l) => l.startsWith('| Runner'))!));
  });

  it('renders the recorded fleet as Markdown reviewers can read (snapshot file)', async () => {
    await expect(renderFleetMarkdown(mergeReports(real), { cwd: fixtures })).toMatchFileSnapshot(
      '__snapshots__/fleet.md',
    );
  });

  it('cuts very long messages and failed-run errors', () => {
    const long = clone(real.find((r) => after(r.report).some((f) => f.severity === 'error'))!.report);
    const f = after(long).find((x) => x.severity === 'error')!;
    f.message = 'x'.repeat(5000);
    long.error = 'y'.repeat(5000);
    const md = renderFleetMarkdown(mergeReports([{ source: 'long.json', report: long }]));
    expect(md).toContain(`${'x'.repeat(500)}… (4500 more characters in the report)`);
    expect(md).toContain(`${'y'.repeat(500)}… (4500 more characters in the report)`);
    expect(md).not.toContain('x'.repeat(501));
  });

  it('renders text: aligned columns, control characters made visible', () => {
    const hostile = clone(real[0]!.report);
    hostile.host.hostname = 'bell\u0007host';
    const text = renderFleetText(mergeReports([...real, { source: 'h.json', report: hostile }]));
    expect(text).toContain('bell\\x07host');
    expect(text).not.toContain('\u0007');
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('RUNNER'))!;
    const statusCol = header.indexOf('STATUS');
    for (const { report } of real) {
      const line = lines.find((l) => l.startsWith(report.host.hostname + ' '))!;
      expect(line.slice(statusCol).startsWith(report.status)).toBe(true);
    }
    expect(text).toMatch(new RegExp(`^${real.length + 1} runners: `));
  });
});

describe('loadReports refuses what is not a report, naming the file', () => {
  const write = (name: string, value: unknown) => {
    const p = join(scratch, 'bad', name);
    mkdirSync(join(scratch, 'bad'), { recursive: true });
    writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
    return p;
  };

  it.each<[string, (r: Report) => unknown, RegExp]>([
    ['package.json', () => ({ name: 'x', version: '1.0.0' }), /not a buildkit-healer report: "schema" is undefined/],
    ['array.json', () => [1, 2], /expected a JSON object/],
    ['newer.json', (r) => ({ ...r, version: 2 }), /report version 2 is not supported.*upgrade/],
    ['other-tool.json', (r) => ({ ...r, tool: { name: 'other', version: '1' } }), /\/tool\/name/],
    [
      'bad-finding.json',
      (r) => ({ ...r, findings: [{ id: 'x', subject: 's', message: 'm', severity: 'fatal' }] }),
      /\/findings\/0\/severity/,
    ],
    ['no-builders.json', (r) => ({ ...r, builders: undefined }), /builders/],
  ])('%s', async (name, make, message) => {
    const p = write(name, make(clone(real[0]!.report)));
    const e = await loadReports([p]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toContain(p);
    expect((e as Error).message).toMatch(message);
  });

  it('invalid JSON, a missing path, a directory without reports', async () => {
    const p = write('truncated.json', readFileSync(real[0]!.source, 'utf8').slice(0, 100));
    await expect(loadReports([p])).rejects.toThrow(new RegExp(`${p}: not a buildkit-healer report: invalid JSON`));
    await expect(loadReports([join(scratch, 'nope.json')])).rejects.toThrow(/nope\.json: no such file/);
    mkdirSync(join(scratch, 'empty'));
    await expect(loadReports([join(scratch, 'empty')])).rejects.toThrow(/empty: the directory holds no \*\.json/);
  });

  it('one foreign file in a directory of reports stops the whole merge', async () => {
    const dir = join(scratch, 'mixed');
    for (const { source } of real) {
      mkdirSync(join(dir, basename(source, '.json')), { recursive: true });
      writeFileSync(join(dir, basename(source, '.json'), 'report.json'), readFileSync(source));
    }
    writeFileSync(join(dir, 'notes.json'), '{"hello":"world"}');
    await expect(loadReports([dir])).rejects.toThrow(/notes\.json: not a buildkit-healer report/);
  });
});

describe('report command', () => {
  it('merge: text by default, --markdown, --json with its own schema, --output to a file', async () => {
    const t = io(fixtures);
    expect(await reportMerge(['.'], t)).toBe(0);
    expect(t.out).toMatch(new RegExp(`^${real.length} runners: `));
    const m = io(fixtures);
    expect(await reportCommand(['merge', '--markdown', '.'], m)).toBe(0);
    expect(m.out).toMatch(/^## BuildKit fleet health/);
    const j = io();
    expect(await reportMerge(['--json', '--output', 'fleet.json', fixtures], j)).toBe(0);
    expect(j.out).toBe('');
    const fleet = JSON.parse(readFileSync(join(scratch, 'fleet.json'), 'utf8')) as {
      schema: string;
      version: number;
      rows: unknown[];
    };
    expect(fleet.schema).toBe('buildkit-healer/fleet');
    expect(fleet.version).toBe(1);
    expect(fleet.rows).toHaveLength(real.length);
  });

  it.each<[string[], number, RegExp]>([
    [
      ['merge', '--frobnicate', 'x'],
      2,
      /Invalid option "--frobnicate": expected --json, --markdown, --output FILE, --help/,
    ],
    [['merge'], 2, /at least one report file or directory/],
    [['merge', '--json', '--markdown', 'x'], 2, /only one of --json, --markdown/],
    [['merge', '--output'], 2, /--output/],
    [['merge', 'missing.json'], 1, /missing\.json: no such file/],
    [['squash'], 2, /unknown subcommand "squash": expected merge or metrics/],
    [['metrics', 'a.json', 'b.json'], 2, /exactly one report file/],
  ])('%j exits %i with a clear error', async (args, code, message) => {
    const t = io();
    expect(await reportCommand(args, t)).toBe(code);
    expect(t.err).toMatch(message);
    expect(t.out).toBe('');
  });

  it('metrics: renders a real report, --output writes the textfile', async () => {
    const t = io();
    const target = join(scratch, 'textfile', 'bkh.prom');
    expect(await reportMetrics([real[0]!.source, '--output', target], t)).toBe(0);
    const text = readFileSync(target, 'utf8');
    expect(text).toMatch(/^# HELP buildkit_healer_/);
    expect(text).toContain(
      `buildkit_healer_healthy{mode="${real[0]!.report.mode}"} ${real[0]!.report.healthy ? 1 : 0}`,
    );
  });
});
