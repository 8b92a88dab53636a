/**
 * The part of `@actions/core` the heal action uses, made of the package's own command, utils and
 * summary modules and a copy of its file-command module's two functions (see there), exactly as its
 * `core.js` composes them (v3: getInput, setOutput, setFailed, error, warning, notice, info, debug,
 * summary). Why not the package's index: it also
 * loads the OIDC client (`@actions/http-client`, undici) and `@actions/exec`, about 1.2 MB evaluated
 * on every start of the pre-build step for nothing a heal uses. The package exports only its index,
 * so the modules are imported by path; test/unit/actions-core.test.ts compares every function here
 * with the package's, call for call, on the same workflow-command files and stdout.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js';
import type { AnnotationProperties, InputOptions } from '../../node_modules/@actions/core/lib/core.js';

export { summary } from '../../node_modules/@actions/core/lib/summary.js';

export function getInput(name: string, options?: InputOptions): string {
  const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options?.required && !val) throw new Error(`Input required and not supplied: ${name}`);
  if (options?.trimWhitespace === false) return val;
  return val.trim();
}

// file-command.js's two functions, line for line, but for the delimiter's random part: that module
// imports node:crypto for it (randomUUID), and node:crypto is some twenty modules of Node's that a
// healthy pre-build step would load only for this (about 20M instructions; src/core/crypto.ts).
// The delimiter need not be secret: a name or value that holds it is refused, as in the library.
function issueFileCommand(command: string, message: unknown): void {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  appendFileSync(filePath, `${toCommandValue(message)}${EOL}`, { encoding: 'utf8' });
}

/** A random name in the shape of a version 4 UUID (Math.random: see above). */
function uuidShaped(): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}

function prepareKeyValueMessage(key: string, value: unknown): string {
  const delimiter = `ghadelimiter_${uuidShaped()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (convertedValue.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  return `${key}<<${delimiter}${EOL}${convertedValue}${EOL}${delimiter}`;
}

export function setOutput(name: string, value: unknown): void {
  const filePath = process.env.GITHUB_OUTPUT || '';
  if (filePath) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}
