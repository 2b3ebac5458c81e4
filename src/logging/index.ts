/**
 * Structured logging for Accord (pino): run ids on every line, credentials never logged.
 *
 * @example
 *   import { createLogger, runLogger, SecretScrubber } from './logging/index.ts';
 */
export {
  isLogLevel,
  LOG_LEVEL_ENV,
  LOG_LEVEL_NAMES,
  type LogLevelName,
  resolveLogLevel,
} from './log-level.ts';
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  memoryDestination,
  REDACT_PATHS,
  runLogger,
} from './logger.ts';
export { MIN_SECRET_LENGTH, SCRUBBED, SecretScrubber, scrubbingResolver } from './secret-scrubber.ts';
