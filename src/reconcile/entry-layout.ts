/**
 * How the hash-bucket comparer holds one record: a flat string of fields
 * `side␞id␞key␞…compared values␞…extra values`, where a money value is `amount currency`, and how
 * to read the record's group and summed values back from it. A group dimension or summed field
 * that is also compared is read from its compared value; only the others take an extra field, so
 * a typical record carries nothing twice.
 *
 * @example
 *   const layout = new EntryLayout(plan, totals);
 *   const entry = layout.entryOf('source', view);
 *   layout.dims(entry); // ['USD', 'captured', '2026-10']
 */
import type { GroupTotals } from './group-totals.ts';
import type { ReconcilePlan, SideRole } from './reconcile-plan.ts';
import type { RecordView } from './record-view.ts';

/** `[side ('0'|'1'), id, key, …compared values, …extra values]`. */
export type Entry = (string | null)[];

type Read = (entry: Entry) => string | null;

/** The amount of a compared money value `amount currency` (an unreadable `?x` as it is). */
const amountOf = (v: string | null) => {
  if (v === null || v.startsWith('?')) return v;
  const space = v.indexOf(' ');
  return space < 0 ? v : v.slice(0, space);
};

export class EntryLayout {
  private readonly extras: ((view: RecordView) => string | null)[] = [];
  private readonly dimReads: ((entry: Entry) => string)[];
  private readonly sumReads: Read[];
  /** Index of the `currency` dimension, or -1. */
  readonly currencyDim: number;

  constructor(
    private readonly plan: ReconcilePlan,
    totals: GroupTotals,
  ) {
    const comparedAt = new Map(plan.compared.map((f, i) => [f.name, 3 + i]));
    const extra = (read: (view: RecordView) => string | null): Read => {
      const at = 3 + plan.compared.length + this.extras.length;
      this.extras.push(read);
      return (entry) => entry[at] ?? null;
    };
    const money = plan.sums.filter((f) => plan.fieldKinds[f] === 'money');
    this.dimReads = totals.dimensions.map((dim, d) => {
      const own = (view: RecordView) => totals.dimensionValues(view)[d] ?? '';
      if (dim === 'currency') {
        const slots = money.map((f) => comparedAt.get(f));
        if (slots.some((s) => s === undefined)) {
          const read = extra(own);
          return (entry) => read(entry) ?? '';
        }
        return (entry) => {
          // The first summed money field holding money, as GroupTotals.dimensionValues reads it.
          for (const s of slots) {
            const v = entry[s!] ?? null;
            if (v !== null && !v.startsWith('?')) return v.slice(v.indexOf(' ') + 1);
          }
          return '';
        };
      }
      const field = dim === 'period' ? plan.periodField : dim;
      const at = field === undefined ? undefined : comparedAt.get(field);
      if (at === undefined || plan.fieldKinds[field!] === 'money') {
        const read = extra(own);
        return (entry) => read(entry) ?? '';
      }
      if (dim === 'period') return (entry) => entry[at]?.slice(0, 7) ?? '';
      return (entry) => entry[at] ?? '';
    });
    this.sumReads = plan.sums.map((f) => {
      const at = comparedAt.get(f);
      if (at === undefined) return extra((view) => view.money[f]?.amount ?? view.values[f] ?? null);
      return plan.fieldKinds[f] === 'money'
        ? (entry) => amountOf(entry[at] ?? null)
        : (entry) => entry[at] ?? null;
    });
    this.currencyDim = totals.dimensions.indexOf('currency');
  }

  entryOf(role: SideRole, view: RecordView): Entry {
    const entry: Entry = [role === 'source' ? '0' : '1', view.id, view.key ?? null];
    for (const field of this.plan.compared) {
      const money = view.money[field.name];
      entry.push(money ? `${money.amount} ${money.currency}` : (view.values[field.name] ?? null));
    }
    for (const read of this.extras) entry.push(read(view));
    return entry;
  }

  dims(entry: Entry): string[] {
    return this.dimReads.map((read) => read(entry));
  }

  /** The value of dimension `d` alone. */
  dim(entry: Entry, d: number): string {
    return this.dimReads[d]!(entry);
  }

  sums(entry: Entry): (string | null)[] {
    return this.sumReads.map((read) => read(entry));
  }
}

// Entries are one line of fields joined by a record separator, `null` as NAK: three times faster
// than JSON in the 1M bench. They are kept as these flat strings in memory too: holding the arrays
// instead (encoding only on spill) measured 25-30% more CPU at 300k records, from GC marking. A
// value holding either control character or a newline (never seen in ids and amounts, possible in
// free text) makes that one line JSON instead, marked by its `[`.
const SEP = '\u001e';
const NULL = '\u0015';
const UNSAFE = /[\u001e\u0015\n\r]/;

export function encodeEntry(entry: Entry): string {
  for (let i = 0; i < entry.length; i++) {
    const v = entry[i];
    if (v === null) entry[i] = NULL;
    else if (v !== undefined && UNSAFE.test(v))
      return JSON.stringify(entry.map((x) => (x === NULL ? null : x)));
  }
  // join() builds one flat string; `+=` would leave a rope per line in memory until flattened.
  return entry.join(SEP);
}

export function decodeEntry(line: string): Entry {
  if (line.startsWith('[')) return JSON.parse(line) as Entry;
  const parts: Entry = line.split(SEP);
  for (let i = 3; i < parts.length; i++) if (parts[i] === NULL) parts[i] = null;
  return parts;
}
