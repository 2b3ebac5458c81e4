/** `accord errors`: dead letters — list, show, retry after a fix, resolve with a reason. */
import { deadLetterAdvice } from '../../engine/operations/dead-letter-advice.ts';
import { resolveDeadLetter, retryDeadLetter } from '../../engine/operations/operator-actions.ts';
import { openSqliteQueue } from '../../queue/sqlite/sqlite-queue.ts';
import type { DeadLetter, DeadLetterState } from '../../store/store.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, UsageError } from '../command.ts';
import { operatorName } from '../format/operator-name.ts';
import {
  formatAge,
  indentJson,
  parseId,
  redactForDisplay,
  renderTable,
  truncate,
} from '../format/plain-text.ts';
import { STORE_OPTION, STORE_USAGE, withStore } from '../format/store-option.ts';
import type { Io } from '../io.ts';

const STATES = ['open', 'retried', 'resolved', 'all'] as const;
const FORMATS = ['text', 'json'] as const;

const usage = [
  'usage: accord errors list [--flow <flow>] [--state open|retried|resolved|all] [--limit <n>] [--format text|json]',
  '       accord errors show <id> [--format text|json]',
  '       accord errors retry <id> [--reason "…"] [--by <name>]',
  '       accord errors resolve <id> --reason "…" [--by <name>]',
  '',
  'Dead letters: changes that failed permanently or ran out of retries, kept with the failed',
  'request and response (secrets redacted) and the reason in plain words.',
  '',
  '  list      open dead letters (default), oldest first: flow, record, reason, attempts, age',
  '  show      one dead letter: the request and response, the classification, how to fix it',
  '  retry     after fixing the data or the contract: replay the original change',
  '  resolve   close it without replaying, with the reason (audited as an operator action)',
  '',
  'options:',
  STORE_USAGE,
  '  --flow <flow>        only this flow',
  '  --state <state>      open (default), retried, resolved or all',
  '  --limit <n>          at most n rows',
  '  --reason "…"         why (required for resolve; recorded in the audit trail)',
  '  --by <name>          who is acting (default $ACCORD_OPERATOR, else the OS user)',
  '  --format text|json   output format (default text)',
  '',
  'Exit codes: 0 ok (list: no open dead letter), 1 list found open dead letters,',
  '2 bad usage, an unknown id, or a dead letter not in a state that allows the action.',
].join('\n');

const OPTIONS = {
  ...STORE_OPTION,
  flow: { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  reason: { type: 'string' },
  by: { type: 'string' },
  format: { type: 'string', short: 'f' },
} as const;

function listText(letters: readonly DeadLetter[], showState: boolean): string {
  if (letters.length === 0) return 'no dead letters\n';
  const now = Date.now();
  const rows = letters.map((d) => [
    String(d.id),
    ...(showState ? [d.state] : []),
    d.flow,
    d.recordKey,
    String(d.attempts),
    formatAge(d.createdAt, now),
    truncate(d.reason, 90),
  ]);
  const headers = ['id', ...(showState ? ['state'] : []), 'flow', 'record', 'attempts', 'age', 'reason'];
  return `${renderTable(headers, rows)}${letters.length} dead letter${letters.length === 1 ? '' : 's'}\n`;
}

function showText(d: DeadLetter): string {
  const advice = deadLetterAdvice(d.classification);
  const row = (label: string, value: string) => `${`${label}:`.padEnd(16)}${value}`;
  const lines = [
    `dead letter ${d.id} — ${d.state}`,
    row('flow', d.flow),
    row('record', d.recordKey),
    ...(d.jobId === undefined ? [] : [row('job', `${d.jobId}${d.jobKey ? ` (${d.jobKey})` : ''}`)]),
    ...(d.runId === undefined ? [] : [row('run', d.runId)]),
    row('attempts', String(d.attempts)),
    row('opened', `${d.createdAt} (${formatAge(d.createdAt)} ago)`),
    row('classification', `${d.classification} — ${advice.meaning}`),
    row('reason', d.reason),
    ...(d.resolution
      ? [row(d.state, `by ${d.resolution.by} at ${d.resolution.at}: ${d.resolution.reason}`)]
      : [
          row('how to fix', advice.fix),
          row('then', `accord errors retry ${d.id}   (or: accord errors resolve ${d.id} --reason "…")`),
        ]),
    '',
    'request:',
    d.request === undefined ? '  (none recorded)' : indentJson(redactForDisplay(d.request)),
    'response:',
    d.response === undefined ? '  (none recorded)' : indentJson(redactForDisplay(d.response)),
  ];
  return `${lines.join('\n')}\n`;
}

function forJson(d: DeadLetter): unknown {
  return {
    ...d,
    request: redactForDisplay(d.request),
    response: redactForDisplay(d.response),
    advice: deadLetterAdvice(d.classification),
  };
}

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  const [action, ...rest] = positionals;
  const format = oneOf('format', values.format, FORMATS, 'text');
  const one = () => {
    if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
    return parseId('dead letter', rest[0]);
  };
  switch (action) {
    case 'list': {
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const state = oneOf('state', values.state, STATES, 'open');
      const limit = values.limit === undefined ? undefined : parseId('--limit', values.limit);
      return withStore('errors', io, values.store, async (store) => {
        const letters = await store.deadLetters.list({
          ...(state === 'all' ? {} : { state: state as DeadLetterState }),
          flow: values.flow,
          limit,
        });
        io.stdout.write(
          format === 'json'
            ? `${JSON.stringify(letters.map(forJson), null, 2)}\n`
            : listText(letters, state === 'all'),
        );
        return letters.some((d) => d.state === 'open') ? EXIT.findings : EXIT.ok;
      });
    }
    case 'show': {
      const id = one();
      return withStore('errors', io, values.store, async (store) => {
        const letter = await store.deadLetters.get(id);
        if (!letter) {
          io.stderr.write(
            `accord errors: dead letter ${id} does not exist (see \`accord errors list --state all\`)\n`,
          );
          return EXIT.badInput;
        }
        io.stdout.write(
          format === 'json' ? `${JSON.stringify(forJson(letter), null, 2)}\n` : showText(letter),
        );
        return EXIT.ok;
      });
    }
    case 'retry': {
      const id = one();
      const by = operatorName(values.by);
      const reason = values.reason?.trim() || 'retried after a fix';
      return withStore('errors', io, values.store, async (store) => {
        const queue = openSqliteQueue(store);
        const letter = await retryDeadLetter({ store, queue }, id, { by, reason });
        io.stdout.write(
          `dead letter ${id}: its change (${letter.flow}, ${letter.recordKey}) is queued again with fresh attempts; ` +
            `the next \`accord sync\` of ${letter.flow} replays it. If it fails again, a new dead letter opens.\n`,
        );
        return EXIT.ok;
      });
    }
    case 'resolve': {
      const id = one();
      if (values.reason === undefined || values.reason.trim() === '') {
        throw new UsageError('resolve needs --reason "…": say why it is closed without a replay');
      }
      const reason = values.reason.trim();
      const by = operatorName(values.by);
      return withStore('errors', io, values.store, async (store) => {
        const letter = await resolveDeadLetter(store, id, { by, reason });
        io.stdout.write(
          `dead letter ${id} (${letter.flow}, ${letter.recordKey}) resolved by ${by}: ${reason}\n`,
        );
        return EXIT.ok;
      });
    }
    case undefined:
      throw new UsageError('expected an action: list, show, retry or resolve');
    default:
      throw new UsageError(`unknown action "${action}": expected list, show, retry or resolve`);
  }
}

export const command: Command = {
  name: 'errors',
  summary: 'list, show, retry or resolve dead letters (failed changes, with their reason)',
  usage,
  run,
};
