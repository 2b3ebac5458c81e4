/**
 * State shared by the projections while one business is generated: the sink (counting records per
 * path), the manifest, id sequences (NetSuite's one transaction sequence, per-shop order numbers)
 * and money totals per system and currency for the summary.
 */
import type { Catalogue } from './catalogue.ts';
import type { ManifestBuilder } from './manifest.ts';
import { minorToDecimal } from './minor-units.ts';
import type { RecordSink } from './record-sink.ts';
import type { Rng } from './rng.ts';
import type { TruthCustomer } from './truth.ts';

/** Paths under `truth/` are the neutral model, not a system: not counted as system records. */
export const TRUTH_PREFIX = 'truth/';

export class GenerationContext {
  readonly counts = new Map<string, number>();
  private readonly totals = new Map<string, Map<string, bigint>>();
  private transactionSequence = 100_000;
  private readonly shopSequences = new Map<string, number>();
  records = 0;

  constructor(
    private readonly sink: RecordSink,
    readonly manifest: ManifestBuilder,
    readonly rng: Rng,
    readonly idRng: Rng,
    readonly catalogue: Catalogue,
    readonly customers: ReadonlyMap<string, TruthCustomer>,
  ) {}

  emit(path: string, record: unknown): void {
    this.sink.write(path, record);
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
    if (!path.startsWith(TRUTH_PREFIX)) this.records += 1;
  }

  /** NetSuite numbers every transaction type from one internal-id sequence. */
  nextTransactionId(): string {
    this.transactionSequence += 1;
    return String(this.transactionSequence);
  }

  nextOrderNumber(shop: string): number {
    const next = (this.shopSequences.get(shop) ?? 1000) + 1;
    this.shopSequences.set(shop, next);
    return next;
  }

  addTotal(measure: string, currency: string, units: bigint): void {
    let byCurrency = this.totals.get(measure);
    if (!byCurrency) {
      byCurrency = new Map();
      this.totals.set(measure, byCurrency);
    }
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0n) + units);
  }

  customer(key: string): TruthCustomer {
    const customer = this.customers.get(key);
    if (!customer) throw new Error(`generator: order refers to unknown customer ${key}`);
    return customer;
  }

  /** Totals per measure and currency, as decimal strings, keys sorted for stable output. */
  totalsJson(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const measure of [...this.totals.keys()].sort()) {
      const byCurrency = this.totals.get(measure)!;
      out[measure] = Object.fromEntries(
        [...byCurrency.keys()].sort().map((c) => [c, minorToDecimal(byCurrency.get(c)!, c)]),
      );
    }
    return out;
  }

  countsJson(): Record<string, number> {
    return Object.fromEntries([...this.counts.keys()].sort().map((k) => [k, this.counts.get(k)!]));
  }
}
