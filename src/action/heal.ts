// The heal action's entry: the compile cache first; in mode auto the quick look's questions start
// (the head start, src/docker/prestart.ts) while the host loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';
import { dropHeadStart } from '../docker/head-start.js';
import { actionQuickLook, prestartQuickLook } from '../docker/prestart.js';

enableCompileCache();
const ahead = prestartQuickLook(process.env, actionQuickLook(process.env));
try {
  const [{ run }] = await Promise.all([import('./run-heal.js'), ahead]);
  await run();
} finally {
  // However the run ends, nothing asked ahead outlives it (asked only once the head start has
  // offered all it started, even when the chunk failed to load).
  await ahead.catch(() => undefined);
  await dropHeadStart();
}
