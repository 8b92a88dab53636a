import { describe, expect, test } from 'vitest';
import { parseRawJsonProgress, splitJsonStream } from '../../src/docker/parse/progress.js';
import { buildxVersions, recorded } from '../fixtures/load.js';

const STEPS = [
  '[2/4] COPY hello.txt /hello.txt',
  '[3/4] RUN cat /hello.txt > /copy.txt && echo built',
  '[4/4] RUN echo second-step > /second.txt',
];
const EXIT3 = 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3';

describe.each(buildxVersions())('buildx %s', (version) => {
  const build = (name: string) => parseRawJsonProgress(recorded(`buildx/${version}/builds/${name}`).stderr);

  test('first build: every step ran (none cached), each vertex merged once by digest, the step output decoded', () => {
    const r = build('build-rawjson-1');
    const digests = r.vertices.map((v) => v.digest);
    expect(new Set(digests).size).toBe(digests.length);
    for (const d of digests) expect(d).toMatch(/^sha256:[0-9a-f]{64}$/);
    const steps = r.vertices.filter((v) => STEPS.includes(v.name));
    expect(steps.map((v) => v.name).sort()).toEqual([...STEPS].sort());
    for (const v of steps) {
      expect(v.cached).toBe(false);
      expect(v.started).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(v.completed).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect((v.completed ?? '') >= (v.started ?? '')).toBe(true);
      expect(v.error).toBeUndefined();
    }
    expect(r.logs).toContain('built');
    expect(r.errors).toEqual([]);
    expect(r.truncated).toBeUndefined();
  });

  test('second identical build: every step cached, nothing ran so no step output', () => {
    const r = build('build-rawjson-2');
    const steps = r.vertices.filter((v) => STEPS.includes(v.name));
    expect(steps).toHaveLength(3);
    for (const v of steps) expect(v.cached).toBe(true);
    expect(r.logs).not.toContain('built');
    expect(r.errors).toEqual([]);
  });

  test('failing build: the vertex error first, then the ERROR summary line', () => {
    const r = build('build-rawjson-fail');
    expect(r.vertices.find((v) => v.name === '[2/2] RUN exit 3')?.error).toBe(EXIT3);
    expect(r.errors[0]).toBe(EXIT3);
    expect(r.errors[1]).toMatch(/^ERROR: (failed to build: )?failed to solve: process "\/bin\/sh -c exit 3"/);
    expect(r.errors).toHaveLength(2);
  });

  test('a stream cut in the middle of an object: what was complete is kept, truncated set', () => {
    const text = recorded(`buildx/${version}/builds/build-rawjson-1`).stderr;
    const cut = text.slice(0, text.lastIndexOf('"name"'));
    const r = parseRawJsonProgress(cut);
    expect(r.truncated).toBe(true);
    expect(r.vertices.length).toBeGreaterThan(0);
  });

  test('plain progress is not rawjson: a clear Error', () => {
    const plain = recorded(`buildx/${version}/builds/build-plain`).stderr;
    expect(() => parseRawJsonProgress(plain)).toThrow(/rawjson progress: no JSON object/);
  });
});

describe('splitJsonStream', () => {
  test('objects over many lines, one a line, braces inside strings, text between', () => {
    const text = '{\n  "a": "}{",\n  "b": [1, {"c": "\\"}"}]\n}\n{"d":2}\nERROR: x {y\n';
    const { chunks, truncated } = splitJsonStream(text);
    expect(truncated).toBe(false);
    expect(chunks.filter((c) => c.kind === 'json').map((c) => JSON.parse(c.text) as unknown)).toEqual([
      { a: '}{', b: [1, { c: '"}' }] },
      { d: 2 },
    ]);
    expect(chunks.filter((c) => c.kind === 'text').map((c) => c.text.trim())).toEqual(['', 'ERROR: x {y']);
  });

  test('empty input: nothing, no error', () => {
    expect(parseRawJsonProgress('')).toEqual({ vertices: [], logs: [], errors: [], warnings: [] });
  });

  test('warnings are decoded', () => {
    const w = Buffer.from('FromAsCasing: mismatch').toString('base64');
    expect(parseRawJsonProgress(`{"warnings":[{"level":1,"short":"${w}"}]}`).warnings).toEqual([
      'FromAsCasing: mismatch',
    ]);
  });
});
