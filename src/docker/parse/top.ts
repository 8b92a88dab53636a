/**
 * Parser for the processes of a container: `docker top NAME -o pid,args` (the CLI's table) or
 * `GET /containers/NAME/top?ps_args=-o pid,args` (the Engine API's `{Titles, Processes}`), and
 * what they say about a BuildKit container: only buildkitd (and an init) is an idle builder; any
 * other process is a build step (`buildkit-runc` and what it runs) or a connected client
 * (`buildctl dial-stdio`, which buildx execs into the container for every build).
 */
import { errorMessage } from '../../core/errors.js';

export interface TopProcess {
  pid: string;
  /** The whole command line, as `ps -o args` prints it. */
  args: string;
}

const COMMAND_TITLES = ['COMMAND', 'CMD', 'ARGS'];

export function parseTop(stdout: string): TopProcess[] {
  const text = stdout.trim();
  if (text === '') throw new Error('top: empty output');
  if (text.startsWith('{')) return parseApi(text);
  return parseTable(text);
}

function parseApi(text: string): TopProcess[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`top: not JSON: ${errorMessage(e)}`, { cause: e });
  }
  const { Titles: titles, Processes: rows } = (doc ?? {}) as { Titles?: unknown; Processes?: unknown };
  if (!Array.isArray(titles) || !(Array.isArray(rows) || rows === null))
    throw new Error('top: no Titles/Processes in the answer');
  const pidAt = titles.indexOf('PID');
  const cmdAt = titles.findIndex((t) => COMMAND_TITLES.includes(String(t)));
  if (pidAt < 0 || cmdAt < 0)
    throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(titles).slice(0, 120)}`);
  return (rows ?? []).map((row: unknown) => {
    if (!Array.isArray(row)) throw new Error('top: a process row is not a list');
    return { pid: String(row[pidAt] ?? ''), args: String(row[cmdAt] ?? '') };
  });
}

/** The CLI pads columns with spaces: the command starts where its title starts in the header. */
function parseTable(text: string): TopProcess[] {
  const [header = '', ...lines] = text.split('\n');
  const titles = header.trim().split(/\s+/);
  const pidAt = titles.indexOf('PID');
  const cmdTitle = titles.find((t) => COMMAND_TITLES.includes(t));
  if (pidAt < 0 || cmdTitle === undefined)
    throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(header.slice(0, 120))}`);
  const cmdCol = header.indexOf(cmdTitle);
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const fields = l.trim().split(/\s+/);
      return { pid: fields[pidAt] ?? '', args: l.length > cmdCol ? l.slice(cmdCol).trim() : '' };
    });
}

/** Processes that an idle BuildKit container runs: the daemon and what starts it. */
const IDLE = new Set(['buildkitd', 'docker-init', 'tini', 'dumb-init', 'rootlesskit']);
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);

/**
 * The program of a command line: its first word's base name; for a shell the script it runs, and
 * for `/proc/self/exe` (a program that started itself again: rootlesskit's child) the next word.
 */
export function programName(args: string): string {
  const words = args.trim().split(/\s+/);
  const base = (w: string | undefined) => (w ?? '').replace(/^.*\//, '');
  const first = base(words[0]);
  const next = words[1];
  const wrapper = SHELLS.has(first) || words[0] === '/proc/self/exe';
  if (wrapper && next !== undefined && !next.startsWith('-')) return base(next);
  return first;
}

/** `idle` when only buildkitd (and its init) runs; `busy` when anything else does. */
export function buildkitActivity(processes: TopProcess[]): 'busy' | 'idle' {
  return processes.every((p) => IDLE.has(programName(p.args))) ? 'idle' : 'busy';
}
