/**
 * The generator's entry points: one consistent, seeded business seen by every system.
 *
 * - `generateBusiness` keeps everything in memory (tests, small sandboxes, loading simulators);
 * - `generateBusinessToDirectory` streams records to NDJSON files as they are made, with memory
 *   bounded by the reference data (customers, items), never by the number of orders;
 * - `writeBusiness` writes an in-memory business in the same layout.
 *
 * Layout: `<dir>/<system>/<object>.ndjson` (one vendor-shaped record per line — e.g.
 * `netsuite/salesOrder.ndjson`, `shopify/accord-goods-eu/orders.ndjson`, `stripe/payment_intents.ndjson`),
 * `<dir>/truth/*.ndjson` (the neutral model), `<dir>/manifest.json`, `<dir>/summary.json`.
 *
 * @example
 *   const business = generateBusiness({ seed: 7, scale: 5_000, scenario: 'planted' });
 *   business.records('netsuite/salesOrder').length;
 *   business.manifest.disagreements[0]; // { category: 'missing-record', systems: ['shopify','netsuite'], … }
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogue } from './catalogue.ts';
import { projectItem } from './catalogue-projection.ts';
import { assignCustomerIds, projectCustomer } from './customer-projection.ts';
import { applyCustomerCases, buildCustomers, prospectsWithoutEmail } from './customers.ts';
import { GenerationContext } from './generation-context.ts';
import { type Manifest, ManifestBuilder } from './manifest.ts';
import { OrderBuilder, type OrderMark } from './order-builder.ts';
import { projectOrder } from './order-projection.ts';
import { DAY_MS, scheduleOrders } from './order-schedule.ts';
import { projectOrphanPayments } from './orphan-payment-projection.ts';
import { MemorySink, NdjsonDirectorySink, type RecordSink } from './record-sink.ts';
import { PERIOD, REGIONS } from './regions.ts';
import { Rng } from './rng.ts';
import { dialCount, type PlantDials, resolveScenario, type ScenarioInput } from './scenario.ts';
import {
  netSuiteCurrencies,
  netSuiteLocations,
  netSuiteShipItems,
  netSuiteSubsidiaries,
} from './shapes/netsuite-shapes.ts';
import type { TruthItem } from './truth.ts';
import { CARRIERS } from './wms-order-projection.ts';

export interface GenerateOptions {
  /** Any 32-bit integer; the same seed, scale and scenario give byte-identical output. */
  seed: number;
  /** Target number of system records (truth excluded); the result lands within a few percent. */
  scale: number;
  scenario?: ScenarioInput;
}

export interface BusinessSummary {
  seed: number;
  scale: number;
  scenario: string;
  /** System records written (every path except `truth/`). */
  records: number;
  customers: number;
  items: number;
  orders: number;
  /** Records per path (`netsuite/salesOrder`: 812, …), keys sorted. */
  counts: Record<string, number>;
  /** Money per measure and currency as decimal strings (`shopify.orders`: { EUR: '1234.50' }). */
  totals: Record<string, Record<string, string>>;
}

export interface StreamOptions {
  /** Called every 10,000 orders with the records written so far (progress, memory sampling). */
  onProgress?: (records: number) => void;
}

export interface Business {
  manifest: Manifest;
  summary: BusinessSummary;
  /** Every path written, in first-written order. */
  paths: string[];
  records(path: string): unknown[];
}

/** Average system records per order (Shopify 1, Stripe 2, NetSuite 3, WMS ~1.9), for sizing. */
const RECORDS_PER_ORDER = 7.9;

/** Generates into any sink; returns the manifest and summary once every record is written. */
export function streamBusiness(
  options: GenerateOptions,
  sink: RecordSink,
  stream: StreamOptions = {},
): { manifest: Manifest; summary: BusinessSummary } {
  const { seed, scale } = options;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(scale) || scale < 200)
    throw new Error(`scale must be an integer ≥ 200 records, got ${scale}`);
  const scenario = resolveScenario(options.scenario);
  const root = new Rng(seed);
  const manifest = new ManifestBuilder();

  const customers = buildCustomers(root.fork('customers'), Math.max(30, Math.round(scale / 120)));
  applyCustomerCases(root.fork('customer-cases'), customers, scenario.awkward);
  const prospects = dialCount(scenario.awkward.prospectNoEmail, customers.length);
  customers.push(...prospectsWithoutEmail(root.fork('prospects'), customers.length, prospects));
  const itemCount = Math.min(400, Math.max(24, Math.round(scale / 4000)));
  const midSync = dialCount(scenario.awkward.discontinuedMidSync, itemCount);
  const newTypes = dialCount(scenario.plant.newProductCategory, itemCount);
  const catalogue = buildCatalogue(root.fork('catalogue'), itemCount + midSync, newTypes);
  const midSyncItems = catalogue.items.slice(itemCount, itemCount + midSync);
  for (const item of midSyncItems) item.cases.push('discontinuedMidSync');
  const newTypeItems = catalogue.items.slice(itemCount + midSync);
  for (const item of newTypeItems) item.cases.push('newProductCategory');

  const idRng = root.fork('ids');
  assignCustomerIds(customers, idRng);
  const ctx = new GenerationContext(
    sink,
    manifest,
    root.fork('projection'),
    idRng,
    catalogue,
    new Map(customers.map((c) => [c.key, c])),
  );

  for (const record of netSuiteSubsidiaries()) ctx.emit('netsuite/subsidiary', record);
  for (const record of netSuiteLocations()) ctx.emit('netsuite/location', record);
  plantStock(root.fork('stock-plants'), catalogue.items, scenario.plant);
  for (const record of netSuiteCurrencies()) ctx.emit('netsuite/currency', record);
  for (const record of netSuiteShipItems(Object.values(CARRIERS))) ctx.emit('netsuite/shipItem', record);
  // Records of the new-category and no-email-prospect cases do not count against the order
  // budget, so the orders (and every plant among them) are the same with or without them.
  let caseRecords = 0;
  const counted = (isCase: boolean, project: () => void) => {
    const before = ctx.records;
    project();
    if (isCase) caseRecords += ctx.records - before;
  };
  for (const item of catalogue.items)
    counted(item.cases.includes('newProductCategory'), () => projectItem(ctx, item));
  // Stock records (NetSuite locations and balances) do not count against the order budget either:
  // the orders, and every plant among them, are the same as before NetSuite held stock.
  caseRecords +=
    REGIONS.length +
    catalogue.items.filter((i) => !i.cases.includes('newProductCategory')).length * REGIONS.length;
  const linkable = customers.filter((c) => c.buyer && c.inCrm && c.cases.length === 0);
  const planted = new Set(
    root
      .fork('plant-customers')
      .sample(linkable.length, dialCount(scenario.plant.changedAddress, linkable.length))
      .map((i) => linkable[i]!.key),
  );
  for (const customer of customers)
    counted(customer.cases.includes('prospectNoEmail'), () =>
      projectCustomer(ctx, customer, planted.has(customer.key)),
    );

  // Orders: how many fit the remaining budget, which carry a case or plant, and when they happen.
  const marksWanted: Array<[OrderMark, number]> = [];
  const orderCount = Math.max(60, Math.floor((scale - (ctx.records - caseRecords)) / RECORDS_PER_ORDER));
  const dial = (name: OrderMark, d: Parameters<typeof dialCount>[0]) =>
    marksWanted.push([name, dialCount(d, orderCount)]);
  const a = scenario.awkward;
  const p = scenario.plant;
  marksWanted.push(['discontinuedMidSync', midSync]);
  dial('partialRefund', a.partialRefund);
  dial('uncapturedMarkedPaid', a.uncapturedMarkedPaid);
  dial('kwdThirdDecimal', a.kwdThirdDecimal);
  dial('jpyNoDecimals', a.jpyNoDecimals);
  dial('roundingTrap', a.roundingTrap);
  dial('clockSkew', a.clockSkew);
  dial('missingOrder', p.missingOrder);
  dial('differentTotal', p.differentTotal);
  dial('wrongStatus', p.wrongStatus);
  dial('duplicateInvoice', p.duplicateInvoice);
  const totalMarks = marksWanted.reduce((s, [, n]) => s + n, 0);
  if (totalMarks > orderCount) {
    throw new Error(
      `scenario "${scenario.name}" asks for ${totalMarks} special orders but scale ${scale} makes only ${orderCount}; raise the scale or lower the dials`,
    );
  }
  const markRng = root.fork('order-marks');
  const chosen = markRng.sample(orderCount, totalMarks);
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = markRng.int(0, i);
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  const marks = new Map<number, OrderMark>();
  let next = 0;
  for (const [name, count] of marksWanted) for (let k = 0; k < count; k++) marks.set(chosen[next++]!, name);

  const orderRng = root.fork('orders');
  const builder = new OrderBuilder(orderRng, catalogue, customers, marks, midSyncItems, newTypeItems);
  const perDay = scheduleOrders(orderCount, scenario.monthEndWeight);
  let index = 0;
  perDay.forEach((count, day) => {
    const times: number[] = [];
    for (let k = 0; k < count; k++) times.push(orderRng.int(0, DAY_MS / 1000 - 1) * 1000);
    times.sort((x, y) => x - y);
    for (const offset of times) {
      const order = builder.build(index, PERIOD.start + day * DAY_MS + offset);
      projectOrder(ctx, order, marks.get(index));
      index += 1;
      if (index % 10_000 === 0) stream.onProgress?.(ctx.records);
    }
  });
  // The orders of the new product type come after the schedule, so the orders before them (and
  // every plant among them) are the same with or without them.
  for (let k = 0; k < newTypes; k++) {
    marks.set(index, 'newProductCategory');
    const order = builder.build(index, PERIOD.end);
    projectOrder(ctx, order, 'newProductCategory');
    index += 1;
  }

  const orphans = dialCount(scenario.plant.orphanPayment, orderCount);
  const stripeCustomers = customers.flatMap((c) => (c.ids.stripe ? [c.ids.stripe] : []));
  projectOrphanPayments(ctx, root.fork('orphan-payments'), orphans, PERIOD.start, stripeCustomers);

  const built = manifest.build(seed, scale, scenario.name);
  const summary: BusinessSummary = {
    seed,
    scale,
    scenario: scenario.name,
    records: ctx.records,
    customers: customers.length,
    items: catalogue.items.length,
    orders: index,
    counts: ctx.countsJson(),
    totals: ctx.totalsJson(),
  };
  return { manifest: built, summary };
}

export function generateBusiness(options: GenerateOptions): Business {
  const sink = new MemorySink();
  const { manifest, summary } = streamBusiness(options, sink);
  return {
    manifest,
    summary,
    paths: [...sink.records.keys()],
    records: (path) => sink.records.get(path) ?? [],
  };
}

/** Streams a business straight to `<outDir>` (bounded memory); returns what `summary.json` holds. */
export function generateBusinessToDirectory(
  options: GenerateOptions,
  outDir: string,
  stream: StreamOptions = {},
): { manifest: Manifest; summary: BusinessSummary; files: string[] } {
  const sink = new NdjsonDirectorySink(outDir);
  try {
    const { manifest, summary } = streamBusiness(options, sink, stream);
    sink.close();
    writeJson(join(outDir, 'manifest.json'), manifest);
    writeJson(join(outDir, 'summary.json'), summary);
    return { manifest, summary, files: [...sink.paths(), 'manifest.json', 'summary.json'] };
  } catch (error) {
    sink.close();
    throw error;
  }
}

/** Writes an in-memory business in the same layout as `generateBusinessToDirectory`. */
export function writeBusiness(business: Business, outDir: string): string[] {
  const sink = new NdjsonDirectorySink(outDir);
  for (const path of business.paths) for (const record of business.records(path)) sink.write(path, record);
  sink.close();
  writeJson(join(outDir, 'manifest.json'), business.manifest);
  writeJson(join(outDir, 'summary.json'), business.summary);
  return [...sink.paths(), 'manifest.json', 'summary.json'];
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Planted stock disagreements in the US shop (the example contract's): items on sale, with no
 * other case, whose shop quantity drifted from NetSuite's or which the shop does not stock.
 */
function plantStock(rng: Rng, items: readonly TruthItem[], plant: PlantDials): void {
  const eligible = items.filter((i) => i.cases.length === 0 && i.discontinuedAt === null);
  const drift = dialCount(plant.stockDrift ?? 0, eligible.length);
  const unstocked = dialCount(plant.unstockedInShop ?? 0, eligible.length);
  const chosen = rng.sample(eligible.length, Math.min(eligible.length, drift + unstocked));
  chosen.forEach((index, n) => {
    eligible[index]!.stockPlant = n < drift ? 'drift' : 'unstocked';
  });
}
