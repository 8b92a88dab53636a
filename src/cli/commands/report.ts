/**
 * `buildkit-healer report merge FILE|DIR... [--json|--markdown] [--output FILE]`: the fleet report.
 * `buildkit-healer report metrics REPORT.json [--output FILE]`: Prometheus textfile from a report
 * (used by scripts/runner-hook.sh, so the metrics never depend on how a run was started).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage, InputError } from '../../core/errors.js';
import type { FleetSummary } from '../../report/merge.js';
import { renderMetrics, writeMetricsFile } from '../../report/metrics.js';

/** What a command needs from its host: output streams and the working directory. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const FLEET_SCHEMA = 'buildkit-healer/fleet';
const FLEET_VERSION = 1;

export const REPORT_HELP = `Usage:
  buildkit-healer report merge FILE|DIR... [--json | --markdown] [--output FILE]
  buildkit-healer report metrics REPORT.json [--output FILE]

merge    Merges JSON reports (files, or directories searched for *.json) from many runners
         into one fleet table: status, findings by severity, builders, buildx version, and
         every error finding. Text by default; --markdown for a job summary; --json for data.
         Every file must be a buildkit-healer report; any other file is refused by name.
metrics  Renders a report as Prometheus text for a node exporter's textfile collector;
         --output writes it atomically (temp file + rename).

Options:
  --json           merged data as JSON (merge)
  --markdown       Markdown table (merge)
  --output FILE    write to FILE instead of standard output
  -h, --help       this help
`;

interface Parsed {
  paths: string[];
  format: 'text' | 'json' | 'markdown';
  output?: string;
  help: boolean;
}

const MERGE_OPTIONS = '--json, --markdown, --output FILE, --help';
const METRICS_OPTIONS = '--output FILE, --help';

function parseArgs(args: string[], allowFormat: boolean): Parsed {
  const out: Parsed = { paths: [], format: 'text', help: false };
  const accepted = allowFormat ? MERGE_OPTIONS : METRICS_OPTIONS;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.paths.push(...args.slice(i + 1));
      break;
    }
    if (a === '-h' || a === '--help') out.help = true;
    else if (allowFormat && (a === '--json' || a === '--markdown')) {
      const f = a === '--json' ? 'json' : 'markdown';
      if (out.format !== 'text' && out.format !== f)
        throw new InputError('option', a, 'only one of --json, --markdown');
      out.format = f;
    } else if (a === '--output' || a === '-o' || a.startsWith('--output=')) {
      const v = a.startsWith('--output=') ? a.slice('--output='.length) : args[++i];
      if (!v) throw new InputError('--output', '', 'a file path');
      out.output = v;
    } else if (a.startsWith('-') && a !== '-') throw new InputError('option', a, accepted);
    else out.paths.push(a);
  }
  return out;
}

function renderFleetJson(fleet: FleetSummary): string {
  return JSON.stringify({ schema: FLEET_SCHEMA, version: FLEET_VERSION, ...fleet }, null, 2) + '\n';
}

async function emit(io: CommandIO, text: string, output: string | undefined): Promise<void> {
  if (output === undefined) io.stdout(text);
  else await writeFile(resolve(io.cwd, output), text, 'utf8');
}

/** `report merge ...`; returns the exit code (0 done, 1 unreadable report, 2 bad usage). */
export async function reportMerge(args: string[], io: CommandIO): Promise<number> {
  return guard(io, async () => {
    const p = parseArgs(args, true);
    if (p.help) {
      io.stdout(REPORT_HELP);
      return 0;
    }
    if (p.paths.length === 0) throw new InputError('FILE|DIR', '', 'at least one report file or directory');
    // Loaded here, not at CLI start: merge brings ajv, which no other command needs.
    const { loadReports, mergeReports, renderFleetMarkdown, renderFleetText } = await import('../../report/merge.js');
    const reports = await loadReports(p.paths.map((x) => resolve(io.cwd, x)));
    const fleet = mergeReports(reports);
    const text =
      p.format === 'json'
        ? renderFleetJson(fleet)
        : p.format === 'markdown'
          ? renderFleetMarkdown(fleet, { cwd: io.cwd })
          : renderFleetText(fleet, { cwd: io.cwd });
    await emit(io, text, p.output);
    return 0;
  });
}

/** `report metrics REPORT.json [--output FILE]`. */
export async function reportMetrics(args: string[], io: CommandIO): Promise<number> {
  return guard(io, async () => {
    const p = parseArgs(args, false);
    if (p.help) {
      io.stdout(REPORT_HELP);
      return 0;
    }
    if (p.paths.length !== 1) throw new InputError('REPORT.json', p.paths.join(' '), 'exactly one report file');
    const { readReportFile } = await import('../../report/merge.js');
    const report = await readReportFile(resolve(io.cwd, p.paths[0]!));
    const text = renderMetrics(report);
    if (p.output === undefined) io.stdout(text);
    else await writeMetricsFile(resolve(io.cwd, p.output), text);
    return 0;
  });
}

/** `report SUBCOMMAND ...`: the entry the CLI's command table calls. */
export async function reportCommand(args: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'merge') return reportMerge(rest, io);
  if (sub === 'metrics') return reportMetrics(rest, io);
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    io.stdout(REPORT_HELP);
    return sub === undefined ? 2 : 0;
  }
  io.stderr(`buildkit-healer report: unknown subcommand ${JSON.stringify(sub)}: expected merge or metrics\n`);
  return 2;
}

async function guard(io: CommandIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    io.stderr(`buildkit-healer report: ${errorMessage(e)}\n`);
    // Bad usage is 2 (like every command); a missing or foreign report file is 1.
    return e instanceof InputError ? 2 : 1;
  }
}
