/**
 * Durations as the options read them (`deadline`, `orphan-min-age`, `cache-max-age`...): Go's
 * duration syntax plus days and weeks. Its own module, without imports: the entries' head start
 * (src/docker/prestart.ts) reads the `deadline` the same way before the option parser loads.
 */
const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  // A string key (computed, so that it stays one): the build writes strings ASCII (\u00b5,
  // scripts/ascii.mjs), not identifiers, and one such character makes V8 hold the chunk two-byte.
  ['µs']: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

/** A duration in seconds from min to max, or undefined when it is not one (the caller names the input). */
export function boundedSeconds(value: string, min: number, max: number): number | undefined {
  let secs: number;
  try {
    secs = parseDurationSeconds(value);
  } catch {
    return undefined;
  }
  return Number.isFinite(secs) && secs >= min && secs <= max ? secs : undefined;
}

/** What `boundedSeconds` accepts, for the error that names the input. */
export function boundedSecondsAccepted(min: number, max: number): string {
  return `a duration from ${min}s to ${max / 3600}h, such as 30m, 1h or 90s`;
}

/**
 * Seconds of a Go duration (`720h`, `1h30m`, `90m`) or days/weeks (`30d`, `2w`: people write
 * them, Go does not read them). Throws a plain Error for anything else.
 */
export function parseDurationSeconds(text: string): number {
  const s = text.trim();
  const re = /(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h|d|w)/gy; // \u00b5: µ, written ASCII (see above)
  let total = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? NaN);
    end = re.lastIndex;
  }
  if (s === '' || end !== s.length || !Number.isFinite(total)) throw new Error(`not a duration: ${s}`);
  return total;
}
