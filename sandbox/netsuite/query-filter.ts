/**
 * The record service's `q=` filter (Help Center, "Record Collection Filtering"): conditions
 * `field OPERATOR value…` joined by AND / OR with parentheses; EMPTY/EMPTY_NOT take no value,
 * BETWEEN takes two, ANY_OF any number (`id ANY_OF [1, 2, 3]`, `id BETWEEN [1, 42]`); every
 * operator has a `_NOT` form. Date values use the account's date format ("11/28/2026", optionally
 * with "10:30 am") or ISO 8601; date-only values are whole days in the account's time zone.
 *
 * @example
 *   const filter = parseQueryFilter('companyName START_WITH "Ac" AND (isInactive IS false OR email EMPTY)');
 *   const keep = matchesFilter(filter, def, record, clock);
 */
import type { AccountClock } from './account-clock.ts';
import { NetSuiteApiError } from './errors.ts';
import type { StoredRecord } from './record-store.ts';
import type { FieldDef, RecordTypeDef } from './record-types.ts';

export type FilterNode =
  | { kind: 'and' | 'or'; nodes: FilterNode[] }
  | { kind: 'condition'; field: string; operator: string; negate: boolean; values: string[] };

const ARITY: Record<string, 'none' | 'one' | 'two' | 'many'> = {
  EMPTY: 'none',
  IS: 'one',
  CONTAIN: 'one',
  START_WITH: 'one',
  END_WITH: 'one',
  EQUAL: 'one',
  GREATER: 'one',
  GREATER_OR_EQUAL: 'one',
  LESS: 'one',
  LESS_OR_EQUAL: 'one',
  AFTER: 'one',
  BEFORE: 'one',
  ON: 'one',
  ON_OR_AFTER: 'one',
  ON_OR_BEFORE: 'one',
  BETWEEN: 'two',
  WITHIN: 'two',
  ANY_OF: 'many',
};

function bad(detail: string): NetSuiteApiError {
  return new NetSuiteApiError(400, 'INVALID_PARAMETER', `Invalid query parameter q: ${detail}`, {
    queryParam: 'q',
  });
}

type Token = { type: 'word' | 'string' | 'punct'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if ('()[],'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i += 1;
    } else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) throw bad(`unterminated string starting at position ${i}`);
      tokens.push({ type: 'string', text: input.slice(i + 1, end) });
      i = end + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s()[\],]/.test(input[j]!)) j += 1;
      tokens.push({ type: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export function parseQueryFilter(q: string): FilterNode {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw bad('the expression ends too early');
    return t;
  };
  const isKeyword = (t: Token | undefined, k: string) => t?.type === 'word' && t.text.toUpperCase() === k;

  const value = (): string => {
    const t = next();
    if (t.type === 'punct') throw bad(`expected a value, found "${t.text}"`);
    return t.text;
  };
  const list = (): string[] => {
    if (peek()?.text === '[') {
      next();
      const values: string[] = [];
      while (peek()?.text !== ']') {
        values.push(value());
        if (peek()?.text === ',') next();
      }
      next();
      return values;
    }
    const values = [value()];
    while (peek()?.text === ',') {
      next();
      values.push(value());
    }
    return values;
  };
  const condition = (): FilterNode => {
    const field = next();
    if (field.type !== 'word') throw bad(`expected a field name, found "${field.text}"`);
    const opToken = next();
    const raw = opToken.text.toUpperCase();
    const negate = raw.endsWith('_NOT');
    const operator = negate ? raw.slice(0, -4) : raw;
    const arity = ARITY[operator];
    if (!arity) throw bad(`unknown operator "${opToken.text}" after field "${field.text}"`);
    let values: string[] = [];
    if (arity === 'one') values = [value()];
    else if (arity === 'two' || arity === 'many') values = list();
    if (arity === 'two' && values.length !== 2) throw bad(`${raw} takes two values`);
    return { kind: 'condition', field: field.text, operator, negate, values };
  };
  const factor = (): FilterNode => {
    if (peek()?.text === '(') {
      next();
      const inner = orExpr();
      if (next().text !== ')') throw bad('missing ")"');
      return inner;
    }
    return condition();
  };
  const andExpr = (): FilterNode => {
    const nodes = [factor()];
    while (isKeyword(peek(), 'AND')) {
      next();
      nodes.push(factor());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: 'and', nodes };
  };
  const orExpr = (): FilterNode => {
    const nodes = [andExpr()];
    while (isKeyword(peek(), 'OR')) {
      next();
      nodes.push(andExpr());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: 'or', nodes };
  };
  const tree = orExpr();
  if (pos < tokens.length) throw bad(`unexpected "${tokens[pos]!.text}"`);
  return tree;
}

/** A date/time value as written in a filter: [instant range start, range end) for whole days. */
function parseWhen(text: string, clock: AccountClock): { start: number; end: number; dateOnly: boolean } {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i.exec(
    text.trim(),
  );
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (us || isoDate) {
    const [y, mo, d] = us ? [us[3]!, us[1]!, us[2]!] : [isoDate![1]!, isoDate![2]!, isoDate![3]!];
    const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (us?.[4]) {
      let h = Number(us[4]) % 12;
      if (us[7]?.toLowerCase() === 'pm') h += 12;
      if (!us[7]) h = Number(us[4]);
      const t = clock.localToInstant(date, `${h}:${us[5]}:${us[6] ?? '00'}`).getTime();
      return { start: t, end: t, dateOnly: false };
    }
    const start = clock.localToInstant(date).getTime();
    const nextDay = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { start, end: clock.localToInstant(nextDay).getTime(), dateOnly: true };
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw bad(`"${text}" is not a date (use M/D/YYYY, M/D/YYYY h:mm am, or ISO 8601)`);
  return { start: t, end: t, dateOnly: false };
}

function fieldValue(record: StoredRecord, def: FieldDef | undefined, name: string): unknown {
  const v = record[name];
  if (def && (def.kind === 'ref' || def.kind === 'enum') && v && typeof v === 'object')
    return (v as { id: string }).id;
  return v;
}

function instantOf(def: FieldDef, value: unknown, clock: AccountClock): number {
  // Date-only fields are account-local calendar days.
  return def.kind === 'date' ? clock.localToInstant(String(value)).getTime() : Date.parse(String(value));
}

function testCondition(
  node: Extract<FilterNode, { kind: 'condition' }>,
  type: RecordTypeDef,
  record: StoredRecord,
  clock: AccountClock,
): boolean {
  const name = Object.keys(type.fields).find((f) => f.toLowerCase() === node.field.toLowerCase());
  if (!name) throw bad(`the record type ${type.name} has no filterable field "${node.field}"`);
  const def = type.fields[name]!;
  const v = fieldValue(record, def, name);
  const vals = node.values;
  const num = (x: unknown) => Number(x);
  const str = (x: unknown) => String(x ?? '').toLowerCase();
  let result: boolean;
  switch (node.operator) {
    case 'EMPTY':
      result = v === undefined || v === null || v === '';
      break;
    case 'IS':
      // Case-insensitive for text. The record service's `q=` runs through N/query (Help Center,
      // "Record Collection Filtering"), whose text conditions behave like saved-search filters,
      // which ignore case; no page states a case-sensitive IS. SuiteQL `=` differs: see
      // suiteql-evaluator.ts `compare`.
      result =
        def.kind === 'boolean'
          ? v === (vals[0]!.toLowerCase() === 'true' || vals[0] === 'T')
          : str(v) === str(vals[0]);
      break;
    case 'CONTAIN':
      result = str(v).includes(str(vals[0]));
      break;
    case 'START_WITH':
      result = str(v).startsWith(str(vals[0]));
      break;
    case 'END_WITH':
      result = str(v).endsWith(str(vals[0]));
      break;
    case 'EQUAL':
      result = v !== undefined && v !== null && num(v) === num(vals[0]);
      break;
    case 'GREATER':
      result = v != null && num(v) > num(vals[0]);
      break;
    case 'GREATER_OR_EQUAL':
      result = v != null && num(v) >= num(vals[0]);
      break;
    case 'LESS':
      result = v != null && num(v) < num(vals[0]);
      break;
    case 'LESS_OR_EQUAL':
      result = v != null && num(v) <= num(vals[0]);
      break;
    case 'BETWEEN':
    case 'WITHIN':
      if (def.kind === 'date' || def.kind === 'datetime') {
        const t = v == null ? Number.NaN : instantOf(def, v, clock);
        result =
          t >= parseWhen(vals[0]!, clock).start &&
          t < Math.max(parseWhen(vals[1]!, clock).end, parseWhen(vals[1]!, clock).start + 1);
      } else {
        result = v != null && num(v) >= num(vals[0]) && num(v) <= num(vals[1]);
      }
      break;
    case 'ANY_OF':
      result = v != null && vals.some((x) => String(v) === x || (def.kind !== 'string' && num(v) === num(x)));
      break;
    default: {
      if (def.kind !== 'date' && def.kind !== 'datetime')
        throw bad(`${node.operator} applies to date fields; ${name} is not one`);
      if (v == null) {
        result = false;
        break;
      }
      const t = instantOf(def, v, clock);
      const when = parseWhen(vals[0]!, clock);
      if (node.operator === 'ON') result = when.dateOnly ? t >= when.start && t < when.end : t === when.start;
      else if (node.operator === 'AFTER') result = when.dateOnly ? t >= when.end : t > when.start;
      else if (node.operator === 'ON_OR_AFTER') result = t >= when.start;
      else if (node.operator === 'BEFORE') result = t < when.start;
      else result = when.dateOnly ? t < when.end : t <= when.start; // ON_OR_BEFORE
    }
  }
  return node.negate ? !result : result;
}

export function matchesFilter(
  node: FilterNode,
  type: RecordTypeDef,
  record: StoredRecord,
  clock: AccountClock,
): boolean {
  if (node.kind === 'and') return node.nodes.every((n) => matchesFilter(n, type, record, clock));
  if (node.kind === 'or') return node.nodes.some((n) => matchesFilter(n, type, record, clock));
  if (node.kind === 'condition') return testCondition(node, type, record, clock);
  return false;
}
