// The CLI process: the real host around main(). Loaded by index.ts as a chunk, after the compile cache is on.
import { main } from './main.js';
import { TOOL_VERSION } from '../core/version.js';

/** Runs the CLI with this process's argv and streams; resolves with the exit code. */
export function runCli(): Promise<number> {
  return main(process.argv.slice(2), {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    version: TOOL_VERSION,
  });
}
