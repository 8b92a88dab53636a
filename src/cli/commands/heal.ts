/**
 * `buildkit-healer heal --mode auto|repair|reinstall [--dry-run] [OPTIONS]`: the heal on a host.
 * Options are the action's inputs as flags, parsed by the one parser; every input is validated
 * before anything runs. Prints the text report (or JSON with --json), writes the JSON report and
 * metrics when asked, and exits 0 (healthy/repaired), 1 (failed) or 2 (bad usage).
 */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { errorMessage, InputError } from '../../core/errors.js';
import type { Options } from '../../core/options.js';
import { OPTION_SPECS, loadOptions } from '../../core/parse-options.js';
import { exitCodeFor, failureReason } from '../../core/report.js';
import type { Report } from '../../core/report.js';
import { HEAL_MODES, heal } from '../../heal/heal.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { renderMetrics, writeMetricsFile } from '../../report/metrics.js';
import { optionFlags, parseFlags } from '../flags.js';
import type { FlagSpec } from '../flags.js';
import type { CommandIO } from './report.js';
import { makeDir } from '../../core/files.js';
import { cliDeps, cliLogger, wantColor } from '../context.js';
import type { CliHost, Command } from '../context.js';

const OWN: FlagSpec[] = [
  { name: 'json', boolean: true },
  { name: 'verbose', boolean: true, alias: '-v' },
  { name: 'color', boolean: true },
  { name: 'help', boolean: true, alias: '-h' },
];

function healHelp(): string {
  // The table's `mode` default is the action's (check); `heal` runs auto when --mode is not given.
  const defaultOf = (s: (typeof OPTION_SPECS)[number]) => (s.name === 'mode' ? 'auto' : s.default);
  const describe = (s: (typeof OPTION_SPECS)[number]) =>
    s.name === 'mode'
      ? 'What to heal: auto (repair only what is broken), repair (fix everything diagnose finds), reinstall (clean reinstallation of buildx and the builders); check is its own command.'
      : s.description;
  const opts = OPTION_SPECS.filter((s) => !s.actionOnly).map(
    (s) =>
      `  --${s.name}${s.boolean ? '' : ' VALUE'}\n      ${describe(s)}${defaultOf(s) !== '' ? ` (default ${defaultOf(s)})` : ''}`,
  );
  return `Usage: buildkit-healer heal --mode auto|repair|reinstall [--dry-run] [OPTIONS]

Heals Docker BuildKit on this host: diagnose, back up (verified), clean, reinstall, validate.
Without --mode it runs auto.
  auto       (default) repair only what is broken (a healthy host returns at once)
  repair     fix everything diagnose finds
  reinstall  the full clean reinstallation of buildx and the builders
--dry-run prints the exact commands and file changes and changes nothing.
A failed heal keeps its backup: \`buildkit-healer rollback NAME\` restores it.

Own flags:
  --json        print the JSON report instead of the text
  --verbose/-v  show the evidence under each finding
  --color, --no-color  colours (default: when stdout is a terminal and NO_COLOR is unset)
  --help/-h     this help

Options:
${opts.join('\n')}
`;
}

/** Parses the flags into Options; `--mode` defaults to auto and must be a heal mode. */
async function healOptions(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ options: Options; own: Record<string, string> }> {
  const flags = parseFlags(args, optionFlags(), OWN);
  if (flags.positionals.length > 0)
    throw new InputError('argument', flags.positionals.join(' '), 'no positional arguments (options are --flags)');
  const raw = { ...flags.options, mode: flags.options.mode ?? 'auto' };
  if (!(HEAL_MODES as readonly string[]).includes(raw.mode))
    throw new InputError('--mode', raw.mode, HEAL_MODES.join(', ') + ' (check is its own command)');
  return { options: await loadOptions(raw, { source: 'flag', env }), own: flags.own };
}

/** `heal ...`: the heal on this host; returns the exit code. */
export const healCommand: Command = {
  name: 'heal',
  summary: 'Heal BuildKit: --mode auto (only what is broken), repair (everything found) or reinstall',
  get help() {
    return healHelp();
  },
  run: (args, host) => runHeal(args, host),
};

async function runHeal(args: string[], host: CliHost): Promise<number> {
  let parsed;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      host.stdout(healHelp());
      return 0;
    }
    parsed = await healOptions(args, host.env);
  } catch (e) {
    host.stderr(`buildkit-healer heal: ${errorMessage(e)}\n`);
    return 2;
  }
  const { options, own } = parsed;
  const log = cliLogger(host, own.verbose === 'true', true);
  const deps = cliDeps(host, options, log);
  let report: Report;
  try {
    report = await heal(deps, options, host.healPhases);
  } catch (e) {
    host.stderr(`buildkit-healer heal: ${errorMessage(e)}\n`);
    return e instanceof InputError ? 2 : 1;
  }
  await writeFiles(report, options, host);
  host.stdout(
    own.json === 'true'
      ? renderJson(report)
      : renderText(report, {
          color: wantColor(host, own.color, host.stdoutIsTTY),
          verbose: own.verbose === 'true',
        }),
  );
  if (options.dryRun) {
    const cmds = report.actions.filter((a) => a.dryRun && a.command !== undefined).map((a) => `  ${a.command ?? ''}`);
    host.stderr(cmds.length > 0 ? `dry-run: would run\n${cmds.join('\n')}\n` : 'dry-run: nothing to change\n');
  }
  const reason = failureReason(report);
  if (reason !== undefined) host.stderr(`buildkit-healer heal: ${reason}\n`);
  if (report.rollback !== undefined) host.stderr(`${report.rollback}\n`);
  return exitCodeFor(report);
}

/** The JSON report first, then the optional metrics; a file that cannot be written is a warning naming it. */
async function writeFiles(report: Report, options: Options, io: CommandIO): Promise<void> {
  if (options.reportPath !== undefined) {
    const p = resolve(io.cwd, options.reportPath);
    try {
      await makeDir(dirname(p));
      await writeFile(p, renderJson(report), 'utf8');
    } catch (e) {
      io.stderr(`warning: cannot write the JSON report ${p}: ${errorMessage(e)}\n`);
    }
  }
  if (options.metricsPath !== undefined) {
    const p = resolve(io.cwd, options.metricsPath);
    try {
      await writeMetricsFile(p, renderMetrics(report));
    } catch (e) {
      io.stderr(`warning: cannot write the metrics file ${p}: ${errorMessage(e)}\n`);
    }
  }
}
