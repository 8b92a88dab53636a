/**
 * The command table. To add a command: one file in this folder exporting a `Command`, one line
 * here. Order is the order `help` lists them in.
 */
import type { Command } from '../context.js';
import { checkCommand } from './check.js';
import { healCommand } from './heal.js';
import { helpCommand } from './help.js';
import { REPORT_HELP, reportCommand } from './report.js';
import { ROLLBACK_META } from './rollback-help.js';
import { BACKUPS_META } from './backups-help.js';

/**
 * A command whose code loads only when it runs (its name, summary and help are listed on every
 * start): `rollback` and `backups` bring the bundle format, the stores and ajv, which a
 * `heal --mode auto` before every build never uses.
 */
function lazy(meta: Pick<Command, 'name' | 'summary' | 'help'>, load: () => Promise<Command>): Command {
  return {
    ...meta,
    run: async (args, host) => {
      // Its help needs none of its code.
      if (args.includes('--help') || args.includes('-h')) {
        host.stdout(meta.help);
        return 0;
      }
      return (await load()).run(args, host);
    },
  };
}

const rollbackCommand = lazy(ROLLBACK_META, async () => (await import('./rollback.js')).rollbackCommand);
const backupsCommand = lazy(BACKUPS_META, async () => (await import('./backups.js')).backupsCommand);

const reportCmd: Command = {
  name: 'report',
  summary: 'Merge JSON reports from many runners (report merge), or render metrics (report metrics)',
  help: REPORT_HELP,
  run: (args, host) => reportCommand(args, host),
};

export const COMMANDS: readonly Command[] = [
  checkCommand,
  healCommand,
  rollbackCommand,
  backupsCommand,
  reportCmd,
  helpCommand(() => COMMANDS),
];
