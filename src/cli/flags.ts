/**
 * Flags of the CLI commands: the option flags (same names as the action's inputs, parsed by the
 * one parser) plus each command's own switches. Unknown flags are errors naming the accepted ones.
 */
import { InputError } from '../core/errors.js';
import { OPTION_SPECS } from '../core/parse-options.js';
import type { RawOptions } from '../core/parse-options.js';

const LIST_OPTIONS = ['cache-paths', 'platforms', 'daemon-json', 'buildkitd-config'];

export interface FlagSpec {
  name: string;
  /** Takes no value (`--json`); `--no-NAME` sets it false. */
  boolean: boolean;
  alias?: string;
}

export interface ParsedFlags {
  /** Option flags, for parseOptions (`source: 'flag'`). */
  options: RawOptions;
  /** The command's own flags: booleans as 'true'/'false', others their value. */
  own: Record<string, string>;
  positionals: string[];
}

/** Option flags a command accepts: every option but the ones it excludes (check has no --mode). */
export function optionFlags(exclude: readonly string[] = []): FlagSpec[] {
  return OPTION_SPECS.filter((s) => !exclude.includes(s.name) && !s.actionOnly).map((s) => ({
    name: s.name,
    boolean: s.boolean === true,
  }));
}

export function parseFlags(args: readonly string[], optionSpecs: FlagSpec[], ownSpecs: FlagSpec[]): ParsedFlags {
  const out: ParsedFlags = { options: {}, own: {}, positionals: [] };
  const all = [...ownSpecs.map((s) => ({ ...s, own: true })), ...optionSpecs.map((s) => ({ ...s, own: false }))];
  const accepted = () => all.map((s) => `--${s.name}${s.alias !== undefined ? `/${s.alias}` : ''}`).join(', ');
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq >= 0 ? a.slice(0, eq) : a;
    let inline: string | undefined = eq >= 0 ? a.slice(eq + 1) : undefined;
    let spec = all.find((s) => `--${s.name}` === flag || s.alias === flag);
    let negated = false;
    if (spec === undefined && flag.startsWith('--no-')) {
      spec = all.find((s) => s.boolean && s.name === flag.slice(5));
      negated = spec !== undefined;
      if (negated && inline !== undefined) throw new InputError(flag, inline, `${flag} without a value`);
    }
    if (spec === undefined) throw new InputError('option', a, `one of ${accepted()}`);
    let value: string;
    if (negated) value = 'false';
    else if (spec.boolean) value = inline ?? 'true';
    else {
      if (inline === undefined) {
        const next = args[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2))
          throw new InputError(`--${spec.name}`, '', 'a value after the flag');
        inline = next;
        i++;
      }
      value = inline;
    }
    const target = spec.own ? out.own : out.options;
    // A list option given twice adds up (`--platforms linux/amd64 --platforms linux/arm64`).
    const prev = target[spec.name];
    target[spec.name] = prev !== undefined && LIST_OPTIONS.includes(spec.name) ? `${prev}\n${value}` : value;
  }
  return out;
}
