/** Sizes as docker and buildx print them, and as users give them (`10GB`, `512MiB`). */

// Docker prints sizes with go-units: kB/MB/GB are decimal, KiB/MiB/GiB binary. A bare `k`/`m`/`g`
// is read as decimal, like go-units' FromHumanSize.
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
};

const SIZE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** Bytes from `10GB`, `512MiB`, `4.096kB`, `1.2 GB`, `0`, `1234`. Throws a clear Error for anything else. */
export function parseSize(s: string): number {
  const text = String(s).trim();
  const m = SIZE_RE.exec(text);
  const factor = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new Error(
      `not a size: ${JSON.stringify(text)} (expected a number with an optional unit: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)`,
    );
  }
  const bytes = Math.round(Number(m[1]) * factor);
  if (!Number.isSafeInteger(bytes)) throw new Error(`size too large: ${JSON.stringify(text)}`);
  return bytes;
}

const STEPS: [number, string][] = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/**
 * Human readable, binary units, 3 significant decimals at most: `1.5GiB`, `512MiB`, `0B`.
 * Binary so a user's `512MiB` limit prints back the way it was written.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes}B`;
  for (const [factor, unit] of STEPS) {
    if (bytes >= factor) return `${trim((bytes / factor).toFixed(3))}${unit}`;
  }
  return `${Math.round(bytes)}B`;
}

function trim(n: string): string {
  return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}
