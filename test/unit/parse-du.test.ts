import { describe, expect, test } from 'vitest';
import { parseDu } from '../../src/docker/parse/du.js';
import { buildxVersions, recorded } from '../fixtures/load.js';

const ID = /^[a-z0-9]{25}$/;

describe.each(buildxVersions())('buildx %s', (version) => {
  const verbose = recorded(`buildx/${version}/builds/du-verbose`);
  const table = recorded(`buildx/${version}/builds/du`);

  test('du --verbose after builds: records with ids, parents, sizes, descriptions, totals', () => {
    const r = parseDu(verbose.stdout);
    expect(r.format).toBe('verbose');
    expect(r.records.length).toBeGreaterThanOrEqual(4);
    for (const rec of r.records) {
      expect(rec.id).toMatch(ID);
      expect(rec.size).toBeGreaterThan(0);
      expect(rec.createdAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
      expect(rec.lastUsed).toMatch(/ago$/);
      expect(rec.type).toMatch(/^[a-z][a-z.]*$/);
      expect(rec.usageCount).toBeGreaterThanOrEqual(1);
      expect(rec.inUse).toBe(!rec.reclaimable);
      for (const p of rec.parents) expect(r.records.map((x) => x.id)).toContain(p);
    }
    // The steps of the recorded Dockerfile are described by their commands.
    const descriptions = r.records.map((x) => x.description ?? '');
    expect(descriptions.some((d) => d.includes('cat /hello.txt > /copy.txt && echo built'))).toBe(true);
    expect(descriptions.some((d) => d.includes('echo second-step > /second.txt'))).toBe(true);
    expect(r.records.some((x) => x.type === 'regular')).toBe(true);
    expect(r.records.some((x) => x.parents.length > 0)).toBe(true);
    expect(r.records.some((x) => x.mutable === true)).toBe(true);
    // Totals as printed: `Total: 1.139MB` and so on.
    const total = /^Total:\s+(\S+)$/m.exec(verbose.stdout)?.[1];
    expect(total).toBeDefined();
    expect(r.totalBytes).toBe(Math.round(Number.parseFloat(total ?? '') * 1e6));
    expect(r.reclaimableBytes).toBeGreaterThan(0);
    expect(r.sharedBytes).toBeGreaterThan(0);
    expect(r.privateBytes).toBeGreaterThan(0);
  });

  test('du table: the same ids and totals as the verbose records', () => {
    const t = parseDu(table.stdout);
    const v = parseDu(verbose.stdout);
    expect(t.format).toBe('table');
    expect(t.records.map((x) => x.id).sort()).toEqual(v.records.map((x) => x.id).sort());
    expect(t.totalBytes).toBe(v.totalBytes);
    for (const rec of t.records) {
      const same = v.records.find((x) => x.id === rec.id);
      expect(rec.size).toBe(same?.size);
      expect(rec.mutable).toBe(same?.mutable);
      expect(rec.shared).toBe(same?.shared);
      expect(rec.reclaimable).toBe(same?.reclaimable);
    }
  });

  test('empty cache: no records, zero totals', () => {
    const r = parseDu(recorded(`buildx/${version}/builds/du-empty`).stdout);
    expect(r.records).toEqual([]);
    expect(r.totalBytes).toBe(0);
    expect(r.reclaimableBytes).toBe(0);
  });
});

describe('not du output', () => {
  test.each(['', 'NAME/NODE DRIVER/ENDPOINT', 'ERROR: no builder "x" found'])('%j: a clear Error', (s) => {
    expect(() => parseDu(s)).toThrow(/buildx du/);
  });

  test('an unreadable size names the value', () => {
    expect(() => parseDu('ID:\tabc\nSize:\tbig\n')).toThrow(/not a size: "big"/);
  });
});
