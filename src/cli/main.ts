/**
 * The CLI: `main(argv, host)` dispatches to the command table and returns the exit code. It never
 * exits the process (index.ts does), so tests call it directly with their own host.
 */
import { InputError, errorMessage } from '../core/errors.js';
import type { CliHost, Command } from './context.js';
import { COMMANDS } from './commands/index.js';
import { overview } from './commands/help.js';

export async function main(
  argv: readonly string[],
  host: CliHost,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    host.stderr(overview(commands, host.version));
    return 2;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    host.stdout(`${host.version}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    host.stdout(overview(commands, host.version));
    return 0;
  }
  const cmd = commands.find((c) => c.name === first);
  if (cmd === undefined) {
    const what = first.startsWith('-') ? 'option' : 'command';
    host.stderr(
      `buildkit-healer: unknown ${what} ${JSON.stringify(first)}: expected a command (${commands.map((c) => c.name).join(', ')}) or --help, --version\n`,
    );
    return 2;
  }
  try {
    return await cmd.run(rest, host);
  } catch (e) {
    // Bad usage exits 2 before anything ran; anything else is a failure (1) with its message.
    host.stderr(`buildkit-healer ${cmd.name}: ${errorMessage(e)}\n`);
    if (e instanceof InputError) {
      host.stderr(`Try: buildkit-healer ${cmd.name} --help\n`);
      return 2;
    }
    return 1;
  }
}
