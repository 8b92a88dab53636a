import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTION_SPECS, parseOptions } from '../../src/core/parse-options.js';
import { defaultOptions } from '../../src/core/options.js';
import { HEAL_OUTPUTS } from '../../src/action/outputs.js';
import { ROLLBACK_INPUTS } from '../../src/action/inputs.js';

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const root = join(import.meta.dirname, '..', '..');
const load = (p: string) => parse(readFileSync(join(root, p), 'utf8')) as ActionYml;

describe('action.yml', () => {
  const yml = load('action.yml');

  it('declares every option, in order, with the option table defaults and descriptions', () => {
    expect(Object.keys(yml.inputs)).toEqual(OPTION_SPECS.map((s) => s.name));
    for (const s of OPTION_SPECS) {
      expect(yml.inputs[s.name]).toEqual({ description: s.description, required: false, default: s.default });
    }
  });

  it('its defaults parse to the built-in defaults (what a runner passes when the user sets nothing)', () => {
    const raw = Object.fromEntries(Object.entries(yml.inputs).map(([k, v]) => [k, v.default ?? '']));
    const env = { HOME: '/home/runner' };
    expect(parseOptions(raw, { source: 'input', env })).toEqual(defaultOptions(env));
  });

  it('declares the outputs the host writes and runs the heal bundle on node24', () => {
    expect(Object.keys(yml.outputs)).toEqual(HEAL_OUTPUTS.map((o) => o.name));
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/heal/index.js' });
    expect(yml.branding.icon).not.toBe('');
  });
});

describe('rollback/action.yml', () => {
  const yml = load('rollback/action.yml');
  it('declares the rollback inputs and outputs and points at ../dist/rollback', () => {
    expect(Object.keys(yml.inputs)).toEqual(ROLLBACK_INPUTS.map((s) => s.name));
    for (const s of ROLLBACK_INPUTS) expect(yml.inputs[s.name]?.default).toBe(s.default);
    expect(Object.keys(yml.outputs)).toEqual(['status', 'restored', 'builders']);
    expect(yml.runs).toEqual({ using: 'node24', main: '../dist/rollback/index.js' });
  });
});

describe('schema check with action-validator', () => {
  // action-validator 0.6's schema predates `node24` (it lists node12/16/20 only), so the file is
  // checked with `using` swapped to node20: everything else must pass its schema as it is.
  it.each(['action.yml', 'rollback/action.yml'])('%s passes the action metadata schema', (file) => {
    const dir = mkdtempSync(join(tmpdir(), 'bkh-av-'));
    try {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text).toContain("using: 'node24'");
      const copy = join(dir, 'action.yml');
      writeFileSync(copy, text.replace("using: 'node24'", "using: 'node20'"));
      const out = execFileSync(join(root, 'node_modules', '.bin', 'action-validator'), [copy], { encoding: 'utf8' });
      expect(out).not.toMatch(/"errors"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
