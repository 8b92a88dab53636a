import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliHost } from '../../src/cli/context.js';
import { parseFlags, optionFlags } from '../../src/cli/flags.js';
import { wantColor } from '../../src/cli/context.js';
import { InputError } from '../../src/core/errors.js';
import { FakeRunner } from '../support/fake-runner.js';

function host(env: NodeJS.ProcessEnv = {}): CliHost & { out: string; err: string; runner: FakeRunner } {
  const h = {
    out: '',
    err: '',
    cwd: '/tmp',
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    version: '9.8.7',
    // Scripted with nothing: any docker call would throw, proving bad usage stops before one.
    runner: new FakeRunner(),
    stdout(t: string) {
      h.out += t;
    },
    stderr(t: string) {
      h.err += t;
    },
  };
  return h;
}

describe('main', () => {
  it('--version and --help', async () => {
    const h = host();
    expect(await main(['--version'], h)).toBe(0);
    expect(h.out).toBe('9.8.7\n');
    const g = host();
    expect(await main(['--help'], g)).toBe(0);
    expect(g.out).toMatch(/^\s+check\s+Diagnose/m);
    expect(g.out).toMatch(/^\s+heal\s+Heal BuildKit/m);
    expect(g.out).toMatch(/^\s+report\s+/m);
  });

  it('help for every command, as `help NAME` and `NAME --help`', async () => {
    for (const name of ['check', 'heal', 'report', 'help']) {
      const a = host();
      expect(await main(['help', name], a)).toBe(0);
      expect(a.out).toMatch(/Usage:\s+buildkit-healer/);
      const b = host();
      expect(await main([name, '--help'], b), name).toBe(0);
      expect(b.out).toMatch(/Usage:\s+buildkit-healer/);
    }
    const c = host();
    expect(await main(['check', '--help'], c)).toBe(0);
    expect(c.out).toContain('--fail-on VALUE');
    expect(c.out).not.toContain('--mode VALUE');
  });

  it('no command: the overview on stderr, exit 2', async () => {
    const h = host();
    expect(await main([], h)).toBe(2);
    expect(h.err).toContain('Usage: buildkit-healer COMMAND');
  });

  it('unknown command or option: exit 2 naming it and the accepted ones', async () => {
    const h = host();
    expect(await main(['chekc'], h)).toBe(2);
    expect(h.err).toBe(
      'buildkit-healer: unknown command "chekc": expected a command (check, heal, rollback, backups, report, help) or --help, --version\n',
    );
    const o = host();
    expect(await main(['--frobnicate'], o)).toBe(2);
    expect(o.err).toContain('unknown option "--frobnicate"');
    const c = host();
    expect(await main(['check', '--frobnicate'], c)).toBe(2);
    expect(c.err).toContain(
      'Invalid option "--frobnicate": expected one of --json, --verbose/-v, --color, --help/-h, --fail-on',
    );
    const m = host();
    expect(await main(['check', '--mode', 'repair'], m)).toBe(2);
    expect(m.err).toContain('Invalid option "--mode"');
    const u = host();
    expect(await main(['help', 'nope'], u)).toBe(2);
    expect(u.err).toContain('expected one of check, heal, rollback, backups, report, help');
  });

  it('a bad option value exits 2 before any docker call', async () => {
    const h = host();
    expect(await main(['check', '--fail-on=sometimes'], h)).toBe(2);
    expect(h.err).toContain('Invalid --fail-on "sometimes": expected one of error, warning, never');
    expect(h.runner.calls).toEqual([]);
    const t = host();
    expect(await main(['check', '--timeout', '0'], t)).toBe(2);
    expect(t.err).toContain('Invalid --timeout "0"');
    expect(t.runner.calls).toEqual([]);
    for (const cmd of ['check', 'heal']) {
      const b = host();
      expect(await main([cmd, '--bootstrap=maybe'], b), cmd).toBe(2);
      expect(b.err).toContain('Invalid --bootstrap "maybe": expected true or false (also yes/no, on/off, 1/0)');
      expect(b.runner.calls).toEqual([]);
    }
  });

  it('--bootstrap is offered by check and heal (help lists it)', async () => {
    for (const cmd of ['check', 'heal']) {
      const h = host();
      expect(await main([cmd, '--help'], h), cmd).toBe(0);
      expect(h.out, cmd).toMatch(/^ {2}--bootstrap\n/m);
    }
  });
});

describe('parseFlags', () => {
  const own = [
    { name: 'json', boolean: true },
    { name: 'help', boolean: true, alias: '-h' },
  ];
  it('reads values, =values, booleans, --no- and positionals', () => {
    const p = parseFlags(
      [
        '--fail-on',
        'warning',
        '--timeout=30',
        '--json',
        '--no-validate',
        '-h',
        'extra',
        '--platforms',
        'linux/amd64',
        '--platforms=linux/arm64',
      ],
      optionFlags(),
      own,
    );
    expect(p.options).toEqual({
      'fail-on': 'warning',
      timeout: '30',
      validate: 'false',
      platforms: 'linux/amd64\nlinux/arm64',
    });
    expect(p.own).toEqual({ json: 'true', help: 'true' });
    expect(p.positionals).toEqual(['extra']);
  });
  it('--bootstrap alone is true, --no-bootstrap false, --bootstrap=VALUE kept for the parser', () => {
    expect(parseFlags(['--bootstrap'], optionFlags(), own).options).toEqual({ bootstrap: 'true' });
    expect(parseFlags(['--no-bootstrap'], optionFlags(), own).options).toEqual({ bootstrap: 'false' });
    expect(parseFlags(['--bootstrap=off'], optionFlags(), own).options).toEqual({ bootstrap: 'off' });
  });
  it('a value flag needs its value', () => {
    expect(() => parseFlags(['--fail-on'], optionFlags(), own)).toThrow(InputError);
    expect(() => parseFlags(['--fail-on', '--json'], optionFlags(), own)).toThrow(/a value after the flag/);
  });
  it('takes everything after -- as positionals', () => {
    expect(parseFlags(['--', '--json'], [], own).positionals).toEqual(['--json']);
  });
});

describe('wantColor', () => {
  it('colours only on a TTY, honouring NO_COLOR and the flags', () => {
    expect(wantColor(host(), undefined, false)).toBe(false);
    expect(wantColor(host(), undefined, true)).toBe(true);
    expect(wantColor(host({ NO_COLOR: '1' }), undefined, true)).toBe(false);
    expect(wantColor(host({ TERM: 'dumb' }), undefined, true)).toBe(false);
    expect(wantColor(host(), 'true', false)).toBe(true);
    expect(wantColor(host(), 'false', true)).toBe(false);
  });
});
