/** `accord reviews`: decisions the contract hands to a human — list, show, decide. */
import { decideReview } from '../../engine/operations/operator-actions.ts';
import {
  candidateLabel,
  describeDecision,
  parseReviewDecision,
  type ReviewAnswer,
} from '../../engine/operations/review-decision.ts';
import { openSqliteQueue } from '../../queue/sqlite/sqlite-queue.ts';
import type { ReviewItem, ReviewKind, ReviewState } from '../../store/store.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, UsageError } from '../command.ts';
import { operatorName } from '../format/operator-name.ts';
import { formatAge, indentJson, parseId, renderTable, truncate } from '../format/plain-text.ts';
import { STORE_OPTION, STORE_USAGE, withStore } from '../format/store-option.ts';
import type { Io } from '../io.ts';

const STATES = ['open', 'decided', 'all'] as const;
const KINDS = [
  'ambiguous-match',
  'conflict',
  'unknown-enum',
  'deletion',
] as const satisfies readonly ReviewKind[];
const FORMATS = ['text', 'json'] as const;

const usage = [
  'usage: accord reviews list [--flow <flow>] [--kind <kind>] [--state open|decided|all] [--format text|json]',
  '       accord reviews show <id> [--format text|json]',
  '       accord reviews decide <id> (--choose <candidate> | --value <value> | --create | --skip) [--by <name>]',
  '',
  'Review items: what the contract refuses to guess — an ambiguous match (several records match),',
  'a conflict under a review rule (both systems changed a field), an unknown enum value, a deleted',
  'source record whose flow says onDelete: flag.',
  '',
  '  list      open items (default), oldest first',
  '  show      one item: the question, its candidates (numbered), how to decide',
  '  decide    answer it; the decision is applied to the record and audited',
  '',
  'decide with:',
  '  --choose <candidate>  a match: the candidate number or record id; a conflict: the number or',
  '                        system whose value wins; a deletion: 1, propagate it to that record',
  '  --value <value>       an unknown enum value: the canonical value to use',
  '  --create              a match question: none is right, create a new record',
  '  --skip                close it without writing anything',
  '',
  'options:',
  STORE_USAGE,
  '  --flow <flow>        only this flow',
  '  --kind <kind>        ambiguous-match, conflict, unknown-enum or deletion',
  '  --state <state>      open (default), decided or all',
  '  --by <name>          who decides (default $ACCORD_OPERATOR, else the OS user)',
  '  --format text|json   output format (default text)',
  '',
  'Exit codes: 0 ok (list: nothing open), 1 list found open items, 2 bad usage, an unknown id,',
  'or a decision that does not fit the item.',
].join('\n');

const OPTIONS = {
  ...STORE_OPTION,
  flow: { type: 'string' },
  kind: { type: 'string' },
  state: { type: 'string' },
  choose: { type: 'string' },
  value: { type: 'string' },
  create: { type: 'boolean' },
  skip: { type: 'boolean' },
  by: { type: 'string' },
  format: { type: 'string', short: 'f' },
} as const;

const QUESTION: Record<ReviewKind, string> = {
  'ambiguous-match': 'which record is this one?',
  conflict: 'both systems changed this field: which value wins?',
  'unknown-enum': 'this value is not in the mapping: which canonical value is it?',
  deletion: 'the source record was deleted: delete (or inactivate) the linked record too?',
};

function reasonOf(item: ReviewItem): string {
  const detail = item.detail as { reason?: unknown } | string | undefined;
  if (typeof detail === 'string') return detail;
  if (detail && typeof detail.reason === 'string') return detail.reason;
  return QUESTION[item.kind] ?? item.kind;
}

function listText(items: readonly ReviewItem[], showState: boolean): string {
  if (items.length === 0) return 'no review items\n';
  const now = Date.now();
  const rows = items.map((r) => [
    String(r.id),
    ...(showState ? [r.state] : []),
    r.kind,
    r.flow,
    `${r.entity} ${r.recordKey}`,
    r.field || '-',
    formatAge(r.createdAt, now),
    truncate(reasonOf(r), 70),
  ]);
  const headers = [
    'id',
    ...(showState ? ['state'] : []),
    'kind',
    'flow',
    'record',
    'field',
    'age',
    'question',
  ];
  return `${renderTable(headers, rows)}${items.length} review item${items.length === 1 ? '' : 's'}\n`;
}

function candidateText(item: ReviewItem): string[] {
  if (item.candidates.length === 0) return ['  (no candidates: --create a new record, or --skip)'];
  return item.candidates.flatMap((c, i) => {
    const ref = c as { fields?: unknown; value?: unknown } | null;
    const head = `  ${i + 1}. ${candidateLabel(c, i)}`;
    if (ref && typeof ref === 'object' && 'value' in ref)
      return [`${head}  value ${JSON.stringify(ref.value ?? null)}`];
    if (ref && typeof ref === 'object' && ref.fields !== undefined)
      return [head, indentJson(ref.fields, '       ')];
    return [head];
  });
}

function showText(item: ReviewItem): string {
  const row = (label: string, value: string) => `${`${label}:`.padEnd(12)}${value}`;
  const how =
    item.kind === 'unknown-enum'
      ? `accord reviews decide ${item.id} --value <canonical value>   (or --skip)`
      : item.kind === 'conflict'
        ? `accord reviews decide ${item.id} --choose <1|2>   (or --skip)`
        : item.kind === 'deletion'
          ? `accord reviews decide ${item.id} --choose 1   (propagate; or --skip to keep the record)`
          : `accord reviews decide ${item.id} --choose <n>   (or --create, --skip)`;
  return `${[
    `review ${item.id} — ${item.kind}, ${item.state}`,
    row('flow', item.flow),
    row('record', `${item.entity} ${item.recordKey}`),
    ...(item.field ? [row('field', item.field)] : []),
    ...(item.runId ? [row('run', item.runId)] : []),
    row('opened', `${item.createdAt} (${formatAge(item.createdAt)} ago)`),
    row('question', QUESTION[item.kind] ?? item.kind),
    row('why', reasonOf(item)),
    'candidates:',
    ...candidateText(item),
    ...(item.state === 'decided'
      ? [
          row(
            'decided',
            `by ${item.decidedBy ?? '?'} at ${item.decidedAt ?? '?'}: ${JSON.stringify(item.decision)}`,
          ),
        ]
      : ['', `decide: ${how}`]),
  ].join('\n')}\n`;
}

function answerOf(values: {
  choose?: string;
  value?: string;
  create?: boolean;
  skip?: boolean;
}): ReviewAnswer {
  const given = [
    values.choose !== undefined && '--choose',
    values.value !== undefined && '--value',
    values.create && '--create',
    values.skip && '--skip',
  ].filter((x): x is string => typeof x === 'string');
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'decide needs one of --choose <candidate>, --value <value>, --create or --skip'
        : `decide takes one answer, got ${given.join(' and ')}`,
    );
  }
  if (values.choose !== undefined) return { choose: values.choose };
  if (values.value !== undefined) return { value: values.value };
  return values.create ? { create: true } : { skip: true };
}

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  const [action, ...rest] = positionals;
  const format = oneOf('format', values.format, FORMATS, 'text');
  const one = () => {
    if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
    return parseId('review', rest[0]);
  };
  switch (action) {
    case 'list': {
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const state = oneOf('state', values.state, STATES, 'open');
      const kind = values.kind === undefined ? undefined : oneOf('kind', values.kind, KINDS, 'conflict');
      return withStore('reviews', io, values.store, async (store) => {
        const items = await store.reviews.list({
          ...(state === 'all' ? {} : { state: state as ReviewState }),
          kind,
          flow: values.flow,
        });
        io.stdout.write(
          format === 'json' ? `${JSON.stringify(items, null, 2)}\n` : listText(items, state === 'all'),
        );
        return items.some((r) => r.state === 'open') ? EXIT.findings : EXIT.ok;
      });
    }
    case 'show': {
      const id = one();
      return withStore('reviews', io, values.store, async (store) => {
        const item = await store.reviews.get(id);
        if (!item) {
          io.stderr.write(
            `accord reviews: review ${id} does not exist (see \`accord reviews list --state all\`)\n`,
          );
          return EXIT.badInput;
        }
        io.stdout.write(format === 'json' ? `${JSON.stringify(item, null, 2)}\n` : showText(item));
        return EXIT.ok;
      });
    }
    case 'decide': {
      const id = one();
      const answer = answerOf(values);
      const by = operatorName(values.by);
      return withStore('reviews', io, values.store, async (store) => {
        const item = await store.reviews.get(id);
        if (!item) {
          io.stderr.write(`accord reviews: review ${id} does not exist (see \`accord reviews list\`)\n`);
          return EXIT.badInput;
        }
        const parsed = parseReviewDecision(item, answer);
        if (!parsed.ok) {
          io.stderr.write(`accord reviews: ${parsed.message}\n`);
          return EXIT.badInput;
        }
        await decideReview({ store, queue: openSqliteQueue(store) }, id, parsed.decision, { by });
        const applied =
          'skip' in parsed.decision
            ? 'closed; nothing is written'
            : `the next \`accord sync\` of ${item.flow} applies it`;
        io.stdout.write(
          `review ${id} (${item.kind}, ${item.entity} ${item.recordKey}) decided by ${by}: ` +
            `${describeDecision(item, parsed.decision)}; ${applied}\n`,
        );
        return EXIT.ok;
      });
    }
    case undefined:
      throw new UsageError('expected an action: list, show or decide');
    default:
      throw new UsageError(`unknown action "${action}": expected list, show or decide`);
  }
}

export const command: Command = {
  name: 'reviews',
  summary: 'list, show and decide review items (ambiguous matches, conflicts, unknown values)',
  usage,
  run,
};
