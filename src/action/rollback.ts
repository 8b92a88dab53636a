// The rollback action's entry: the compile cache first, then the host loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';

enableCompileCache();
const { run } = await import('./run-rollback.js');
await run();
