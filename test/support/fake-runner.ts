import type { CommandResult } from '../../src/core/types.js';
import type { RunOptions, Runner } from '../../src/docker/runner.js';

export interface Scripted {
  stdout?: string;
  stderr?: string;
  exitCode?: number | null;
  timedOut?: boolean;
  spawnError?: string;
}

/**
 * A runner scripted by argv that throws on any command it was not told about, so no unit
 * test silently reaches a real daemon. Keys are the argv joined by single spaces.
 */
export class FakeRunner implements Runner {
  readonly calls: { argv: string[]; opts: RunOptions }[] = [];
  private readonly script = new Map<string, Scripted | ((argv: string[]) => Scripted)>();

  on(cmd: string, result: Scripted | ((argv: string[]) => Scripted)): this {
    this.script.set(cmd, result);
    return this;
  }

  async run(file: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    if (!(opts.timeoutMs > 0)) throw new Error(`FakeRunner: no timeout for ${file} ${args.join(' ')}`);
    const argv = [file, ...args];
    this.calls.push({ argv, opts });
    const key = argv.join(' ');
    const entry = this.script.get(key);
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
