/**
 * Accord's structured logs: pino, one JSON object per line, with
 * - the run id on every line of a run (`runLogger` makes a child logger carrying `runId` and `flow`);
 * - credentials redacted twice: by path (pino `redact`, for where credentials are expected: headers,
 *   connection settings) and by value (`SecretScrubber`, for anywhere else: a vendor echoing the
 *   token in its error body, a URL with a key in it, an exception message);
 * - the level from `--log-level` / `ACCORD_LOG_LEVEL` (see `log-level.ts`).
 *
 * @example
 *   const scrubber = new SecretScrubber();
 *   const log = createLogger({ level: resolveLogLevel({ flag }), scrubber });
 *   scrubber.addSettings(resolved.settings);          // after resolveConnection(...)
 *   const runLog = runLogger(log, { runId: run.id, flow: run.flow });
 *   runLog.warn({ recordKey: 'SO-1042' }, 'NetSuite rejected the order');
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevelName } from './log-level.ts';
import { SCRUBBED, SecretScrubber } from './secret-scrubber.ts';

export type { Logger } from 'pino';

/** Credential-bearing property names, as they appear in Accord's and the vendors' objects. */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-shopify-access-token',
  'X-Shopify-Access-Token',
  'stripe-signature',
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'consumerSecret',
  'tokenSecret',
  'privateKey',
  'webhookUrl',
];

/** Top level, one level down (`connection.token`) and inside request/response headers. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = (prefix: string) => (k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`);
  return [
    k,
    dot('*'),
    dot('*.headers'),
    dot('*.*.headers'),
    dot('headers'),
    dot('connection'),
    dot('settings'),
  ];
});

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevelName | undefined;
  /** Where lines go; default stderr (stdout is for command output). */
  destination?: DestinationStream | undefined;
  /** Secret values to scrub from every line; the caller keeps it and adds values as they resolve. */
  scrubber?: SecretScrubber | undefined;
  /** Extra fields on every line (e.g. `{ worker: 'w1' }`). */
  base?: Record<string, unknown> | undefined;
}

/** A root logger; every child of it shares its redaction and scrubbing. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const scrubber = options.scrubber ?? new SecretScrubber();
  return pino(
    {
      level: options.level ?? 'info',
      base: { ...(options.base ?? {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: SCRUBBED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      // The value scrubber sees the finished line, whatever path the secret took to get there.
      hooks: { streamWrite: (line: string) => scrubber.scrub(line) },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/**
 * A child logger for one run: every line carries `runId` and `flow`.
 *
 * @example runLogger(log, { runId: 'r-42', flow: 'orders' }).info({ captured: 10 }, 'run finished');
 */
export function runLogger(
  logger: Logger,
  run: { runId: string; flow?: string | undefined },
  extra: Record<string, unknown> = {},
): Logger {
  return logger.child({ runId: run.runId, ...(run.flow === undefined ? {} : { flow: run.flow }), ...extra });
}

/** A destination that keeps every line, for tests and for commands that print logs themselves. */
export function memoryDestination(): DestinationStream & { lines(): string[]; text(): string } {
  const chunks: string[] = [];
  return {
    write: (chunk: string) => {
      chunks.push(chunk);
    },
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    text: () => chunks.join(''),
  };
}
