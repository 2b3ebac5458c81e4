/**
 * Canonical field values in a plain-JSON comparable form: what baselines store and what the
 * per-field decision compares. Money compares by amount and currency (12.50 USD = 12.5 USD),
 * emails by their normalised text, references by id, integers as text.
 *
 * @example
 *   sameValue(toComparable(Money.of('12.50', 'USD')), toComparable(Money.of('12.5', 'USD'))) // true
 */
import { canonicalJson } from '../../audit/canonical-json.ts';
import type { EntityDef } from '../../contract/model.ts';
import { normaliseText } from '../../contract/text-normalisers.ts';
import type { Normaliser } from '../../contract/vocabulary.ts';
import { Decimal } from '../../model/decimal.ts';
import type { FieldValue } from '../../model/field-value.ts';
import { Money } from '../../model/money.ts';
import type { Equality } from '../decide-field.ts';

export type Comparable = null | string | boolean | { [k: string]: Comparable } | Comparable[];

export function toComparable(value: FieldValue | undefined): Comparable {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Money) return { amount: value.amount.toFixed(), currency: value.currency };
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (Array.isArray(value)) {
    return value.map((line) => {
      const out: Record<string, Comparable> = {};
      for (const [k, v] of Object.entries(line)) out[k] = toComparable(v as FieldValue);
      return out;
    });
  }
  const tagged = value as { kind?: string; normalised?: string; id?: string };
  if (tagged.kind === 'email') return tagged.normalised ?? null;
  if (tagged.kind === 'reference') return tagged.id ?? null;
  return canonicalJson(value);
}

/**
 * Equality of two comparable values (key order does not matter). An empty text and no value are
 * the same: NetSuite returns `""` for a text field Salesforce and Shopify return as `null`, and
 * telling them apart flags a change nobody made.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null && b === '') || (a === '' && b === null)) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

export type { Equality };

const NORMALISED = new WeakMap<readonly Normaliser[], Equality>();

/**
 * Equality of two comparable values of a field whose contract says `normalise: [...]`: texts are
 * equal when their normalised forms are (`+19845550450` = `+1 (984) 555-0450` under
 * digits-only), then as {@link sameValue} — so a text that normalises to nothing equals no value.
 * Only the comparison normalises; the values themselves are stored and written as they are.
 */
export function sameNormalised(normalisers: readonly Normaliser[]): Equality {
  let equal = NORMALISED.get(normalisers);
  if (equal === undefined) {
    const norm = (v: unknown) => (typeof v === 'string' ? normaliseText(v, normalisers) : v);
    equal = (a, b) => sameValue(a, b) || sameValue(norm(a), norm(b));
    NORMALISED.set(normalisers, equal);
  }
  return equal;
}

/** How the engine compares two values of one field of an entity: as the contract says. */
export function fieldEquality(entity: EntityDef, field: string): Equality {
  const normalise = entity.fields[field]?.normalise;
  return normalise === undefined || normalise.length === 0 ? sameValue : sameNormalised(normalise);
}
