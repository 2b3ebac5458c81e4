/**
 * The log level: a command-line flag wins, then `ACCORD_LOG_LEVEL`, then `info`.
 *
 * @example resolveLogLevel({ flag: undefined, env: { ACCORD_LOG_LEVEL: 'debug' } }) // 'debug'
 */
export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

export const LOG_LEVEL_ENV = 'ACCORD_LOG_LEVEL';

export function isLogLevel(value: string): value is LogLevelName {
  return (LOG_LEVEL_NAMES as readonly string[]).includes(value);
}

/** Throws a RangeError naming where the bad level came from and the allowed values. */
export function resolveLogLevel(input: {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}): LogLevelName {
  const fromEnv = (input.env ?? process.env)[LOG_LEVEL_ENV];
  const [value, source] =
    input.flag !== undefined
      ? [input.flag, '--log-level']
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, LOG_LEVEL_ENV]
        : ['info', 'default'];
  const level = value.toLowerCase();
  if (!isLogLevel(level)) {
    throw new RangeError(`${source} must be one of ${LOG_LEVEL_NAMES.join(', ')} (got "${value}")`);
  }
  return level;
}
