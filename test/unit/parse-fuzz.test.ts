import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDockerInfo, parseDockerVersion } from '../../src/docker/parse/docker-json.js';
import { parseBuildxVersion } from '../../src/docker/parse/buildx-version.js';
import { parseDu } from '../../src/docker/parse/du.js';
import { parseInspect } from '../../src/docker/parse/inspect.js';
import { parseLsJson, parseLsTable } from '../../src/docker/parse/ls.js';
import { parseRawJsonProgress } from '../../src/docker/parse/progress.js';
import { formatSize, parseSize } from '../../src/core/size.js';
import { parseTop } from '../../src/docker/parse/top.js';
import { allRecorded, recorded } from '../fixtures/load.js';

type Parser = (stdout: string, stderr: string) => unknown;

/** Each parser with the recorded outputs it is meant for (stdout, or stderr for rawjson). */
const parsers: [string, Parser, string[]][] = [
  ['parseDockerVersion', parseDockerVersion, texts('docker', 'version', 'stdout')],
  ['parseDockerInfo', parseDockerInfo, texts('docker', 'info', 'stdout')],
  ['parseBuildxVersion', (s) => parseBuildxVersion(s), texts('buildx', 'version', 'stdout')],
  ['parseLsJson', parseLsJson, texts('buildx', 'ls-json', 'stdout')],
  ['parseLsTable', parseLsTable, texts('buildx', 'ls', 'stdout')],
  ['parseInspect', parseInspect, texts('buildx', 'inspect', 'stdout')],
  ['parseDu', (s) => parseDu(s), [...texts('buildx', 'du', 'stdout'), ...texts('buildx', 'du-verbose', 'stdout')]],
  ['parseRawJsonProgress', (s) => parseRawJsonProgress(s), texts('buildx', 'build-rawjson-1', 'stderr')],
  ['parseSize', (s) => parseSize(s), ['10GB', '512MiB', '4.096kB', '1.2 GB', '0']],
  [
    'parseTop',
    (s) => parseTop(s),
    [
      ...texts('docker', 'top', 'stdout'),
      ...texts('docker', 'top-api', 'stdout'),
      ...texts('docker', 'top-default', 'stdout'),
    ],
  ],
];

function texts(tool: string, command: string, stream: 'stdout' | 'stderr'): string[] {
  return allRecorded(tool, command)
    .map((id) => recorded(id)[stream])
    .filter((t) => t !== '');
}

/** Returns normally, or throws a plain Error with a message: never a TypeError or a non-Error. */
function wellBehaved(parse: Parser, stdout: string, stderr: string): boolean {
  try {
    parse(stdout, stderr);
    return true;
  } catch (e) {
    return e instanceof Error && e.constructor === Error && e.message.length > 0;
  }
}

/** A fixture changed the way broken output is: cut, spliced with junk, lines repeated or dropped. */
const mutated = (samples: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...samples),
      fc.nat(),
      fc.nat(),
      fc.string({
        unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', ' ', '\t', '\\', '*', 'a', '0', '\u0000'),
      }),
      fc.constantFrom('cut', 'insert', 'delete', 'dupline', 'dropline'),
    )
    .map(([s, a, b, junk, op]) => {
      const i = s.length === 0 ? 0 : a % s.length;
      const j = s.length === 0 ? 0 : b % s.length;
      const lines = s.split('\n');
      switch (op) {
        case 'cut':
          return s.slice(0, i);
        case 'insert':
          return s.slice(0, i) + junk + s.slice(i);
        case 'delete':
          return s.slice(0, Math.min(i, j)) + s.slice(Math.max(i, j));
        case 'dupline':
          lines.splice(i % lines.length, 0, lines[j % lines.length] ?? '');
          return lines.join('\n');
        default:
          lines.splice(i % lines.length, 1);
          return lines.join('\n');
      }
    });

describe.each(parsers)('%s', (_name, parse, samples) => {
  test('has recorded samples to mutate', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  test('random strings: returns or throws a plain Error', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (out, err) => wellBehaved(parse, out, err)),
      { numRuns: 300 },
    );
  });

  test('random JSON values as text: returns or throws a plain Error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => wellBehaved(parse, JSON.stringify(v), '')),
      { numRuns: 200 },
    );
  });

  test('mutated recorded output: returns or throws a plain Error', () => {
    fc.assert(
      fc.property(mutated(samples), mutated(samples), (out, err) => wellBehaved(parse, out, err)),
      {
        numRuns: 400,
      },
    );
  });
});

describe('sizes', () => {
  test('parseSize reads back formatSize within its rounding (3 decimals of a binary unit)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (n) => {
        const back = parseSize(formatSize(n));
        return Math.abs(back - n) <= Math.max(1, n * 0.0005);
      }),
      { numRuns: 2000 },
    );
  });

  test('exact for whole binary units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1023 }),
        fc.constantFrom(1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4),
        (k, unit) => {
          return parseSize(formatSize(k * unit)) === k * unit;
        },
      ),
    );
  });
});
