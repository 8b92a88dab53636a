import type { CommandResult } from '../../src/core/types.js';
import type { RunOptions, Runner } from '../../src/docker/runner.js';

export interface Scripted {
  stdout?: string;
  stderr?: string;
  exitCode?: number | null;
  timedOut?: boolean;
  spawnError?: string;
}

/** Flags that never take a value, so `inspect --bootstrap NAME` and `inspect NAME --bootstrap` are one command. */
const BOOLEAN_FLAGS = new Set([
  '--all',
  '-a',
  '--bootstrap',
  '--force',
  '--help',
  '--keep-state',
  '--load',
  '--no-cache',
  '--no-trunc',
  '--push',
  '--quiet',
  '-q',
  '--verbose',
]);

/**
 * A command by its structure: the file, the subcommand path (the bare words before the first
 * flag), the flags as a set of `name` / `name=value` (`--x v` and `--x=v` are one flag; a flag
 * takes the next word as its value unless it is a known boolean or the next word is a flag), and
 * the positional arguments in order (everything after `--` is positional).
 */
export interface CommandShape {
  file: string;
  path: string[];
  flags: string[];
  args: string[];
}

/** The shape of a command given as words (a key split on spaces, or an argv). */
export function commandShape(words: readonly string[]): CommandShape {
  const [file = '', ...rest] = words.filter((w) => w !== '');
  const shape: CommandShape = { file, path: [], flags: [], args: [] };
  let inPath = true;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === '--') {
      shape.args.push(...rest.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w !== '-') {
      inPath = false;
      const eq = w.indexOf('=');
      if (w.startsWith('--') && eq > 0) shape.flags.push(`${w.slice(0, eq)}=${w.slice(eq + 1)}`);
      else if (!BOOLEAN_FLAGS.has(w) && i + 1 < rest.length && !rest[i + 1]!.startsWith('-'))
        shape.flags.push(`${w}=${rest[++i]!}`);
      else shape.flags.push(w);
      continue;
    }
    if (inPath && shape.flags.length === 0 && shape.args.length === 0) shape.path.push(w);
    else shape.args.push(w);
  }
  shape.flags.sort();
  return shape;
}

/**
 * Two shapes name the same command: the same file, the same words in order (subcommand path, then
 * positionals: where the path ends is not told by the words alone, `inspect NAME --bootstrap`
 * reads NAME as path), and the same flags in any order.
 */
export function sameCommand(a: CommandShape, b: CommandShape): boolean {
  const eq = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.file === b.file && eq([...a.path, ...a.args], [...b.path, ...b.args]) && eq(a.flags, b.flags);
}

/**
 * A runner scripted by command that throws on any command it was not told about, so no unit
 * test silently reaches a real daemon. A key is the argv joined by single spaces; a command
 * matches the key written exactly so, else the key of the same structure (`commandShape`): flags
 * in another order, `--x=v` for `--x v`.
 */
export class FakeRunner implements Runner {
  readonly calls: { argv: string[]; opts: RunOptions }[] = [];
  private readonly script = new Map<string, Scripted | ((argv: string[]) => Scripted)>();
  private readonly shapes = new Map<string, CommandShape>();

  on(cmd: string, result: Scripted | ((argv: string[]) => Scripted)): this {
    this.script.set(cmd, result);
    this.shapes.set(cmd, commandShape(cmd.split(' ')));
    return this;
  }

  /** The entry whose key has the structure of `key` (the words of the argv as the keys split them). */
  private byShape(key: string): Scripted | ((argv: string[]) => Scripted) | undefined {
    const want = commandShape(key.split(' '));
    const hits = [...this.shapes].filter(([, shape]) => sameCommand(shape, want)).map(([k]) => k);
    if (hits.length > 1) throw new Error(`FakeRunner: ${key} matches more than one key: ${hits.join(' | ')}`);
    return hits[0] !== undefined ? this.script.get(hits[0]) : undefined;
  }

  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    if (!(opts.timeoutMs > 0)) throw new Error(`FakeRunner: no timeout for ${file} ${args.join(' ')}`);
    const argv = [file, ...args];
    this.calls.push({ argv, opts });
    const key = argv.join(' ');
    const entry = this.script.get(key) ?? this.byShape(key);
    if (entry === undefined) throw new Error(`FakeRunner: unexpected command: ${key}`);
    const s = typeof entry === 'function' ? entry(argv) : entry;
    const r: CommandResult = {
      argv,
      exitCode: s.exitCode === undefined ? 0 : s.exitCode,
      signal: null,
      stdout: s.stdout ?? '',
      stderr: s.stderr ?? '',
      timedOut: s.timedOut ?? false,
      durationMs: 1,
    };
    if (s.spawnError !== undefined) r.spawnError = s.spawnError;
    return r;
  }
}
