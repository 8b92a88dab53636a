import type { SourceCheck } from './report.js';
/** Bad input: names the input, the value given and what is accepted. Thrown before anything changes. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly accepted: string,
  ) {
    super(`Invalid ${input} ${JSON.stringify(value)}: expected ${accepted}`);
    this.name = 'InputError';
  }
}

/** A refusal the user must see plainly (unsafe restore, unverified backup...). */
export class SafetyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetyError';
  }
}

/** A bundle whose origin could not be proven: refused before anything is written. */
export class SourceError extends SafetyError {
  constructor(
    message: string,
    readonly source: SourceCheck,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Turns any thrown value into a message: a non-Error throw is still a failure. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    // JSON.stringify(undefined) is undefined, not a string.
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}
