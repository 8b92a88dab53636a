import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
    expect(ymlFiles('examples').map((f) => f.replace('examples/', '')).sort()).toEqual(
      expect.arrayContaining(['manual-repair.yml', 'pre-build.yml', 'weekly-health-check.yml']),
    );
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
    ['an unknown trigger and a misspelt key', 'name: x\non: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo\n'],
    ['a job without runs-on or uses', 'name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n'],
    ['a step with both run and uses', 'name: x\non: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        uses: actions/checkout@v4\n'],
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
        for (const key of Object.keys(step.with ?? {})) expect(declared, `${rel}: input ${key} of ${step.uses}`).toContain(key);
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
