/** `buildkit-healer check`: diagnose the local Docker, buildx and builders; change nothing. */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { loadOptions, parseBool } from '../../core/parse-options.js';
import { exitCodeFor } from '../../core/report.js';
import { runCheck } from '../../heal/check.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { renderMetrics, writeMetricsFile } from '../../report/metrics.js';
import type { Command, CliHost } from '../context.js';
import { cliDeps, cliLogger, wantColor } from '../context.js';
import { optionFlags, parseFlags } from '../flags.js';
import type { FlagSpec } from '../flags.js';
import { optionsHelp } from './options-help.js';
import { makeDir } from '../../core/files.js';

/** Options that mean nothing to a check (it changes nothing). */
const NOT_FOR_CHECK = [
  'mode',
  'dry-run',
  'backup',
  'backup-store',
  'backup-keep',
  'cache-paths',
  'backup-builder-state',
  'retention-days',
  'compression-level',
  'max-backup-size',
  'prune-cache',
  'keep-storage',
  'prune-until',
  'buildx-version',
  'buildx-url',
  'buildx-file',
  'buildx-sha256',
  'buildx-checksums-url',
  'gc-keep-storage',
  'gc-keep-duration',
  'daemon-restart-command',
  'binfmt-command',
  'validate',
  'max-slowdown',
  'cache-registry',
  'rollback-on-failure',
];

const OWN: FlagSpec[] = [
  { name: 'json', boolean: true },
  { name: 'verbose', boolean: true, alias: '-v' },
  { name: 'color', boolean: true },
  { name: 'help', boolean: true, alias: '-h' },
];

export const checkCommand: Command = {
  name: 'check',
  summary: 'Diagnose Docker, buildx and every builder; report findings; change nothing',
  help: `Usage: buildkit-healer check [options]

Diagnoses the Docker daemon (DOCKER_HOST or the default socket), the buildx plugin, every
builder and the state buildx keeps on disk, runs a tiny baseline build, and reports each
finding with its evidence and the repair that fixes it. Nothing is changed, except that
--bootstrap starts inactive builders (docker buildx inspect --bootstrap; it may pull the
BuildKit image) to find the ones that cannot start.

Exit status: 0 healthy, 1 a finding at or above --fail-on, 2 bad usage.

Output:
  --json             print the JSON report (schema buildkit-healer/report v1) on stdout
  -v, --verbose      show command evidence under each finding and debug lines on stderr
  --color, --no-color  colours (default: when stdout is a terminal and NO_COLOR is unset)
  -h, --help         this help

Options (the action's inputs of the same names):
${optionsHelp(NOT_FOR_CHECK)}`,
  async run(args: string[], host: CliHost): Promise<number> {
    const flags = parseFlags(args, optionFlags(NOT_FOR_CHECK), OWN);
    if (flags.own.help !== undefined && parseBool(flags.own.help, '--help')) {
      host.stdout(this.help);
      return 0;
    }
    if (flags.positionals.length > 0)
      throw new InputError('argument', flags.positionals.join(' '), 'no arguments (check takes options only)');
    const options = await loadOptions(flags.options, { source: 'flag', env: host.env });
    const verbose = flags.own.verbose === 'true';
    const json = flags.own.json === 'true';
    const deps = cliDeps(host, options, cliLogger(host, verbose));
    const report = await runCheck(deps, options);
    if (options.reportPath !== undefined) {
      const p = resolve(host.cwd, options.reportPath);
      await makeDir(dirname(p));
      await writeFile(p, renderJson(report), 'utf8');
    }
    if (options.metricsPath !== undefined)
      await writeMetricsFile(resolve(host.cwd, options.metricsPath), renderMetrics(report));
    if (json) host.stdout(renderJson(report));
    else host.stdout(renderText(report, { color: wantColor(host, flags.own.color, host.stdoutIsTTY), verbose }));
    return exitCodeFor(report);
  },
};
