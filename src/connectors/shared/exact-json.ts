import { parse } from 'lossless-json';

/**
 * Parses a JSON reply without ever turning an amount into a binary float.
 *
 * NetSuite (and other REST APIs) send amounts as JSON numbers (`"total": 1234.56`). `JSON.parse`
 * would make that a float — exact for this value, but not for `0.1 + …` sums, nor for amounts
 * with more than 15 significant digits, and the original text is gone. Here a number stays a JS
 * number only when it is a safe integer (counts, offsets, quantities: exact either way); every
 * other number keeps its exact decimal text as a string, ready for `parseDecimal`/`Money.of`.
 *
 * @example
 *   parseExactJson('{"count": 2, "total": 1234.50}') // { count: 2, total: '1234.50' }
 */
export function parseExactJson(text: string): unknown {
  return parse(text, null, keepExactNumber);
}

function keepExactNumber(text: string): number | string {
  if (/^-?\d+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value;
  }
  return text;
}
