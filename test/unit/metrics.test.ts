import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { REPORT_SCHEMA, REPORT_VERSION } from '../../src/core/report.js';
import type { Builder, Finding } from '../../src/core/types.js';
import { renderMetrics, writeMetricsFile } from '../../src/report/metrics.js';
import { loadReports } from '../../src/report/merge.js';

// The real parser (a port of the Prometheus Python client's), untyped CommonJS: typed here.
interface ParsedSample {
  value: string;
  labels?: Record<string, string>;
}
interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  metrics: ParsedSample[];
}
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => ParsedFamily[];

function family(parsed: ParsedFamily[], name: string): ParsedFamily {
  const f = parsed.find((p) => p.name === name);
  if (!f) throw new Error(`no family ${name} in ${parsed.map((p) => p.name).join(', ')}`);
  return f;
}
function sample(f: ParsedFamily, labels: Record<string, string>): number {
  const s = f.metrics.filter((m) => JSON.stringify(m.labels ?? {}) === JSON.stringify(labels));
  if (s.length !== 1) throw new Error(`${f.name}${JSON.stringify(labels)}: ${s.length} samples`);
  return Number(s[0]!.value);
}

function builder(name: string, driver: string, status: Builder['status'], error?: string): Builder {
  return {
    name,
    driver,
    current: name === 'default',
    status,
    ...(error ? { error } : {}),
    nodes: [{ name: `${name}0`, endpoint: 'unix:///var/run/docker.sock', status, platforms: ['linux/amd64'] }],
  };
}
function finding(id: string, severity: Finding['severity'], subject: string): Finding {
  return { id, severity, subject, message: `${id} on ${subject}`, evidence: [] };
}

/** A report as a heal leaves it; the values are inputs, every assertion derives from them. */
function healReport(over: Partial<Report> = {}): Report {
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    tool: { name: 'buildkit-healer', version: '0.1.0' },
    mode: 'auto',
    dryRun: false,
    startedAt: '2026-11-23T22:00:00.000Z',
    finishedAt: '2026-11-23T22:00:03.250Z',
    host: { hostname: 'runner-1', dockerHost: 'unix:///var/run/docker.sock', platform: 'linux/amd64' },
    status: 'repaired',
    healthy: true,
    failOn: 'error',
    versions: { docker: '26.1.5', buildx: '0.13.1', buildkit: 'v0.13.2' },
    builders: [builder('default', 'docker', 'running'), builder('broken', 'docker-container', 'error', 'boom')],
    buildersAfter: [builder('default', 'docker', 'running'), builder('ci', 'docker-container', 'inactive')],
    findings: [finding('builder.error', 'error', 'broken'), finding('cache.over-limit', 'warning', 'default')],
    findingsAfter: [finding('cache.over-limit', 'warning', 'default')],
    actions: [],
    phases: [
      { phase: 'diagnose', durationMs: 420, ok: true },
      { phase: 'backup', durationMs: 1500, ok: true },
      { phase: 'clean', durationMs: 0, ok: true, skipped: true },
      { phase: 'validate', durationMs: 1330, ok: false, error: 'x' },
    ],
    cache: { totalBytes: 123456789, reclaimableBytes: 2345 },
    notes: [],
    ...over,
  };
}

describe('renderMetrics', () => {
  it('parses with the real Prometheus parser: every series, HELP and TYPE, values from the report', () => {
    const r = healReport();
    const text = renderMetrics(r);
    const parsed = parsePrometheus(text);
    for (const f of parsed) {
      expect(f.type, f.name).toBe('GAUGE');
      expect(f.help.length, f.name).toBeGreaterThan(10);
      expect(f.name.startsWith('buildkit_healer_')).toBe(true);
    }
    // Every HELP/TYPE pair names a family that has samples.
    expect(text.match(/^# TYPE /gm)?.length).toBe(parsed.length);

    expect(sample(family(parsed, 'buildkit_healer_healthy'), { mode: 'auto' })).toBe(1);
    const status = family(parsed, 'buildkit_healer_last_run_status');
    expect(status.metrics).toHaveLength(4);
    for (const s of ['healthy', 'unhealthy', 'repaired', 'failed']) {
      expect(sample(status, { mode: 'auto', status: s })).toBe(s === r.status ? 1 : 0);
    }
    expect(sample(family(parsed, 'buildkit_healer_last_run_timestamp_seconds'), { mode: 'auto' })).toBe(
      Date.parse(r.finishedAt) / 1000,
    );
    expect(sample(family(parsed, 'buildkit_healer_last_run_duration_seconds'), { mode: 'auto' })).toBeCloseTo(3.25);

    // After a heal the builders and findings are the re-diagnosed ones.
    const bh = family(parsed, 'buildkit_healer_builder_healthy');
    expect(bh.metrics).toHaveLength(r.buildersAfter!.length);
    expect(sample(bh, { builder: 'default', driver: 'docker' })).toBe(1);
    expect(sample(bh, { builder: 'ci', driver: 'docker-container' })).toBe(1);
    expect(sample(family(parsed, 'buildkit_healer_builder_current'), { builder: 'default', driver: 'docker' })).toBe(1);

    const findings = family(parsed, 'buildkit_healer_findings');
    expect(sample(findings, { severity: 'error' })).toBe(0);
    expect(sample(findings, { severity: 'warning' })).toBe(1);
    expect(sample(findings, { severity: 'info' })).toBe(0);
    const detected = family(parsed, 'buildkit_healer_findings_detected');
    expect(sample(detected, { severity: 'error' })).toBe(1);
    expect(
      sample(family(parsed, 'buildkit_healer_finding'), {
        id: 'cache.over-limit',
        severity: 'warning',
        subject: 'default',
      }),
    ).toBe(1);

    expect(sample(family(parsed, 'buildkit_healer_cache_bytes'), {})).toBe(123456789);
    expect(sample(family(parsed, 'buildkit_healer_cache_reclaimable_bytes'), {})).toBe(2345);

    const pd = family(parsed, 'buildkit_healer_phase_duration_seconds');
    for (const p of r.phases) expect(sample(pd, { phase: p.phase })).toBeCloseTo(p.durationMs / 1000);
    expect(sample(family(parsed, 'buildkit_healer_phase_ok'), { phase: 'validate' })).toBe(0);
    expect(family(parsed, 'buildkit_healer_info').metrics[0]!.labels).toMatchObject({
      buildx: '0.13.1',
      docker: '26.1.5',
    });
  });

  it('marks builders in error as unhealthy, leaves out cache series without cache data, ends with a newline', () => {
    const r = healReport({ mode: 'check', status: 'unhealthy', healthy: false, cache: undefined });
    delete r.buildersAfter;
    delete r.findingsAfter;
    const text = renderMetrics(r);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/cache_bytes/);
    expect(text).not.toMatch(/findings_detected/);
    const parsed = parsePrometheus(text);
    const bh = family(parsed, 'buildkit_healer_builder_healthy');
    expect(sample(bh, { builder: 'broken', driver: 'docker-container' })).toBe(0);
    expect(sample(family(parsed, 'buildkit_healer_healthy'), { mode: 'check' })).toBe(0);
    expect(sample(family(parsed, 'buildkit_healer_findings'), { severity: 'error' })).toBe(1);
    // A sample line is `name{labels} value`: no timestamps (the textfile collector rejects them).
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{.*\})? [-+0-9.e]+$/);
    }
  });

  it('escapes nasty label values so they round-trip, and never repeats a series', () => {
    const nasty = ['we"ird', 'back\\slash', 'new\nline', 'brace}{,=', 'ünï🐳', '\\"\\n', ''];
    const builders = nasty.map((n) => builder(n, 'docker-container', 'error', 'x'));
    const r = healReport({ builders: [...builders, builders[0]!], buildersAfter: undefined, findingsAfter: undefined });
    r.findings = nasty.map((n) => finding('builder.error', 'error', n));
    r.host.hostname = 'host "with" \\ and\nnewline';
    const parsed = parsePrometheus(renderMetrics(r));
    const bh = family(parsed, 'buildkit_healer_builder_healthy');
    expect(bh.metrics.map((m) => m.labels?.builder)).toEqual(nasty);
    const f = family(parsed, 'buildkit_healer_finding');
    expect(f.metrics.map((m) => m.labels?.subject)).toEqual(nasty);
    expect(family(parsed, 'buildkit_healer_info').metrics[0]!.labels?.host).toBe(r.host.hostname);
  });

  it('round-trips any label value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 20 }), (name, driver) => {
        const r = healReport({ buildersAfter: [builder(name, driver, 'running')] });
        const bh = family(parsePrometheus(renderMetrics(r)), 'buildkit_healer_builder_healthy');
        expect(bh.metrics).toEqual([{ value: '1', labels: { builder: name, driver } }]);
      }),
      { numRuns: 300 },
    );
  });

  it('renders every recorded real report (test/fixtures/reports, made by scripts/capture-reports.sh)', async () => {
    const fixtures = await loadReports([join(import.meta.dirname, '../fixtures/reports')]);
    expect(fixtures.length).toBeGreaterThan(0);
    for (const { source: name, report } of fixtures) {
      const parsed = parsePrometheus(renderMetrics(report));
      expect(sample(family(parsed, 'buildkit_healer_healthy'), { mode: report.mode }), name).toBe(
        report.healthy ? 1 : 0,
      );
      const names = [...new Set((report.buildersAfter ?? report.builders).map((b) => b.name))];
      expect(sample(family(parsed, 'buildkit_healer_builders'), {}), name).toBe(names.length);
      // A family without samples is left out (buildx could list no builder at all).
      const bh = parsed.find((f) => f.name === 'buildkit_healer_builder_healthy');
      expect(bh?.metrics.map((m) => m.labels?.builder) ?? [], name).toEqual(names);
      // A phase that ran twice (diagnose before and after a heal) is one series: the sum.
      const pd = family(parsed, 'buildkit_healer_phase_duration_seconds');
      for (const phase of new Set(report.phases.map((p) => p.phase))) {
        const total = report.phases.filter((p) => p.phase === phase).reduce((a, p) => a + p.durationMs, 0);
        expect(sample(pd, { phase }), `${name} ${phase}`).toBeCloseTo(total / 1000);
      }
      const current = (parsed.find((f) => f.name === 'buildkit_healer_builder_current')?.metrics ?? []).filter(
        (m) => m.value === '1',
      );
      expect(current.length, name).toBeLessThanOrEqual(1);
      const shown = report.buildersAfter ?? report.builders;
      if (report.currentBuilder && shown.some((b) => b.name === report.currentBuilder)) {
        expect(
          current.map((m) => m.labels?.builder),
          name,
        ).toEqual([report.currentBuilder]);
      }
    }
    // The recordings include a heal that ran diagnose twice.
    expect(fixtures.some(({ report }) => report.phases.filter((p) => p.phase === 'diagnose').length > 1)).toBe(true);
  });
});

describe('writeMetricsFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'bkh-metrics-'));
    dirs.push(d);
    return d;
  };

  it('writes the text, replaces an older file, creates the directory, leaves no temp file', async () => {
    const dir = join(tmp(), 'textfile');
    const path = join(dir, 'buildkit_healer.prom');
    await writeMetricsFile(path, 'a 1\n');
    writeFileSync(join(dir, 'other.prom'), 'b 2\n');
    const text = renderMetrics(healReport());
    await writeMetricsFile(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir).sort()).toEqual(['buildkit_healer.prom', 'other.prom']);
  });

  it('fails loudly and cleans up its temp file when the rename cannot happen', async () => {
    const dir = tmp();
    const path = join(dir, 'x.prom');
    mkdirSync(join(path, 'child'), { recursive: true }); // a non-empty directory cannot be replaced by a file
    await expect(writeMetricsFile(path, 'a 1\n')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['x.prom']);
  });
});
