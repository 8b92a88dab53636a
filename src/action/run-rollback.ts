/**
 * The rollback action host: parse the inputs (all before anything runs), open the store, call the
 * rollback phase, write outputs and a job summary saying plainly what was restored and what was not.
 */
import { parseAllowBuilderSettings } from '../core/option-values.js';
import * as core from '@actions/core';
import type { Deps } from '../docker/deps.js';
import { InputError, errorMessage } from '../core/errors.js';
import { defaultOptions } from '../core/options.js';
import type { StoreKind } from '../core/options.js';
import { STORES, expandHome, parseBool } from '../core/parse-options.js';
import { boundedSeconds, boundedSecondsAccepted } from '../core/duration.js';
import { DEFAULT_DEADLINE_MS, Deadline, DeadlineError, MAX_DEADLINE_S, MIN_DEADLINE_S } from '../core/deadline.js';
import { TOOL_VERSION } from '../core/version.js';
import { Docker } from '../docker/docker.js';
import { DeadlineRunner, ProcessRunner } from '../docker/runner.js';
import { rollback, rollbackStatus } from '../phases/rollback.js';
import type { RollbackOptions, RollbackResult } from '../phases/rollback.js';
import type { Store } from '../stores/types.js';
import { openStore } from '../stores/index.js';
import type { OpenStoreExtra } from '../stores/index.js';
import { cell, code } from '../report/render-util.js';
import { rollbackRecordLines } from '../report/rollback-record.js';
import { readRollbackInputs } from './inputs.js';
import { actionLogger } from './run-heal.js';
import type { ActionsCore } from './run-heal.js';

export interface RollbackInputs {
  backupName?: string;
  artifactId?: string;
  runId?: string;
  repository?: string;
  githubToken?: string;
  restoreCache: boolean;
  recreateBuilders: boolean;
  /** Builder settings beyond the defaults a recreated builder may use. */
  allowBuilderSettings: string[];
  /** Accept a backup whose origin cannot be proven (`trust-unsigned`). */
  trustUnsigned: boolean;
  backupDir: string;
  backupStore: StoreKind;
  deadlineMs: number;
}

/** Pure: validates the rollback inputs, naming the input and the accepted values. */
export function parseRollbackInputs(raw: Record<string, string>, env: NodeJS.ProcessEnv): RollbackInputs {
  const v = (k: string) => (raw[k] ?? '').trim();
  const out: RollbackInputs = {
    restoreCache: v('restore-cache') === '' ? true : parseBool(v('restore-cache'), 'restore-cache'),
    recreateBuilders: v('recreate-builders') === '' ? true : parseBool(v('recreate-builders'), 'recreate-builders'),
    trustUnsigned: v('trust-unsigned') === '' ? false : parseBool(v('trust-unsigned'), 'trust-unsigned'),
    backupDir: v('backup-dir') === '' ? defaultOptions(env).backup.dir : expandHome(v('backup-dir'), env),
    backupStore: 'auto',
    deadlineMs: DEFAULT_DEADLINE_MS,
    allowBuilderSettings: parseAllowBuilderSettings(
      v('allow-builder-settings')
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    ),
  };
  if (v('deadline') !== '') {
    const secs = boundedSeconds(v('deadline'), MIN_DEADLINE_S, MAX_DEADLINE_S);
    if (secs === undefined)
      throw new InputError('deadline', v('deadline'), boundedSecondsAccepted(MIN_DEADLINE_S, MAX_DEADLINE_S));
    out.deadlineMs = secs * 1000;
  }
  const store = v('backup-store').toLowerCase();
  if (store !== '') {
    if (!(STORES as readonly string[]).includes(store))
      throw new InputError('backup-store', v('backup-store'), STORES.join(', '));
    out.backupStore = store as StoreKind;
  }
  if (v('backup-name') !== '') {
    // Artifact names may not hold these (and the local store uses the name as a directory).
    if (/["':<>|*?\\/\r\n]/.test(v('backup-name')))
      throw new InputError(
        'backup-name',
        v('backup-name'),
        'a backup name as the heal step output it (no " : < > | * ? \\ / or newlines)',
      );
    out.backupName = v('backup-name');
  }
  if (v('artifact-id') !== '') {
    if (!/^\d+$/.test(v('artifact-id'))) throw new InputError('artifact-id', v('artifact-id'), 'a numeric artifact id');
    out.artifactId = v('artifact-id');
  }
  if (v('run-id') !== '') {
    if (!/^\d+$/.test(v('run-id'))) throw new InputError('run-id', v('run-id'), 'a numeric workflow run id');
    out.runId = v('run-id');
  }
  if (v('repository') !== '') {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v('repository')))
      throw new InputError('repository', v('repository'), 'owner/repo');
    out.repository = v('repository');
  }
  if (v('github-token') !== '') out.githubToken = v('github-token');
  return out;
}

export async function run(): Promise<void> {
  try {
    await runRollback(core, process.env);
  } catch (e) {
    core.setFailed(errorMessage(e));
  }
}

async function runRollback(
  c: ActionsCore & Pick<typeof core, 'setSecret'>,
  env: NodeJS.ProcessEnv,
): Promise<RollbackResult> {
  const inputs = parseRollbackInputs(
    readRollbackInputs((n) => c.getInput(n)),
    env,
  );
  if (inputs.githubToken !== undefined) c.setSecret(inputs.githubToken);
  const deadline = new Deadline(inputs.deadlineMs);
  const runner = new DeadlineRunner(new ProcessRunner(env), deadline);
  const deps: Deps = {
    docker: new Docker(runner, { env }),
    env,
    log: actionLogger(c),
    now: () => new Date(),
    version: TOOL_VERSION,
    deadline,
  };
  const defaults = defaultOptions(env);
  const source = sourceOf(inputs, env);
  const work = async (): Promise<RollbackResult> => {
    const store = await openStore(inputs.backupStore, { ...defaults.backup, dir: inputs.backupDir }, deps, source);
    return rollback(deps, rollbackOptions(inputs, store));
  };
  let result: RollbackResult;
  try {
    result = await deadline.race(work(), 'rollback');
  } catch (e) {
    if (!(e instanceof DeadlineError)) throw e;
    return stoppedByDeadline(c, env, inputs, e);
  }
  const status = rollbackStatus(result);
  c.setOutput('status', status);
  c.setOutput('restored', JSON.stringify(result.restored.map((r) => r.path)));
  c.setOutput('builders', JSON.stringify(result.builders));
  if (env.GITHUB_STEP_SUMMARY) await c.summary.addRaw(renderRollbackSummary(result, status), true).write();
  for (const s of result.skipped)
    c.warning(`${s.path}: ${s.reason}`, { title: 'buildkit-healer rollback: not restored' });
  if (status === 'failed') c.setFailed(result.error ?? 'rollback failed');
  else c.info(`rollback of ${result.name}: ${status}`);
  return result;
}

/** The rollback phase's options from the action's inputs. */
function rollbackOptions(inputs: RollbackInputs, store: Store): RollbackOptions {
  return {
    store,
    ...(inputs.backupName !== undefined
      ? { name: inputs.backupName }
      : inputs.artifactId === undefined
        ? { latest: true }
        : {}),
    ...(inputs.artifactId !== undefined ? { artifactId: inputs.artifactId } : {}),
    restoreCache: inputs.restoreCache,
    // Cache restore covers docker-container builders' state (their build cache) too.
    restoreBuilderState: inputs.restoreCache,
    recreateBuilders: inputs.recreateBuilders,
    allowBuilderSettings: inputs.allowBuilderSettings,
    trustUnsigned: inputs.trustUnsigned,
    ...(inputs.repository !== undefined ? { repository: inputs.repository } : {}),
  };
}

/** Stopped by the deadline: the outputs still say so, and the step fails naming where. */
async function stoppedByDeadline(
  c: ActionsCore,
  env: NodeJS.ProcessEnv,
  inputs: RollbackInputs,
  e: DeadlineError,
): Promise<RollbackResult> {
  c.setOutput('status', 'failed');
  c.setOutput('restored', '[]');
  c.setOutput('builders', '[]');
  const error = `${e.message}; the backup is kept`;
  const stopped: RollbackResult = {
    name: inputs.backupName ?? '',
    restored: [],
    skipped: [],
    builders: [],
    buildOk: false,
    actions: [],
    error,
  };
  if (env.GITHUB_STEP_SUMMARY)
    await c.summary
      .addRaw(
        [
          '## ❌ BuildKit healer rollback: failed',
          '',
          `> **Error:** ${cell(error)}`,
          '',
          `Backup ${code(stopped.name || '(newest)')} is kept: run the rollback again with a longer \`deadline\`.`,
          '',
        ].join('\n'),
        true,
      )
      .write();
  c.setFailed(error);
  return stopped;
}

/**
 * Where the GitHub store looks. A run id: that run. An artifact id alone: by id in the repository
 * (no run id: the store downloads the artifact directly, so a backup from another run is found).
 * Neither: the current run.
 */
function sourceOf(inputs: RollbackInputs, env: NodeJS.ProcessEnv): OpenStoreExtra {
  const token = inputs.githubToken ?? '';
  const repository = inputs.repository ?? env.GITHUB_REPOSITORY ?? '';
  if (inputs.runId !== undefined) return { source: { token, runId: inputs.runId, repository } };
  if (inputs.artifactId !== undefined) return { source: { token, repository } };
  return {};
}

export function renderRollbackSummary(r: RollbackResult, status: string): string {
  const out = [
    `## ${status === 'failed' ? '❌' : status === 'partial' ? '⚠️' : '✅'} BuildKit healer rollback: ${status}`,
    '',
  ];
  out.push(
    `Backup ${code(r.name)} · builder in use: ${r.currentBuilder !== undefined ? code(r.currentBuilder) : 'unknown'} · test build ${r.buildOk ? 'ok' : '**failed**'}`,
    '',
  );
  if (r.error !== undefined) out.push(`> **Error:** ${cell(r.error)}`, '');
  out.push('### Restored', '');
  out.push(...(r.restored.length === 0 ? ['Nothing.'] : r.restored.map((x) => `- ${code(x.path)}`)), '');
  out.push('### Not restored', '');
  out.push(
    ...(r.skipped.length === 0
      ? ['Nothing was left out.']
      : r.skipped.map((x) => `- ${code(x.path)}: ${cell(x.reason)}`)),
    '',
  );
  out.push(
    '### Builders',
    '',
    ...(r.builders.length === 0 ? ['None of the backup’s builders exist.'] : r.builders.map((b) => `- ${code(b)}`)),
    '',
  );
  const rec = rollbackRecordLines(r.record).filter((l) => l !== '');
  if (rec.length > 0)
    out.push('### Why, when, and the diagnose after', '', ...rec.map((l) => `- ${cell(l.trim())}`), '');
  return out.join('\n');
}
