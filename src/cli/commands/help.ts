/** `buildkit-healer help [COMMAND]`: the command list, or one command's help. */
import type { Command, CliHost } from '../context.js';

export function overview(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `buildkit-healer ${version}: diagnose, back up, clean, reinstall, validate and roll back Docker BuildKit

Usage: buildkit-healer COMMAND [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Global:
  -h, --help     help (also: buildkit-healer COMMAND --help)
  --version      print the version

Docker is reached as the docker CLI would (DOCKER_HOST, DOCKER_CONFIG, DOCKER_CONTEXT).
`;
}

export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'Show help for a command',
    help: 'Usage: buildkit-healer help [COMMAND]\n',
    async run(args: string[], host: CliHost): Promise<number> {
      const [name, ...rest] = args;
      const all = commands();
      if (name === undefined) {
        host.stdout(overview(all, host.version));
        return 0;
      }
      if (name === '--help' || name === '-h') {
        host.stdout(this.help);
        return 0;
      }
      const cmd = all.find((c) => c.name === name);
      if (cmd === undefined || rest.length > 0) {
        host.stderr(
          `buildkit-healer help: unknown command ${JSON.stringify(args.join(' '))}: expected one of ${all.map((c) => c.name).join(', ')}\n`,
        );
        return 2;
      }
      host.stdout(cmd.help);
      return 0;
    },
  };
}
