/**
 * Checks of single option values, shared by the option parser and the `builders` YAML parser. Kept
 * apart from builders-yaml.ts (ajv, yaml), so the parser of every start loads neither.
 */
import { InputError } from './errors.js';

/** buildx's own rule (store.ValidateName): a letter first, then letters, digits and `._-`; it lowercases. */
const BUILDER_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/;

/** `os/arch[/variant]` as buildx and containerd's platforms package read it. */
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/;

/** Checks one platform string; returns it lowercased or throws an InputError naming `input`. */
export function validatePlatform(value: string, input: string): string {
  const p = value.trim().toLowerCase();
  if (!PLATFORM.test(p))
    throw new InputError(input, value, 'platforms as os/arch[/variant], e.g. linux/amd64, linux/arm64, linux/arm/v7');
  return p;
}

/** Checks a builder name the way buildx does (and lowercases it like buildx). */
export function validateBuilderName(value: string, input: string): string {
  if (!BUILDER_NAME.test(value)) {
    throw new InputError(
      input,
      value,
      'a builder name that starts with a letter and holds only letters, digits and . _ -',
    );
  }
  return value.toLowerCase();
}

/** Explicit boolean parsing: step inputs and state are strings, and `'false'` must be false. */
export function parseBoolValue(value: string, input: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(v)) return false;
  throw new InputError(input, value, 'true or false (also yes/no, on/off, 1/0)');
}

/** One allow-list entry: `key=value` (exactly that), `key` (any value), `env.*` (any env option), or a BuildKit flag. */
const ENTRY_RE = /^(?:--[a-z][a-z0-9-]*(?:=[^\s]+)?|env\.\*|[A-Za-z0-9_.-]+(?:=[^\s]*)?)$/;

export function parseAllowBuilderSettings(items: string[] | undefined, input = 'allow-builder-settings'): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    if (!ENTRY_RE.test(item))
      throw new InputError(
        input,
        item,
        'driver options as key=value or key (e.g. image=moby/buildkit:v0.13.2, network=host, env.*), or BuildKit flags (e.g. --debug, --allow-insecure-entitlement=security.insecure), comma or newline separated',
      );
    out.push(item);
  }
  return out;
}
