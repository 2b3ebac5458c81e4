/**
 * Finds records by a value Accord wrote (an email, an order number, a name): what support staff
 * know, when the record key is `shopify:5012345678`. Walks the audit trail in batches (memory stays
 * bounded whatever its length); values compare trimmed and case-insensitively.
 *
 * @example
 *   await findRecordsByValue(store, 'customer', 'ann@x.test') // [{ recordKey: 'shop:7', field: 'email' }]
 */
import type { StoreSession } from '../../store/store.ts';

export interface ValueMatch {
  recordKey: string;
  field: string;
}

const norm = (v: string) => v.trim().toLowerCase();

export async function findRecordsByValue(
  session: StoreSession,
  entity: string,
  value: string,
  options: { batchSize?: number | undefined; maxMatches?: number | undefined } = {},
): Promise<ValueMatch[]> {
  const wanted = norm(value);
  const batchSize = options.batchSize ?? 1000;
  const maxMatches = options.maxMatches ?? 20;
  const found = new Map<string, ValueMatch>();
  for (let from = 1; ; ) {
    const batch = await session.audit.scan(from, batchSize);
    for (const e of batch) {
      if (e.entity !== entity || e.recordKey === null || e.field === null) continue;
      if (typeof e.newValue !== 'string' || norm(e.newValue) !== wanted) continue;
      if (!found.has(e.recordKey)) found.set(e.recordKey, { recordKey: e.recordKey, field: e.field });
      if (found.size >= maxMatches) return [...found.values()];
    }
    if (batch.length < batchSize) break;
    from = (batch.at(-1)?.seq ?? from) + 1;
  }
  return [...found.values()];
}
