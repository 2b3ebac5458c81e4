/**
 * Exact decimal text without a decimal library, for the per-record hot path of reconciliation
 * (a million records each side): canonical form, minor units to decimal text, and a fixed-scale
 * bigint for sums. Every function works on digits as text or bigint; a JS number never holds an
 * amount. Anything that is not a plain decimal is left to the caller (it becomes a finding).
 *
 * Why not decimal.js here: parsing and formatting a Decimal per field per record was the largest
 * cost in the 1M-record bench (profiled: parseDecimal + the Decimal constructor); text and bigint
 * give the same exact answer at a fraction of the cost. Differences beyond tolerance (rare) still
 * use Decimal.
 *
 * @example
 *   canonicalDecimal('012.340'); // '12.34'
 *   minorUnitsToDecimal('12340', 3); // '12.34'
 *   scaledUnits('12.34'); // 123400000000n (scale 10)
 */

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** `+012.340` → `12.34`, `-0.00` → `0`; undefined when not a plain decimal. */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

export function canonicalDecimal(text: string): string | undefined {
  // Most amounts arrive canonical already: one test, no new string.
  if (CANONICAL.test(text) && text !== '-0') return text;
  const m = PLAIN.exec(text.trim());
  if (!m) return undefined;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** Integer minor units as text (`"1999"`) with the currency's places → canonical decimal text. */
export function minorUnitsToDecimal(units: string, places: number): string | undefined {
  const m = /^([+-]?)(\d+)$/.exec(units.trim());
  if (!m) return undefined;
  if (places === 0) return canonicalDecimal(units);
  const digits = m[2]!.padStart(places + 1, '0');
  return canonicalDecimal(`${m[1]}${digits.slice(0, -places)}.${digits.slice(-places)}`);
}

/** Fixed scale of {@link scaledUnits}: ten decimals, beyond any currency or ledger. */
export const SUM_SCALE = 10;

/** Decimal text → bigint at {@link SUM_SCALE}; undefined when it has more decimals than that. */
export function scaledUnits(text: string): bigint | undefined {
  if (!PLAIN.test(text)) return undefined;
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  if (frac.length > SUM_SCALE) return undefined;
  const value = BigInt((dot < 0 ? body : body.slice(0, dot)) + frac.padEnd(SUM_SCALE, '0'));
  return negative ? -value : value;
}

/** bigint at {@link SUM_SCALE} → canonical decimal text. */
export function fromScaledUnits(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SUM_SCALE + 1, '0');
  const text = canonicalDecimal(`${digits.slice(0, -SUM_SCALE)}.${digits.slice(-SUM_SCALE)}`)!;
  return negative && text !== '0' ? `-${text}` : text;
}
