// The CLI's start, loaded by its entry (src/cli/index.ts) as a cached chunk: for `heal` in mode
// auto the quick look's questions start (the head start, src/docker/prestart.ts), then the rest
// loads as a chunk and runs. Resolves with the exit code.
import { withHeadStart } from '../docker/head-start.js';
import { cliQuickLook, prestartQuickLook } from '../docker/prestart.js';

export function start(): Promise<number> {
  prestartQuickLook(process.env, cliQuickLook(process.argv.slice(2)));
  return withHeadStart(
    () => import('./run-cli.js'),
    ({ runCli }) => runCli(),
  );
}
