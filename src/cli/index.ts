// The CLI bundle's entry: the only place that exits the process.
import { main } from './main.js';
import { TOOL_VERSION } from '../core/version.js';

const code = await main(process.argv.slice(2), {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  version: TOOL_VERSION,
});
// Let stdout drain before exiting (a piped `--json` must arrive whole).
process.stdout.write('', () => process.exit(code));
