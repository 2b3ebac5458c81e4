/**
 * The shape every `accord` command has, the exit codes they share, and argument parsing that
 * turns a user's typo into a usage message instead of a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { formatLocatedError, type LocatedError } from '../contract/located-error.ts';
import type { Io } from './io.ts';

/** 0 ok · 1 findings (a failed check) · 2 bad usage or bad input. */
export const EXIT = { ok: 0, findings: 1, badInput: 2 } as const;

export interface Command {
  /** What the user types: `accord <name>`. */
  readonly name: string;
  /** One line for `accord --help`. */
  readonly summary: string;
  /** Full help: synopsis, options, exit codes. */
  readonly usage: string;
  run(args: string[], io: Io): Promise<number>;
}

/** A mistake in how a command was called. Its message is shown with the command's usage. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments strictly (unknown options are errors); `--help` is always
 * accepted. Throws `UsageError`, which `main` prints with the usage.
 *
 * @example
 * const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' } });
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    throw new UsageError(
      cause instanceof Error ? cause.message.replace(/\. To specify a positional.*$/s, '') : String(cause),
    );
  }
}

/** Checks an option's value against its allowed values. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** Prints a contract's load errors, one located line each, to stderr. */
export function printLoadErrors(io: Io, errors: readonly LocatedError[]): number {
  for (const error of errors) io.stderr.write(`${formatLocatedError(error)}\n`);
  io.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; the contract was not loaded.\n`);
  return EXIT.badInput;
}
