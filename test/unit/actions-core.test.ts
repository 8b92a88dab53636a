import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as lib from '@actions/core';
import * as mine from '../../src/action/actions-core.js';

// src/action/actions-core.ts is @actions/core's own functions the heal action uses, composed from
// the package's modules without its index (which loads the OIDC client). Each is run here beside
// the library's, on the same environment, and must write the same stdout, the same workflow-command
// files and the same exit code.
type Api = typeof mine;

/** Runs `fn` with stdout captured and the command files fresh; returns what it wrote. */
function capture(dir: string, fn: () => void): { stdout: string; output: string; exitCode: unknown } {
  const out = join(dir, 'output');
  writeFileSync(out, '');
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = before;
  // A multi-line value is framed by a random delimiter: the same frame, another name each call.
  const output = readFileSync(out, 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'ghadelimiter_X');
  return { stdout, output, exitCode };
}

const CALLS: [string, (c: Api) => void][] = [
  [
    'getInput',
    (c) =>
      void process.stdout.write(
        JSON.stringify([c.getInput('mode'), c.getInput('two words'), c.getInput('mode', { trimWhitespace: false })]),
      ),
  ],
  [
    'getInput required',
    (c) =>
      void process.stdout.write(
        String(
          (() => {
            try {
              return c.getInput('absent', { required: true });
            } catch (e) {
              return (e as Error).message;
            }
          })(),
        ),
      ),
  ],
  [
    'setOutput',
    (c) => {
      c.setOutput('status', 'healthy');
      c.setOutput('multi', 'a\nb');
      c.setOutput('json', { x: 1 });
    },
  ],
  ['setFailed', (c) => c.setFailed('bad input: mode')],
  ['setFailed Error', (c) => c.setFailed(new Error('boom'))],
  [
    'annotations',
    (c) => {
      c.error('e%1\r\n', { title: 'T:1', file: 'a.yml', startLine: 3 });
      c.warning('w');
      c.notice(new Error('n'), { title: 'x,y' });
    },
  ],
  [
    'info and debug',
    (c) => {
      c.info('line');
      c.debug('dbg\nmore');
    },
  ],
];

describe('the heal action part of @actions/core', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bkh-core-'));
    process.env.INPUT_MODE = '  auto \n';
    process.env.INPUT_TWO_WORDS = 'x';
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  for (const withFile of [true, false]) {
    for (const [name, call] of CALLS) {
      it(`${name}, ${withFile ? 'with' : 'without'} GITHUB_OUTPUT: the same as the library`, () => {
        if (withFile) process.env.GITHUB_OUTPUT = join(dir, 'output');
        else delete process.env.GITHUB_OUTPUT;
        const want = capture(dir, () => call(lib as unknown as Api));
        const got = capture(dir, () => call(mine));
        expect(got).toEqual(want);
        // Each call wrote something: a comparison of two silences would prove nothing.
        expect(want.stdout + want.output).not.toBe('');
      });
    }
  }

  it('summary is the library summary module', () => {
    expect(mine.summary).toBe(lib.summary);
  });
});
