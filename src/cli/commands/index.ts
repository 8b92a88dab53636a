/**
 * The command table. To add a command: one file in this folder exporting a `Command`, one line
 * here. Order is the order `help` lists them in.
 */
import type { Command } from '../context.js';
import { checkCommand } from './check.js';
import { healCommand } from './heal.js';
import { helpCommand } from './help.js';
import { REPORT_HELP, reportCommand } from './report.js';
import { rollbackCommand } from './rollback.js';
import { backupsCommand } from './backups.js';

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
