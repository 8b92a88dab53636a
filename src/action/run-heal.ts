/**
 * The heal action host: read every input, validate them all before anything runs, build the
 * dependencies at one root, call the core, then write the report, outputs, job summary and
 * annotations. One top-level catch turns any thrown value into a failed step.
 */
import * as core from './actions-core.js';
import { writeFile } from 'node:fs/promises';
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
import { ProcessRunner, hostRunner } from '../docker/runner.js';
import { Deadline } from '../core/deadline.js';
import { renderJson } from '../report/json.js';
import { renderSummary } from '../report/summary.js';
import { renderMetrics, writeMetricsFile } from '../report/metrics.js';
import { readHealInputs } from './inputs.js';
import { healOutputs } from './outputs.js';
import { makeDir } from '../core/files.js';

/** The part of @actions/core the host uses (./actions-core.ts): tests hand in a recorder. */
export type ActionsCore = Pick<
  typeof core,
  'getInput' | 'setOutput' | 'setFailed' | 'error' | 'warning' | 'notice' | 'info' | 'debug' | 'summary'
>;

export async function run(): Promise<void> {
  try {
    await runHeal(core, process.env);
  } catch (e) {
    // Any thrown value, Error or not, fails the step.
    core.setFailed(errorMessage(e));
  }
}

export async function runHeal(c: ActionsCore, env: NodeJS.ProcessEnv): Promise<Report> {
  const options = await loadOptions(
    readHealInputs((n) => c.getInput(n)),
    { source: 'input', env },
  );
  const reportPath = resolve(options.reportPath ?? join(env.RUNNER_TEMP ?? tmpdir(), 'buildkit-healer-report.json'));
  const deps = buildDeps(c, env, options);

  const report = await runMode(deps, options);

  // Outputs first: the report, the step outputs (backup-name above all: a rollback condition reads
  // it), the summary and annotations; the optional metrics file last. A file that cannot be
  // written is a warning naming its path, never a step without outputs.
  const written = await optionalWrite(c, 'the JSON report', reportPath, async () => {
    await makeDir(dirname(reportPath));
    await writeFile(reportPath, renderJson(report), 'utf8');
  });
  if (written) c.info(`JSON report written to ${reportPath}`);
  for (const [name, value] of Object.entries(healOutputs(report, written ? reportPath : ''))) c.setOutput(name, value);
  const summaryPath = env.GITHUB_STEP_SUMMARY;
  if (summaryPath)
    await optionalWrite(c, 'the job summary', summaryPath, async () => {
      await c.summary.addRaw(renderSummary(report), true).write();
    });
  annotate(c, report);
  if (options.metricsPath !== undefined) {
    const metricsPath = resolve(options.metricsPath);
    await optionalWrite(c, 'the metrics file', metricsPath, () => writeMetricsFile(metricsPath, renderMetrics(report)));
  }

  const reason = failureReason(report);
  if (exitCodeFor(report) !== 0) c.setFailed(reason ?? `status ${report.status}`);
  else c.info(`buildkit-healer ${report.mode}: ${report.status}`);
  return report;
}

/** Runs one write; a failure is a warning naming what and where, and false. */
async function optionalWrite(c: ActionsCore, what: string, path: string, write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    c.warning(`cannot write ${what} ${path}: ${errorMessage(e)}`, { title: 'buildkit-healer: a file was not written' });
    return false;
  }
}

/** check runs here; the other modes are the heal orchestrator's, loaded only when asked for. */
export async function runMode(deps: Deps, options: Options): Promise<Report> {
  if (options.mode === 'check') return runCheck(deps, options);
  const { heal } = await import('../heal/heal.js');
  return heal(deps, options);
}

function buildDeps(c: ActionsCore, env: NodeJS.ProcessEnv, options: Options): Deps {
  const deadline = new Deadline(options.deadlineMs);
  const runner = hostRunner(new ProcessRunner(env), deadline, options.dryRun);
  const docker = new Docker(runner, { env, timeouts: options.timeouts });
  return { docker, env, log: actionLogger(c), now: () => new Date(), version: TOOL_VERSION, deadline };
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
function annotate(c: ActionsCore, report: Report): void {
  for (const f of report.findingsAfter ?? report.findings) {
    const props = { title: `buildkit-healer ${f.id} (${f.subject})` };
    const text =
      f.repair !== undefined
        ? `${f.message} Repair: ${f.repair.description}`
        : f.advice !== undefined
          ? `${f.message} ${f.advice}`
          : f.message;
    if (f.severity === 'error') c.error(text, props);
    else if (f.severity === 'warning') c.warning(text, props);
    else c.notice(text, props);
  }
}
