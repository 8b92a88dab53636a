/**
 * The README's customizing tables cannot drift from the actions: every input row names an input of
 * that action with its default from action.yml (generated from the option table), and every output
 * of both actions is listed. The workflows in the README are linted by lint-workflows.test.ts and
 * their rollback conditions checked by workflows.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generatedRows } from '../support/markdown.js';

const root = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const readme = read('README.md');

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}

describe('README customizing tables against both action.yml files', () => {
  const cases = [
    ['action.yml', 'heal', 12],
    ['rollback/action.yml', 'rollback', 5],
  ] as const;
  for (const [file, prefix, atLeast] of cases) {
    const a = parse(read(file)) as ActionYml;
    it(`${file}: each input row exists there, with its default`, () => {
      const rows = generatedRows(readme, `readme-${prefix}-inputs`);
      expect(rows.size).toBeGreaterThanOrEqual(atLeast);
      for (const [name, [def, what]] of rows) {
        expect(Object.keys(a.inputs), `README input ${name}`).toContain(name);
        const d = a.inputs[name]!.default;
        expect(def, `default of ${name}`).toBe(d === undefined || d === '' ? '(empty)' : `\`${d}\``);
        expect(what, `what ${name} is for`).not.toBe('');
      }
    });
    it(`${file}: every output, and no other`, () => {
      const rows = generatedRows(readme, `readme-${prefix}-outputs`);
      expect([...rows.keys()].sort()).toEqual(Object.keys(a.outputs).sort());
    });
  }

  it('keeps the two developer commands verbatim, after the user part', () => {
    const dev = readme.indexOf('## For developers');
    expect(dev).toBeGreaterThan(readme.indexOf('## Customizing: inputs and outputs'));
    const block = readme.indexOf('bash scripts/quickstart.sh   # set up');
    expect(block).toBeGreaterThan(dev);
    expect(readme.slice(block)).toMatch(/^bash scripts\/quickstart\.sh .*\nnpm test /);
  });

  it('has a complete workflow, with runs-on and permissions, for each of the three uses', () => {
    const wfs = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(
        (m) => parse(m[1]!) as { on?: unknown; permissions?: unknown; jobs?: Record<string, { 'runs-on'?: unknown }> },
      )
      .filter((w) => w.on !== undefined && w.jobs !== undefined);
    expect(
      wfs.map((w) =>
        Object.keys(w.on as object)
          .sort()
          .join(','),
      ),
    ).toEqual(['pull_request,push', 'schedule,workflow_dispatch', 'workflow_dispatch']);
    for (const w of wfs) {
      expect(w.permissions).toBeDefined();
      for (const j of Object.values(w.jobs!)) expect(j['runs-on']).toBeDefined();
    }
  });
});
