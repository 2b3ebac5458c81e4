/**
 * References (select fields) in a write body, made into what NetSuite's REST record service
 * accepts: `{ "id": "<internal id>" }` or `{ "externalId": "<external id>" }` ("Format of Selects
 * and References"; a `refName` is what NetSuite *shows*, it is ignored on write). Without this, a
 * mapping of `currency.refName` sent `{ currency: { refName: "KWD" } }`, NetSuite saw a reference
 * with neither key, and every record came back "Invalid Field Value eid:undefined".
 *
 * - `currency: { symbol: "KWD" }` → `{ id: "7" }` through the account's currency table;
 * - `{ id, refName }` / `{ externalId, refName }` → the id alone;
 * - `{ id: null }` (a mapping of `x.id` whose value is null) → `null`: the reference is cleared;
 * - a reference with only a name (`{ refName: "Captured" }`) → refused before any request, as a
 *   `ValidationRejected` naming the field and the value and saying which mapping would work.
 *
 * Sublist lines (`{ items: [ … ] }`) are walked too.
 *
 * @example
 *   await writeReferences({ currency: { symbol: 'KWD' }, payment: '1.5' }, { system, recordId, currencies })
 *   // { currency: { id: '7' }, payment: '1.5' }
 */
import { ValidationRejected } from '../../model/errors.ts';
import type { CurrencyCodes } from './currency-codes.ts';

const REFERENCE_KEYS = new Set(['id', 'externalId', 'refName', 'symbol']);

export interface WriteReferenceContext {
  system: string;
  /** The record being written, for messages (`100003`, `eid:stripe:pi_1`). */
  recordId: string;
  currencies: CurrencyCodes;
}

/** A copy of `fields` whose references NetSuite can set. */
export async function writeReferences(
  fields: Readonly<Record<string, unknown>>,
  ctx: WriteReferenceContext,
  prefix = '',
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out[key] = await writeValue(key, value, path, ctx);
  }
  return out;
}

async function writeValue(
  key: string,
  value: unknown,
  path: string,
  ctx: WriteReferenceContext,
): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.items)) {
    const items = await Promise.all(
      object.items.map((line, i) =>
        line && typeof line === 'object' && !Array.isArray(line)
          ? writeReferences(line as Record<string, unknown>, ctx, `${path}.items[${i}]`)
          : line,
      ),
    );
    return { ...object, items };
  }
  const keys = Object.keys(object);
  if (keys.length === 0 || !keys.every((k) => REFERENCE_KEYS.has(k))) return value;
  const present = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';
  if (present(object.id)) return { id: String(object.id) };
  if (present(object.externalId)) return { externalId: String(object.externalId) };
  if (key === 'currency' && typeof object.symbol === 'string' && object.symbol.trim() !== '') {
    return { id: await ctx.currencies.idOf(object.symbol, ctx.recordId) };
  }
  if (!present(object.refName) && !present(object.symbol)) return null;
  const name = JSON.stringify(object.refName ?? object.symbol);
  throw new ValidationRejected(
    `${path} would be written to NetSuite system "${ctx.system}" by its name (${name}), but NetSuite sets a reference ` +
      `or list value only by internal id ({ "id": … }) or external id ({ "externalId": … }); map ${path}.id ` +
      `(or currency.symbol for a currency) in the contract instead of ${path}.${object.refName !== undefined ? 'refName' : 'symbol'}.`,
    { path },
    { system: ctx.system, recordId: ctx.recordId },
  );
}
