/**
 * The quick path's invariant as pure rules: the quick look answered only when every probe it ran
 * succeeded, returned something and agrees; a failed probe no error explains is a finding.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import type { Facts } from '../../src/checks/types.js';
import { probeFailures, probeFindings, quickLookAnswered } from '../../src/checks/probe.js';
import { quickVerdictHealthy } from '../../src/heal/heal.js';
import { answeredFacts, okResult } from './answered.js';

const failed = (argv: string[], stderr: string, extra: Partial<ReturnType<typeof okResult>> = {}) => ({
  ...okResult(argv, ''),
  exitCode: 1,
  stderr,
  ...extra,
});
const LS = ['docker', 'buildx', 'ls', '--format', 'json'];

/** Each way a probe can fail to answer, as the facts hold it. */
const broken: [string, (f: Facts) => void][] = [
  [
    'ls exits 1 (currentContext names a missing context)',
    (f) => {
      f.ls = { result: failed(LS, 'ERROR: no builder "ghost" found\n'), parseError: 'no output' };
    },
  ],
  [
    'ls times out',
    (f) => {
      f.ls = {
        result: { ...okResult(LS, ''), exitCode: null, signal: 'SIGKILL', timedOut: true, durationMs: 20000 },
        parseError: 'timed out',
      };
    },
  ],
  [
    'ls returns nothing',
    (f) => {
      f.ls = { result: okResult(LS, ''), parsed: { builders: [], errors: [], format: 'json' } };
    },
  ],
  [
    'ls prints to stderr',
    (f) => {
      if (f.ls) f.ls.result = { ...f.ls.result, stderr: 'Cannot load builder x: open: permission denied\n' };
    },
  ],
  [
    'ls falls back to the table',
    (f) => {
      if (f.ls?.parsed) f.ls.parsed = { ...f.ls.parsed, format: 'table' };
    },
  ],
  [
    'the Engine API container listing fails',
    (f) => {
      f.containers = failed(['GET', '/containers/json'], 'connect ENOENT');
    },
  ],
  [
    'GET /info answers nothing',
    (f) => {
      f.info = { result: okResult(['GET', '/info'], ''), parseError: 'GET /info did not answer' };
    },
  ],
  [
    'docker version: the daemon did not answer',
    (f) => {
      f.dockerVersion = {
        result: okResult(['docker', 'version'], '{"Client":{}}'),
        parsed: { serverError: 'Cannot connect to the Docker daemon' },
      };
    },
  ],
  [
    'the builder in use is not listed',
    (f) => {
      f.currentBuilder = 'ghost';
    },
  ],
];

describe('quickLookAnswered', () => {
  it('is true for a look where every probe answered and agrees', () => {
    expect(quickLookAnswered(answeredFacts())).toBe(true);
    expect(probeFailures(answeredFacts())).toEqual([]);
  });
  it.each(broken)('is false when %s', (_name, breakIt) => {
    const f = answeredFacts();
    breakIt(f);
    expect(quickLookAnswered(f)).toBe(false);
  });
  it('is false with no ls at all', () => {
    const f = answeredFacts();
    delete f.ls;
    expect(quickLookAnswered(f)).toBe(false);
  });
});

describe('probeFindings', () => {
  it('raises docker.probe-failed (error) naming the command and its error when nothing explains the failure', () => {
    const f = answeredFacts();
    f.ls = { result: failed(LS, 'ERROR: no builder "ghost" found\n'), parseError: 'no output' };
    const out = probeFindings(f, []);
    expect(out.map((x) => [x.id, x.severity])).toEqual([['docker.probe-failed', 'error']]);
    expect(out[0]?.message).toContain('docker buildx ls --format json');
    expect(out[0]?.message).toContain('no builder "ghost" found');
    expect(out[0]?.evidence.length).toBe(1);
  });
  it('stays silent when an error finding already explains it, and when every probe answered', () => {
    const f = answeredFacts();
    f.ls = { result: failed(LS, 'Cannot connect'), parseError: 'x' };
    const explained: Finding = {
      id: 'daemon.unreachable',
      severity: 'error',
      subject: 'daemon',
      message: 'down',
      evidence: [],
    };
    expect(probeFindings(f, [explained])).toEqual([]);
    expect(probeFindings(answeredFacts(), [])).toEqual([]);
  });
  it('a warning does not explain a failed probe', () => {
    const f = answeredFacts();
    f.ls = { result: failed(LS, 'boom'), parseError: 'x' };
    const warn: Finding = {
      id: 'state.current-missing',
      severity: 'warning',
      subject: 'current',
      message: 'm',
      evidence: [],
    };
    expect(probeFindings(f, [warn]).map((x) => x.id)).toEqual(['docker.probe-failed']);
  });
});

describe('quickVerdictHealthy (the verdict heal --mode auto gives from its quick look)', () => {
  it('healthy only with an answered look and no failing finding', () => {
    expect(quickVerdictHealthy({ facts: answeredFacts(), findings: [] }, 'error')).toBe(true);
    const f = answeredFacts();
    delete f.ls;
    expect(quickVerdictHealthy({ facts: f, findings: [] }, 'error')).toBe(false);
    const err: Finding = { id: 'disk.low', severity: 'error', subject: '/', message: 'low', evidence: [] };
    expect(quickVerdictHealthy({ facts: answeredFacts(), findings: [err] }, 'error')).toBe(false);
  });
  it('with bootstrap on, an inactive builder leaves the verdict to the full diagnose', () => {
    const f = answeredFacts();
    f.builders = [
      ...f.builders,
      {
        name: 'nopull',
        driver: 'docker-container',
        current: false,
        status: 'inactive',
        nodes: [{ name: 'nopull0', endpoint: 'unix:///var/run/docker.sock', status: 'inactive', platforms: [] }],
      },
    ];
    expect(quickVerdictHealthy({ facts: f, findings: [] }, 'error', false)).toBe(true);
    expect(quickVerdictHealthy({ facts: f, findings: [] }, 'error', true)).toBe(false);
  });
});
