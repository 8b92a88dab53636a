/**
 * test/dist-early.sh is sourced by `.ci/run` and `npm test` under `set -e`: its exit trap must
 * keep the caller's exit status (a passing run exits 0, a failing one keeps its code) and leave no
 * build directory behind. A `kill` of a build that already ended once turned a green run red.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('test/dist-early.sh', () => {
  it.each([0, 3])(
    'a caller under set -e that exits %i after the build ended exits with it, the build directory removed',
    (code) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.BKH_FRESH_DIST;
      // The build is over before the caller exits (as in CI, where it ends during apt): stopped
      // here by hand, so the trap's own kill finds no process.
      const script = `set -euo pipefail; cd '${root}'; source test/dist-early.sh; echo "$BKH_FRESH_DIST"; kill "$(cat "$BKH_FRESH_DIST/pid")"; sleep 1; exit ${code}`;
      const r = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(code);
      const dir = r.stdout.trim();
      expect(dir).toMatch(/bkh-dist-early-/);
      expect(existsSync(dir)).toBe(false);
    },
  );
});
