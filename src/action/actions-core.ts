/**
 * The part of `@actions/core` the heal action uses, made of the package's own command, file-command,
 * utils and summary modules, exactly as its `core.js` composes them (v3: getInput, setOutput,
 * setFailed, error, warning, notice, info, debug, summary). Why not the package's index: it also
 * loads the OIDC client (`@actions/http-client`, undici) and `@actions/exec`, about 1.2 MB evaluated
 * on every start of the pre-build step for nothing a heal uses. The package exports only its index,
 * so the modules are imported by path; test/unit/actions-core.test.ts compares every function here
 * with the package's, call for call, on the same workflow-command files and stdout.
 */
import { EOL } from 'node:os';
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { toCommandProperties, toCommandValue } from '../../node_modules/@actions/core/lib/utils.js';
import type { AnnotationProperties, InputOptions } from '../../node_modules/@actions/core/lib/core.js';

export { summary } from '../../node_modules/@actions/core/lib/summary.js';

export function getInput(name: string, options?: InputOptions): string {
  const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options?.required && !val) throw new Error(`Input required and not supplied: ${name}`);
  if (options?.trimWhitespace === false) return val;
  return val.trim();
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
