// The heal action's start, loaded by its entry (src/action/heal.ts) as a cached chunk: in mode
// auto the quick look's questions start (the head start, src/docker/prestart.ts), then the host
// loads as a chunk and runs.
import { withHeadStart } from '../docker/head-start.js';
import { actionQuickLook, prestartQuickLook } from '../docker/prestart.js';

export function start(): Promise<void> {
  prestartQuickLook(process.env, actionQuickLook(process.env));
  return withHeadStart(
    () => import('./run-heal.js'),
    ({ run }) => run(),
  );
}
