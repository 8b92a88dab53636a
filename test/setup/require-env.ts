// The docker tier needs the real environment from test/env/up.sh (test/run.sh starts it).
// It fails, never skips, when the environment is missing: a run where every Docker test was
// skipped would look green and prove nothing.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const host = process.env.DOCKER_HOST;
  if (!host || !process.env.BKH_ENV_DIR) {
    throw new Error(
      'docker tests need the test environment: run `bash test/run.sh` (or `source test/env/.work/env.sh` after `bash test/env/up.sh`)',
    );
  }
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`the test dockerd at ${host} does not answer: ${r.stderr}`);
}
