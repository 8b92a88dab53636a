// The heal action's entry: the compile cache first; in mode auto the quick look's questions start
// (the head start, src/docker/prestart.ts) while the host loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';
import { withHeadStart } from '../docker/head-start.js';
import { actionQuickLook, prestartQuickLook } from '../docker/prestart.js';

enableCompileCache();
prestartQuickLook(process.env, actionQuickLook(process.env));
await withHeadStart(
  () => import('./run-heal.js'),
  ({ run }) => run(),
);
