/**
 * A small SOQL parser: the subset integrations actually send.
 *
 * `SELECT a, b FROM Obj [WHERE …] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]`,
 * plus `SELECT COUNT() FROM Obj …`. Conditions: `=`, `!=`, `<>`, `<`, `>`, `<=`, `>=`, `LIKE`,
 * `IN (…)`, `NOT IN (…)`, `AND`, `OR`, `NOT`, parentheses. Literals: 'strings' (with `\'` escapes),
 * numbers, `true`/`false`, `null`, date (`2026-11-28`) and datetime literals
 * (`2026-11-28T14:00:00Z`, `…+01:00`, optionally with milliseconds).
 *
 * Like Salesforce, keywords are case-insensitive, and `a AND b OR c` without parentheses is a
 * MALFORMED_QUERY (SOQL refuses to guess the precedence).
 *
 * @example
 *   parseSoql("SELECT Id FROM Account WHERE SystemModstamp > 2026-11-28T14:00:00Z ORDER BY Id LIMIT 10")
 */

export type SoqlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: number };

export type SoqlOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN' | 'NOT IN';

export type SoqlCondition =
  | { kind: 'compare'; field: string; operator: SoqlOperator; value: SoqlLiteral | SoqlLiteral[] }
  | { kind: 'and'; conditions: SoqlCondition[] }
  | { kind: 'or'; conditions: SoqlCondition[] }
  | { kind: 'not'; condition: SoqlCondition };

export interface SoqlOrder {
  field: string;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** Selected fields as written; empty for `COUNT()`. */
  fields: string[];
  count: boolean;
  object: string;
  where?: SoqlCondition | undefined;
  orderBy: SoqlOrder[];
  limit?: number | undefined;
  offset?: number | undefined;
}

/** A query Salesforce would refuse with `MALFORMED_QUERY`. */
export class SoqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'SoqlSyntaxError';
  }
}

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'datetime'; v: number; at: number }
  | { t: 'date'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'punct'; v: string; at: number };

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    const dt = DATETIME.exec(rest);
    if (dt) {
      const ms = Date.parse(dt[0].replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(ms)) throw new SoqlSyntaxError(`invalid datetime literal ${dt[0]}`, i);
      tokens.push({ t: 'datetime', v: ms, at: i });
      i += dt[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      tokens.push({ t: 'date', v: d[0], at: i });
      i += d[0].length;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text[j]!;
        if (c === '\\') {
          const next = text[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
          if (next === undefined) break;
          value += map[next] ?? next;
          j += 1;
        } else if (c === "'") break;
        else value += c;
      }
      if (j >= text.length) throw new SoqlSyntaxError('unterminated string literal', i);
      tokens.push({ t: 'string', v: value, at: i });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      tokens.push({ t: 'number', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ t: 'op', v: op[0] === '<>' ? '!=' : op[0], at: i });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'punct', v: ch, at: i });
      i += 1;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (id) {
      tokens.push({ t: 'ident', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    throw new SoqlSyntaxError(`unexpected character '${ch}'`, i);
  }
  return tokens;
}

/** Parses a SOQL statement, throwing {@link SoqlSyntaxError} with the offending position. */
export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isKeyword = (word: string, offset = 0) => {
    const tok = tokens[pos + offset];
    return tok?.t === 'ident' && tok.v.toUpperCase() === word;
  };
  const fail = (what: string): never => {
    const tok = peek();
    const where = tok ? tok.at : text.length;
    const found = tok ? `'${String(tok.v)}'` : 'end of query';
    throw new SoqlSyntaxError(`${what}, found ${found}`, where);
  };
  const expectKeyword = (word: string) => {
    if (!isKeyword(word)) fail(`expected ${word}`);
    pos += 1;
  };
  const expectPunct = (p: string) => {
    const tok = peek();
    if (tok?.t !== 'punct' || tok.v !== p) fail(`expected '${p}'`);
    pos += 1;
  };
  const ident = (what: string): string => {
    const tok = peek();
    if (tok?.t !== 'ident') return fail(`expected ${what}`);
    pos += 1;
    return tok.v;
  };

  expectKeyword('SELECT');
  const fields: string[] = [];
  let count = false;
  if (isKeyword('COUNT') && tokens[pos + 1]?.v === '(' && tokens[pos + 2]?.v === ')') {
    count = true;
    pos += 3;
  } else {
    for (;;) {
      fields.push(ident('a field name'));
      if (peek()?.t === 'punct' && peek()?.v === ',') {
        pos += 1;
        continue;
      }
      break;
    }
  }
  expectKeyword('FROM');
  const object = ident('an object name');

  const literal = (): SoqlLiteral => {
    const tok = peek();
    if (!tok) return fail('expected a value');
    pos += 1;
    switch (tok.t) {
      case 'string':
        return { kind: 'string', value: tok.v };
      case 'number':
        return { kind: 'number', value: tok.v };
      case 'datetime':
        return { kind: 'datetime', value: tok.v };
      case 'date':
        return { kind: 'date', value: tok.v };
      case 'ident': {
        const upper = tok.v.toUpperCase();
        if (upper === 'NULL') return { kind: 'null' };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        break;
      }
      default:
        break;
    }
    pos -= 1;
    return fail('expected a value');
  };

  const comparison = (): SoqlCondition => {
    const field = ident('a field name');
    if (isKeyword('NOT') && isKeyword('IN', 1)) {
      pos += 2;
      return { kind: 'compare', field, operator: 'NOT IN', value: list() };
    }
    if (isKeyword('IN')) {
      pos += 1;
      return { kind: 'compare', field, operator: 'IN', value: list() };
    }
    if (isKeyword('LIKE')) {
      pos += 1;
      const value = literal();
      if (value.kind !== 'string') fail('LIKE needs a string');
      return { kind: 'compare', field, operator: 'LIKE', value };
    }
    const tok = peek();
    if (tok?.t !== 'op') return fail('expected an operator');
    pos += 1;
    return { kind: 'compare', field, operator: tok.v as SoqlOperator, value: literal() };
  };

  const list = (): SoqlLiteral[] => {
    expectPunct('(');
    const values = [literal()];
    while (peek()?.t === 'punct' && peek()?.v === ',') {
      pos += 1;
      values.push(literal());
    }
    expectPunct(')');
    return values;
  };

  const unary = (): SoqlCondition => {
    if (isKeyword('NOT')) {
      pos += 1;
      return { kind: 'not', condition: unary() };
    }
    if (peek()?.t === 'punct' && peek()?.v === '(') {
      pos += 1;
      const inner = condition();
      expectPunct(')');
      return inner;
    }
    return comparison();
  };

  const condition = (): SoqlCondition => {
    const first = unary();
    let joiner: 'AND' | 'OR' | undefined;
    const parts = [first];
    while (isKeyword('AND') || isKeyword('OR')) {
      const word = (peek() as { v: string }).v.toUpperCase() as 'AND' | 'OR';
      if (joiner && joiner !== word) fail(`unexpected token ${word}: use parentheses to mix AND and OR`);
      joiner = word;
      pos += 1;
      parts.push(unary());
    }
    if (!joiner) return first;
    return joiner === 'AND' ? { kind: 'and', conditions: parts } : { kind: 'or', conditions: parts };
  };

  let where: SoqlCondition | undefined;
  if (isKeyword('WHERE')) {
    pos += 1;
    where = condition();
  }
  const orderBy: SoqlOrder[] = [];
  if (isKeyword('ORDER')) {
    pos += 1;
    expectKeyword('BY');
    for (;;) {
      const field = ident('a field name');
      let descending = false;
      if (isKeyword('ASC')) pos += 1;
      else if (isKeyword('DESC')) {
        descending = true;
        pos += 1;
      }
      // Salesforce's default: nulls first when ascending, last when descending.
      let nullsLast = descending;
      if (isKeyword('NULLS')) {
        pos += 1;
        if (isKeyword('FIRST')) nullsLast = false;
        else if (isKeyword('LAST')) nullsLast = true;
        else fail('expected FIRST or LAST');
        pos += 1;
      }
      orderBy.push({ field, descending, nullsLast });
      if (peek()?.t === 'punct' && peek()?.v === ',') {
        pos += 1;
        continue;
      }
      break;
    }
  }
  const integer = (what: string): number => {
    const tok = peek();
    if (tok?.t !== 'number' || !Number.isInteger(tok.v) || tok.v < 0) return fail(`expected ${what}`);
    pos += 1;
    return tok.v;
  };
  let limit: number | undefined;
  let offset: number | undefined;
  if (isKeyword('LIMIT')) {
    pos += 1;
    limit = integer('a LIMIT count');
  }
  if (isKeyword('OFFSET')) {
    pos += 1;
    offset = integer('an OFFSET count');
  }
  if (pos < tokens.length) fail('unexpected token');
  return { fields, count, object, where, orderBy, limit, offset };
}
