import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stepRuns, type Value } from '../support/gh-expr.js';

// Lints the example workflows, the project's own workflows and both action metadata files with
// the real action-validator CLI (its JSON schemas for workflows and actions, compiled to wasm),
// then checks what a schema cannot: that the examples use only inputs and outputs our two
// action.yml files declare.

const root = join(import.meta.dirname, '../..');
const validatorBin = join(root, 'node_modules/.bin/action-validator');
const scratch = mkdtempSync(join(tmpdir(), 'bkh-workflows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Lint {
  status: number | null;
  output: string;
}
function lint(path: string): Lint {
  const r = spawnSync(process.execPath, [validatorBin, path], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function ymlFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .map((f) => join(dir, f));
}

const workflows = [...ymlFiles('examples'), ...ymlFiles('.github/workflows')];
const actions = ['action.yml', 'rollback/action.yml'];

/**
 * action-validator 0.6.0's action schema lists `runs.using` as node12/node16/node20 only: it
 * predates the node24 runtime GitHub runs our actions on. For an action.yml that says node24, the
 * rest of the file is linted on a copy that says node20, and node24 itself is asserted
 * separately, so this never waves through any other error.
 */
function lintAction(rel: string): Lint & { using: unknown } {
  const text = readFileSync(join(root, rel), 'utf8');
  const using = (parse(text) as { runs?: { using?: unknown } }).runs?.using;
  const direct = lint(join(root, rel));
  if (direct.status === 0 || using !== 'node24') return { ...direct, using };
  const dir = join(scratch, rel.replace(/\//g, '_'));
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, 'action.yml'); // the CLI picks the action schema by this file name
  const replaced = text.replace(/^(\s*using:\s*['"]?)node24(['"]?\s*)$/m, '$1node20$2');
  expect(replaced).not.toBe(text);
  writeFileSync(copy, replaced);
  return { ...lint(copy), using };
}

describe('action-validator', () => {
  it('finds the example workflows', () => {
    expect(
      ymlFiles('examples')
        .map((f) => f.replace('examples/', ''))
        .sort(),
    ).toEqual(expect.arrayContaining(['manual-repair.yml', 'pre-build.yml', 'weekly-health-check.yml']));
  });

  it.each(workflows)('workflow %s passes', (rel) => {
    const r = lint(join(root, rel));
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(actions)('action %s passes and runs on node24', (rel) => {
    expect(existsSync(join(root, rel)), `${rel} is missing`).toBe(true);
    const r = lintAction(rel);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
    expect(r.using).toBe('node24');
  });

  it.each([
    [
      'an unknown trigger and a misspelt key',
      'name: x\non: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo\n',
    ],
    ['a job without runs-on or uses', 'name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n'],
    [
      'a step with both run and uses',
      'name: x\non: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        uses: actions/checkout@v4\n',
    ],
    ['YAML that does not parse', 'name: x\non: push\njobs:\n  a: [\n'],
  ])('really catches a broken workflow: %s', (_what, text) => {
    const p = join(scratch, `broken-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(p, text);
    const r = lint(p);
    expect(r.status).not.toBe(0);
    expect(r.output.length).toBeGreaterThan(0);
  });

  it('really catches a broken action.yml (misspelt runs.main)', () => {
    const dir = join(scratch, 'broken-action');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'action.yml'), 'name: x\ndescription: y\nruns:\n  using: node20\n  mian: dist/index.js\n');
    const r = lint(join(dir, 'action.yml'));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/mian/);
  });
});

// What the schema cannot know: the examples must call our actions with inputs they declare and
// read only outputs they set.
interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}
interface ActionMeta {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function ours(uses: string | undefined): 'heal' | 'rollback' | undefined {
  if (!uses) return undefined;
  if (uses === './' || /^[^/]+\/buildkit-healer@/.test(uses)) return 'heal';
  if (uses === './rollback' || /^[^/]+\/buildkit-healer\/rollback@/.test(uses)) return 'rollback';
  return undefined;
}

describe('examples use only declared inputs and outputs', () => {
  const meta = (rel: string): ActionMeta =>
    existsSync(join(root, rel)) ? (parse(readFileSync(join(root, rel), 'utf8')) as ActionMeta) : {};

  it.each(ymlFiles('examples'))('%s', (rel) => {
    const heal = meta('action.yml');
    const rollback = meta('rollback/action.yml');
    expect(heal.inputs, 'action.yml declares inputs').toBeDefined();
    expect(rollback.inputs, 'rollback/action.yml declares inputs').toBeDefined();
    const text = readFileSync(join(root, rel), 'utf8');
    const wf = parse(text) as Workflow;
    let used = 0;
    const healIds = new Set<string>();
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps ?? []) {
        const which = ours(step.uses);
        if (!which) continue;
        used += 1;
        const declared = Object.keys((which === 'heal' ? heal : rollback).inputs ?? {});
        for (const key of Object.keys(step.with ?? {}))
          expect(declared, `${rel}: input ${key} of ${step.uses}`).toContain(key);
        if (which === 'heal' && step.id) healIds.add(step.id);
      }
    }
    expect(used).toBeGreaterThan(0);
    const outputs = Object.keys(heal.outputs ?? {});
    for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (healIds.has(m[1]!)) expect(outputs, `${rel}: output ${m[2]}`).toContain(m[2]);
    }
  });
});

// Rollback only on the heal's own outcome: every rollback step that follows a heal step must run
// when the heal says `failed` and made a backup, and never when the job failed for another
// reason (a Dockerfile or a test) or was cancelled. Each `if:` is evaluated by a small GitHub
// expression evaluator over every combination of the heal's outputs and outcome and the outcomes
// of the other steps before it.

interface AnyStep {
  id?: string;
  uses?: string;
  run?: string;
  if?: string | boolean;
  'continue-on-error'?: boolean;
}

/** The fenced yaml blocks of a markdown file that hold a workflow or a list of steps. */
function yamlBlocks(rel: string): Source[] {
  const text = readFileSync(join(root, rel), 'utf8');
  const out: Source[] = [];
  for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    let doc: unknown;
    try {
      doc = parse(m[1]!);
    } catch {
      continue;
    }
    const heading = [...text.slice(0, m.index).matchAll(/^#+ (.*)$/gm)].pop()?.[1] ?? '';
    // The documented separate policy: also roll back when the first build after a repair fails.
    const alsoOn = /first build after a repair fails/i.test(heading) ? 'first-build' : undefined;
    out.push({ where: `${rel}:${line}`, steps: stepLists(doc), ...(alsoOn ? { alsoOn } : {}) });
  }
  return out;
}

function stepLists(doc: unknown): AnyStep[][] {
  if (Array.isArray(doc)) return [doc as AnyStep[]];
  const jobs = (doc as { jobs?: Record<string, { steps?: AnyStep[] }> } | null)?.jobs;
  if (jobs) return Object.values(jobs).map((j) => j.steps ?? []);
  const steps = (doc as { steps?: AnyStep[] } | null)?.steps;
  return steps ? [steps] : [];
}

interface Source {
  where: string;
  steps: AnyStep[][];
  alsoOn?: string;
}

export interface RollbackStep {
  /** A step whose failure after a successful repair is an accepted trigger too (the documented first-build pattern). */
  alsoOn?: string;
  cond: string | undefined;
  healId: string;
  /** ids (or positions) of the other steps before the rollback step. */
  others: string[];
}

/** Rollback steps that come after a heal step in the same step list. */
function rollbackSteps(steps: AnyStep[]): RollbackStep[] {
  const out: RollbackStep[] = [];
  const heals: string[] = [];
  const before: string[] = [];
  steps.forEach((s, i) => {
    const which = ours(s.uses);
    if (which === 'rollback' && heals.length > 0) {
      const cond = s.if === undefined ? undefined : String(s.if);
      // The heal this rollback answers: the one its condition reads, else the last one before it.
      const healId = heals.find((h) => cond?.includes(`steps.${h}.`)) ?? heals[heals.length - 1]!;
      out.push({ cond, healId, others: before.filter((b) => b !== healId) });
    } else if (which === 'heal' && s.id) {
      heals.push(s.id);
      before.push(s.id);
    } else if (!s['continue-on-error']) {
      before.push(s.id ?? `#${i}`);
    }
  });
  return out;
}

const STATUSES = ['healthy', 'unhealthy', 'repaired', 'failed', ''];
type Outcome = 'success' | 'failure' | 'skipped';

function* product(n: number): Generator<Outcome[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (const rest of product(n - 1)) for (const o of ['success', 'failure', 'skipped'] as const) yield [o, ...rest];
}

/** Every way the condition is wrong, as readable strings; empty when it is right. */
export function rollbackConditionProblems(r: RollbackStep): string[] {
  const problems = new Set<string>();
  for (const healOutcome of ['success', 'failure'] as const)
    for (const status of STATUSES)
      for (const backup of ['', 'bkh-20261126-runner-1'])
        for (const cancelled of [false, true])
          for (const outcomes of product(r.others.length)) {
            const steps: Record<string, Value> = {};
            r.others.forEach((id, i) => (steps[id] = { outcome: outcomes[i]!, conclusion: outcomes[i]!, outputs: {} }));
            steps[r.healId] = {
              outcome: healOutcome,
              conclusion: healOutcome,
              outputs: {
                status,
                'backup-name': backup,
                'backup-artifact-id': backup ? '42' : '',
                'report-path': '/tmp/r.json',
                healthy: String(status === 'healthy' || status === 'repaired'),
              },
            };
            const otherFailed = outcomes.includes('failure');
            const accepted =
              r.alsoOn !== undefined && status === 'repaired' && outcomes[r.others.indexOf(r.alsoOn)] === 'failure';
            const failed = otherFailed || healOutcome === 'failure';
            const runs = stepRuns(r.cond, {
              context: { steps, inputs: {}, github: { event_name: 'push' }, env: {}, vars: {}, runner: {} },
              status: { failed, cancelled },
            });
            const what = `heal ${healOutcome} status=${JSON.stringify(status)} backup=${backup ? 'set' : 'empty'}${cancelled ? ' cancelled' : ''} others=${outcomes.join(',') || '-'}`;
            if (runs && cancelled) problems.add(`fires on a cancelled run (${what})`);
            if (runs && failed && status !== 'failed' && !accepted)
              problems.add(`fires on a failure that is not the heal's (${what})`);
            if (runs && !backup) problems.add(`fires without a backup (${what})`);
            if (!runs && !cancelled && status === 'failed' && backup)
              problems.add(`does not fire when the heal failed with a backup (${what})`);
            if (!runs && !cancelled && accepted && backup)
              problems.add(`does not fire when the first build after a repair failed (${what})`);
          }
  return [...problems].slice(0, 5);
}

describe("rollback steps fire only on the heal's own failure", () => {
  const sources: Source[] = [
    ...workflows.map((rel) => ({ where: rel, steps: stepLists(parse(readFileSync(join(root, rel), 'utf8'))) })),
    ...[
      'README.md',
      ...readdirSync(join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ].flatMap(yamlBlocks),
  ];
  const cases = sources.flatMap((s) =>
    s.steps.flatMap((list) =>
      rollbackSteps(list).map((r) => [s.where, s.alsoOn ? { ...r, alsoOn: s.alsoOn } : r] as const),
    ),
  );

  it('finds the rollback steps of the examples, the README, docs/rollback.md and ci.yml', () => {
    const where = new Set(cases.map(([w]) => w.replace(/:\d+$/, '')));
    for (const f of [
      'examples/pre-build.yml',
      'examples/manual-repair.yml',
      'README.md',
      'docs/rollback.md',
      '.github/workflows/ci.yml',
    ])
      expect([...where]).toContain(f);
    const firstBuild = cases.filter(([, r]) => r.alsoOn === 'first-build');
    expect(firstBuild).toHaveLength(1);
    expect(firstBuild[0]![1].others).toContain('first-build');
  });

  it.each(cases)('%s: %j', (_where, r) => {
    expect(rollbackConditionProblems(r)).toEqual([]);
  });

  const step = (cond: string | undefined): RollbackStep => ({ cond, healId: 'heal', others: ['checkout', 'build'] });
  it.each([
    ["failure() && steps.heal.outputs.backup-name != ''", /not the heal's/],
    ["always() && steps.heal.outputs.backup-name != ''", /not the heal's/],
    ["${{ failure() && steps.heal.outputs.backup-name != '' }}", /not the heal's/],
    [
      "steps.heal.outputs.status == 'failed' && steps.heal.outputs.backup-name != ''",
      /does not fire when the heal failed/,
    ],
    ["always() && steps.heal.outputs.status == 'failed' && steps.heal.outputs.backup-name != ''", /cancelled/],
    ["!cancelled() && steps.heal.outputs.status == 'failed'", /without a backup/],
    [undefined, /without a backup/],
  ])('catches the wrong condition %j', (cond, re) => {
    const problems = rollbackConditionProblems(step(cond));
    expect(problems.join('\n')).toMatch(re);
  });

  it("the first-build pattern accepts only that step's failure after a repair", () => {
    const cond =
      "${{ !cancelled() && steps.heal.outputs.backup-name != '' && (steps.heal.outputs.status == 'failed' || (steps.heal.outputs.status == 'repaired' && steps.first-build.outcome == 'failure')) }}";
    const r: RollbackStep = { cond, healId: 'heal', others: ['first-build', 'test'], alsoOn: 'first-build' };
    expect(rollbackConditionProblems(r)).toEqual([]);
    expect(
      rollbackConditionProblems({ ...r, cond: "failure() && steps.heal.outputs.backup-name != ''" }).join('\n'),
    ).toMatch(/not the heal's/);
  });

  it.each([
    "${{ !cancelled() && steps.heal.outputs.status == 'failed' && steps.heal.outputs.backup-name != '' }}",
    "!cancelled() && steps.heal.outputs.status == 'FAILED' && steps.heal.outputs.backup-name",
  ])('accepts the heal-outcome condition %j', (cond) => {
    expect(rollbackConditionProblems(step(cond))).toEqual([]);
  });
});
