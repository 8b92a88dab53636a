/**
 * Store selection. `auto` picks GitHub where the runner gave the step the results service, the
 * local directory elsewhere. The GitHub store is imported lazily: a CLI run or a healthy `auto`
 * run never loads `@actions/*`.
 */
import type { Deps } from '../docker/deps.js';
import { InputError } from '../core/errors.js';
import type { BackupOptions, StoreKind } from '../core/options.js';
import { LocalStore } from './local.js';
import { defaultKeyFile } from '../bundle/mac.js';
import type { Store } from './types.js';

export interface OpenStoreExtra {
  /** GitHub store: list and fetch from another workflow run (no runId: fetch by artifact id only). */
  source?: { token: string; runId?: number | string; repository: string };
}

/** Runner-provided variables that make the GitHub store usable (mirrors `isGitHubRuntime`). */
function gitHubRuntime(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_RESULTS_URL);
}

export async function openStore(
  kind: StoreKind,
  options: Pick<BackupOptions, 'dir' | 'keep' | 'retentionDays' | 'compressionLevel' | 'maxBytes'>,
  deps: Pick<Deps, 'env' | 'log'>,
  extra: OpenStoreExtra = {},
): Promise<Store> {
  const resolved = kind === 'auto' ? (gitHubRuntime(deps.env) ? 'github' : 'local') : kind;
  switch (resolved) {
    case 'local':
      return new LocalStore(options.dir, options.keep, { keyFile: defaultKeyFile(deps.env) });
    case 'github': {
      const { GitHubStore } = await import('./github.js');
      return new GitHubStore({
        retentionDays: options.retentionDays,
        compressionLevel: options.compressionLevel,
        maxBytes: options.maxBytes,
        env: deps.env,
        log: deps.log,
        ...(extra.source !== undefined ? { source: extra.source } : {}),
      });
    }
    default:
      throw new InputError('backup-store', String(kind), 'auto, local or github');
  }
}
