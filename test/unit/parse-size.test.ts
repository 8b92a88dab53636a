import { describe, expect, test } from 'vitest';
import { formatSize, parseSize } from '../../src/core/size.js';

describe('parseSize', () => {
  test.each([
    ['10GB', 10_000_000_000],
    ['512MiB', 512 * 1024 * 1024],
    ['4.096kB', 4096],
    ['1.2 GB', 1_200_000_000],
    ['0', 0],
    ['0B', 0],
    ['1234', 1234],
    ['1234B', 1234],
    ['20.48kB', 20480],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['10g', 10_000_000_000],
    ['2TB', 2e12],
    ['  7 MB ', 7_000_000],
  ])('%s', (s, bytes) => {
    expect(parseSize(s)).toBe(bytes);
  });

  test.each(['', 'GB', '-1GB', '1.2.3MB', '10 parsecs', '1e3', 'ten', '5 G B', 'NaN'])(
    'rejects %j with a message naming the value and the units',
    (s) => {
      expect(() => parseSize(s)).toThrow(/not a size: .*expected a number with an optional unit/);
    },
  );

  test('rejects sizes beyond the exact integer range', () => {
    expect(() => parseSize('99999999PB')).toThrow(/size too large/);
  });
});

describe('formatSize', () => {
  test.each([
    [0, '0B'],
    [1023, '1023B'],
    [1024, '1KiB'],
    [1536, '1.5KiB'],
    [512 * 1024 * 1024, '512MiB'],
    [10 * 1024 ** 3, '10GiB'],
    [2 * 1024 ** 4, '2TiB'],
  ])('%d bytes', (n, s) => {
    expect(formatSize(n)).toBe(s);
    expect(parseSize(s)).toBe(n);
  });
});
