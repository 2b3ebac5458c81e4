/**
 * A SuiteQL parser for the subset integrations use: SELECT [DISTINCT] column list (expressions,
 * aliases, `*`) FROM table [alias] [[INNER] JOIN | LEFT [OUTER] JOIN table [alias] ON …]…
 * [WHERE …] [GROUP BY …] [ORDER BY … ASC|DESC]. Expressions:
 * literals, columns (`t.col`), comparisons, AND/OR/NOT, IS [NOT] NULL, [NOT] IN (…), [NOT] LIKE,
 * BETWEEN, and functions (COUNT, SUM, MIN, MAX, TO_TIMESTAMP, TO_DATE, TO_CHAR, NVL, UPPER, LOWER).
 * There is no LIMIT/FETCH: REST pages with the `limit`/`offset` query parameters.
 *
 * @example
 *   const query = parseSuiteQL("SELECT id, companyname FROM customer WHERE lastmodifieddate > TO_TIMESTAMP('2026-11-28 00:00:00', 'YYYY-MM-DD HH24:MI:SS') ORDER BY id");
 */
import { NetSuiteApiError } from './errors.ts';

export type Expr =
  | { kind: 'literal'; value: string | number | null }
  | { kind: 'column'; name: string }
  | { kind: 'star' }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'isNull'; expr: Expr; negate: boolean }
  | { kind: 'in'; expr: Expr; list: Expr[]; negate: boolean }
  | { kind: 'like'; expr: Expr; pattern: Expr; negate: boolean }
  | { kind: 'between'; expr: Expr; low: Expr; high: Expr; negate: boolean };

export interface SelectItem {
  expr: Expr;
  alias: string | undefined;
}

/** One `JOIN table alias ON condition`; `outer` for LEFT [OUTER] JOIN. */
export interface JoinClause {
  table: string;
  alias: string | undefined;
  on: Expr;
  outer: boolean;
}

export interface SuiteQLQuery {
  distinct: boolean;
  select: SelectItem[];
  table: string;
  alias: string | undefined;
  joins: JoinClause[];
  where: Expr | undefined;
  groupBy: Expr[];
  orderBy: { expr: Expr; desc: boolean }[];
}

export function suiteqlError(detail: string): NetSuiteApiError {
  return new NetSuiteApiError(
    400,
    'INVALID_PARAMETER',
    `Invalid search query. Detailed unprocessed description follows. ${detail}`,
    { path: 'q' },
  );
}

type Token = { type: 'word' | 'number' | 'string' | 'op'; text: string };

const KEYWORDS = new Set([
  'SELECT',
  'DISTINCT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'ORDER',
  'ASC',
  'DESC',
  'AND',
  'OR',
  'NOT',
  'IS',
  'NULL',
  'IN',
  'LIKE',
  'BETWEEN',
  'AS',
  'JOIN',
  'INNER',
  'LEFT',
  'OUTER',
  'ON',
]);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw suiteqlError('Unterminated string literal.');
        if (sql[j] === "'" && sql[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else text += sql[j++];
      }
      tokens.push({ type: 'string', text });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^\d*\.?\d+(e[+-]?\d+)?/i.exec(sql.slice(i))!;
      tokens.push({ type: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$#]*(\.[A-Za-z_][A-Za-z0-9_$#]*)?/.exec(sql.slice(i))!;
      tokens.push({ type: 'word', text: m[0] });
      i += m[0].length;
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw suiteqlError('Unterminated quoted identifier.');
      tokens.push({ type: 'word', text: sql.slice(i + 1, end) });
      i = end + 1;
    } else {
      const two = sql.slice(i, i + 2);
      if (['<=', '>=', '<>', '!=', '||'].includes(two)) {
        tokens.push({ type: 'op', text: two });
        i += 2;
      } else if ('=<>(),*+-/'.includes(c)) {
        tokens.push({ type: 'op', text: c });
        i += 1;
      } else {
        throw suiteqlError(`Unexpected character "${c}" at position ${i}.`);
      }
    }
  }
  return tokens;
}

export function parseSuiteQL(sql: string): SuiteQLQuery {
  const tokens = tokenize(sql);
  let pos = 0;
  const peek = (offset = 0) => tokens[pos + offset];
  const isKw = (k: string, t = peek()) => t?.type === 'word' && t.text.toUpperCase() === k;
  const isOp = (o: string, t = peek()) => t?.type === 'op' && t.text === o;
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw suiteqlError('The query ends too early.');
    return t;
  };
  const expectKw = (k: string) => {
    if (!isKw(k)) throw suiteqlError(`Expected ${k} near "${peek()?.text ?? 'end of query'}".`);
    pos += 1;
  };
  const expectOp = (o: string) => {
    if (!isOp(o)) throw suiteqlError(`Expected "${o}" near "${peek()?.text ?? 'end of query'}".`);
    pos += 1;
  };

  const primary = (): Expr => {
    const t = next();
    if (t.type === 'number') return { kind: 'literal', value: Number(t.text) };
    if (t.type === 'string') return { kind: 'literal', value: t.text };
    if (t.type === 'op' && t.text === '(') {
      const e = orExpr();
      expectOp(')');
      return e;
    }
    if (t.type === 'op' && t.text === '*') return { kind: 'star' };
    if (t.type === 'op' && t.text === '-') {
      const inner = primary();
      return { kind: 'binary', op: '-', left: { kind: 'literal', value: 0 }, right: inner };
    }
    if (t.type === 'word') {
      if (t.text.toUpperCase() === 'NULL') return { kind: 'literal', value: null };
      if (isOp('(')) {
        pos += 1;
        const args: Expr[] = [];
        if (isKw('DISTINCT')) pos += 1;
        while (!isOp(')')) {
          args.push(orExpr());
          if (isOp(',')) pos += 1;
          else break;
        }
        expectOp(')');
        return { kind: 'call', name: t.text.toUpperCase(), args };
      }
      if (KEYWORDS.has(t.text.toUpperCase())) throw suiteqlError(`Unexpected keyword ${t.text}.`);
      return { kind: 'column', name: t.text.toLowerCase() };
    }
    throw suiteqlError(`Unexpected "${t.text}".`);
  };
  const additive = (): Expr => {
    let left = primary();
    while (isOp('+') || isOp('-') || isOp('||') || isOp('*') || isOp('/')) {
      const op = next().text;
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const comparison = (): Expr => {
    const left = additive();
    const t = peek();
    if (t?.type === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      pos += 1;
      return { kind: 'binary', op: t.text === '!=' ? '<>' : t.text, left, right: additive() };
    }
    if (isKw('IS')) {
      pos += 1;
      const negate = isKw('NOT');
      if (negate) pos += 1;
      expectKw('NULL');
      return { kind: 'isNull', expr: left, negate };
    }
    const negate = isKw('NOT') && (isKw('IN', peek(1)) || isKw('LIKE', peek(1)) || isKw('BETWEEN', peek(1)));
    if (negate) pos += 1;
    if (isKw('IN')) {
      pos += 1;
      expectOp('(');
      const list: Expr[] = [additive()];
      while (isOp(',')) {
        pos += 1;
        list.push(additive());
      }
      expectOp(')');
      return { kind: 'in', expr: left, list, negate };
    }
    if (isKw('LIKE')) {
      pos += 1;
      return { kind: 'like', expr: left, pattern: additive(), negate };
    }
    if (isKw('BETWEEN')) {
      pos += 1;
      const low = additive();
      expectKw('AND');
      return { kind: 'between', expr: left, low, high: additive(), negate };
    }
    return left;
  };
  const notExpr = (): Expr => {
    if (isKw('NOT')) {
      pos += 1;
      return { kind: 'not', expr: notExpr() };
    }
    return comparison();
  };
  const andExpr = (): Expr => {
    let left = notExpr();
    while (isKw('AND')) {
      pos += 1;
      left = { kind: 'binary', op: 'AND', left, right: notExpr() };
    }
    return left;
  };
  const orExpr = (): Expr => {
    let left = andExpr();
    while (isKw('OR')) {
      pos += 1;
      left = { kind: 'binary', op: 'OR', left, right: andExpr() };
    }
    return left;
  };
  const aliasAfter = (): string | undefined => {
    if (isKw('AS')) {
      pos += 1;
      return next().text.toLowerCase();
    }
    const t = peek();
    if (t?.type === 'word' && !KEYWORDS.has(t.text.toUpperCase())) {
      pos += 1;
      return t.text.toLowerCase();
    }
    return undefined;
  };

  expectKw('SELECT');
  const distinct = isKw('DISTINCT');
  if (distinct) pos += 1;
  const select: SelectItem[] = [];
  do {
    if (select.length > 0) pos += 1;
    const expr = orExpr();
    select.push({ expr, alias: expr.kind === 'star' ? undefined : aliasAfter() });
  } while (isOp(','));
  expectKw('FROM');
  const tableToken = next();
  if (tableToken.type !== 'word') throw suiteqlError('Expected a table name after FROM.');
  const alias = aliasAfter();
  const joins: JoinClause[] = [];
  while (isKw('JOIN') || isKw('INNER') || isKw('LEFT')) {
    const outer = isKw('LEFT');
    if (!isKw('JOIN')) pos += 1;
    if (outer && isKw('OUTER')) pos += 1;
    expectKw('JOIN');
    const joined = next();
    if (joined.type !== 'word') throw suiteqlError('Expected a table name after JOIN.');
    const joinAlias = aliasAfter();
    expectKw('ON');
    joins.push({ table: joined.text.toLowerCase(), alias: joinAlias, on: orExpr(), outer });
  }
  let where: Expr | undefined;
  if (isKw('WHERE')) {
    pos += 1;
    where = orExpr();
  }
  const groupBy: Expr[] = [];
  if (isKw('GROUP')) {
    pos += 1;
    expectKw('BY');
    do {
      if (groupBy.length > 0) pos += 1;
      groupBy.push(additive());
    } while (isOp(','));
  }
  const orderBy: { expr: Expr; desc: boolean }[] = [];
  if (isKw('ORDER')) {
    pos += 1;
    expectKw('BY');
    do {
      if (orderBy.length > 0) pos += 1;
      const expr = additive();
      let desc = false;
      if (isKw('ASC')) pos += 1;
      else if (isKw('DESC')) {
        pos += 1;
        desc = true;
      }
      orderBy.push({ expr, desc });
    } while (isOp(','));
  }
  if (pos < tokens.length)
    throw suiteqlError(`Unexpected "${tokens[pos]!.text}" (SuiteQL has no LIMIT; page with limit/offset).`);
  return { distinct, select, table: tableToken.text.toLowerCase(), alias, joins, where, groupBy, orderBy };
}
