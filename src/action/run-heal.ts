/**
 * The heal action host: read every input, validate them all before anything runs, build the
 * dependencies at one root, call the core, then write the report, outputs, job summary and
 * annotations. One top-level catch turns any thrown value into a failed step.
 */
import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Deps, Logger } from '../docker/deps.js';
import { errorMessage } from '../core/errors.js';
import type { Options } from '../core/options.js';
import { loadOptions } from '../core/parse-options.js';
import type { Report } from '../core/report.js';
import { exitCodeFor, failureReason } from '../core/report.js';
import { runCheck } from '../heal/check.js';
import { TOOL_VERSION } from '../core/version.js';
import { Docker } from '../docker/docker.js';
import type { Runner } from '../docker/runner.js';
import { DryRunRunner, ProcessRunner } from '../docker/runner.js';
import { renderJson } from '../report/json.js';
import { renderSummary } from '../report/summary.js';
import { renderMetrics, writeMetricsFile } from '../report/metrics.js';
import { readHealInputs } from './inputs.js';
import { healOutputs } from './outputs.js';

/** The part of @actions/core the host uses: tests hand in a recorder. */
export type ActionsCore = Pick<typeof core, 'getInput' | 'setOutput' | 'setFailed' | 'error' | 'warning' | 'notice' | 'info' | 'debug' | 'summary'>;

export async function run(): Promise<void> {
  try {
    await runHeal(core, process.env);
  } catch (e) {
    // Any thrown value, Error or not, fails the step.
    core.setFailed(errorMessage(e));
  }
}

export async function runHeal(c: ActionsCore, env: NodeJS.ProcessEnv): Promise<Report> {
  const options = await loadOptions(readHealInputs((n) => c.getInput(n)), { source: 'input', env });
  const reportPath = resolve(options.reportPath ?? join(env.RUNNER_TEMP ?? tmpdir(), 'buildkit-healer-report.json'));
  const deps = buildDeps(c, env, options);

  const report = await runMode(deps, options);

  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, renderJson(report), 'utf8');
  c.info(`JSON report written to ${reportPath}`);
  if (options.metricsPath !== undefined) await writeMetricsFile(resolve(options.metricsPath), renderMetrics(report));

  for (const [name, value] of Object.entries(healOutputs(report, reportPath))) c.setOutput(name, value);
  if (env.GITHUB_STEP_SUMMARY) await c.summary.addRaw(renderSummary(report), true).write();
  annotate(c, report);

  const reason = failureReason(report);
  if (exitCodeFor(report) !== 0) c.setFailed(reason ?? `status ${report.status}`);
  else c.info(`buildkit-healer ${report.mode}: ${report.status}`);
  return report;
}

/** check runs here; the other modes are the heal orchestrator's, loaded only when asked for. */
export async function runMode(deps: Deps, options: Options): Promise<Report> {
  if (options.mode === 'check') return runCheck(deps, options);
  const { heal } = await import('../heal/heal.js');
  return heal(deps, options);
}

function buildDeps(c: ActionsCore, env: NodeJS.ProcessEnv, options: Options): Deps {
  const real = new ProcessRunner(env);
  const runner: Runner = options.dryRun ? new DryRunRunner(real) : real;
  const docker = new Docker(runner, { env, timeouts: options.timeouts });
  return { runner, docker, env, log: actionLogger(c), now: () => new Date(), version: TOOL_VERSION };
}

/** Log lines go to the step log; warnings are not annotations (findings are, one each). */
export function actionLogger(c: ActionsCore): Logger {
  return {
    info: (m) => c.info(m),
    warn: (m) => c.info(`warning: ${m}`),
    error: (m) => c.info(`error: ${m}`),
    debug: (m) => c.debug(m),
    phase: (p, m) => c.info(`[${p}] ${m}`),
  };
}

/** One annotation per finding left: errors as errors, warnings as warnings, info as notices. */
export function annotate(c: ActionsCore, report: Report): void {
  for (const f of report.findingsAfter ?? report.findings) {
    const props = { title: `buildkit-healer ${f.id} (${f.subject})` };
    const text = f.repair !== undefined ? `${f.message} Repair: ${f.repair.description}` : f.advice !== undefined ? `${f.message} ${f.advice}` : f.message;
    if (f.severity === 'error') c.error(text, props);
    else if (f.severity === 'warning') c.warning(text, props);
    else c.notice(text, props);
  }
}
