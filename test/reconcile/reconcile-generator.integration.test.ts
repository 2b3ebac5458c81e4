/**
 * Reconciliation against the sandbox generator's business, checked against its manifest: every
 * planted and awkward disagreement between Shopify orders and NetSuite sales orders and invoices is
 * found, and nothing else, at several seeds and scales. KWD totals NetSuite cannot hold to the
 * third decimal (the manifest's `precision-loss`) sit within the contract's 0.005 tolerance, so
 * they must NOT be findings; JPY totals (no decimals) must match exactly. And every planted Stripe
 * payment whose Shopify order exists in no shop is the payments rule's reference-check orphan.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBusinessToDirectory } from '../../sandbox/generator/index.ts';
import type { Disagreement } from '../../sandbox/generator/manifest.ts';
import { REGIONS, shopSystemOf } from '../../sandbox/generator/regions.ts';
import { contractFromFile } from '../../src/contract/test-contracts.ts';
import { parseDecimal } from '../../src/model/decimal.ts';
import type { ReconcileFinding } from '../../src/reconcile/finding.ts';
import { NdjsonExportConnector } from '../../src/reconcile/ndjson-export-connector.ts';
import { reconcile } from '../../src/reconcile/reconcile.ts';
import { planReconciliation } from '../../src/reconcile/reconcile-plan.ts';

const CONTRACT = join(import.meta.dirname, 'fixtures', 'generated-orders.accord.yaml');
const signature = (f: Pick<ReconcileFinding, 'category' | 'key' | 'field'>) =>
  `${f.category}|${f.key}|${f.field ?? ''}`;

interface ShopOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  currencyCode: string;
}

async function readNdjson<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

const isOrderPair = (d: Disagreement) => d.systems[0] === 'shopify' && d.systems[1] === 'netsuite';

describe('reconcile: the generated business, against its manifest', () => {
  for (const [seed, scale] of [
    [3, 3000],
    [11, 6000],
    [29, 15000],
  ] as const) {
    it(`finds every disagreement of Shopify orders vs NetSuite and nothing else (seed ${seed}, scale ${scale})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'accord-reconcile-gen-'));
      try {
        const { manifest, files } = generateBusinessToDirectory(
          { seed, scale, scenario: { base: 'full', plant: { orphanPayment: 2 + (seed % 3) } } },
          dir,
        );
        const orderFiles = files
          .filter((f) => /^shopify\/[^/]+\/orders\.ndjson$/.test(f))
          .map((f) => join(dir, f));
        const shopify = new NdjsonExportConnector({
          system: 'shopify',
          kind: 'shopify',
          files: { Order: orderFiles },
        });
        const netsuite = new NdjsonExportConnector({
          system: 'netsuite',
          kind: 'netsuite',
          files: {
            salesOrder: [join(dir, 'netsuite/salesOrder.ndjson')],
            invoice: [join(dir, 'netsuite/invoice.ndjson')],
          },
        });
        const contract = contractFromFile(CONTRACT);
        const connectors = { shopify, netsuite };

        // Sales orders, keyed by the external id the sync gives them: `<shop system>:<order gid>`
        // (every shop's export is read here as one `shopify` system, so the shop comes from its file).
        const shopSystemOfGid = new Map<string, string>();
        for (const file of orderFiles) {
          const region = REGIONS.find((r) => file.endsWith(join('shopify', r.shop.handle, 'orders.ndjson')))!;
          for (const o of await readNdjson<ShopOrder>(file)) shopSystemOfGid.set(o.id, shopSystemOf(region));
        }
        const orders = await reconcile({
          plan: planReconciliation(contract, 'orders-daily', {
            externalId: (_system, record) => `${shopSystemOfGid.get(record.id)}:${record.id}`,
          }),
          connectors,
        });
        const salesOrderTruth = manifest.disagreements.filter(
          (d) => isOrderPair(d) && d.entity === 'salesOrder',
        );
        const expected = salesOrderTruth
          .filter((d) => d.category !== 'precision-loss')
          .map((d) =>
            d.field === 'exists'
              ? { category: d.values.shopify === true ? 'missing' : 'orphan', key: d.keys.match }
              : { category: 'value', key: d.keys.match, field: 'total' },
          );
        expect(expected.length).toBeGreaterThan(3);
        expect(orders.findings.map(signature).sort()).toEqual(
          expected.map((e) => signature(e as ReconcileFinding)).sort(),
        );
        // The KWD third decimal: a real difference, within the contract's tolerance.
        const precision = salesOrderTruth.filter((d) => d.category === 'precision-loss');
        expect(precision.length).toBeGreaterThan(0);
        for (const d of precision) {
          const diff = parseDecimal(String(d.values.shopify))
            .minus(parseDecimal(String(d.values.netsuite)))
            .abs();
          expect(diff.isZero()).toBe(false);
          expect(diff.lte(parseDecimal('0.005'))).toBe(true);
        }
        expect(orders.groups.filter((g) => g.group.currency === 'JPY').length).toBeGreaterThan(0);

        // Invoices, keyed by order number and currency: the double invoice is a duplicate.
        const byGid = new Map<string, ShopOrder>();
        for (const file of orderFiles) for (const o of await readNdjson<ShopOrder>(file)) byGid.set(o.id, o);
        const byMatch = new Map([...byGid.values()].map((o) => [`${shopSystemOfGid.get(o.id)}:${o.id}`, o]));
        const keyOf = (o: ShopOrder | undefined) =>
          `${o!.name.trim().toUpperCase()} + ${o!.currencyCode.toUpperCase()}`;
        const invoices = await reconcile({
          plan: planReconciliation(contract, 'invoices-daily'),
          connectors,
        });
        const duplicates = manifest.disagreements.filter((d) => isOrderPair(d) && d.entity === 'invoice');
        expect(duplicates.length).toBeGreaterThan(0);
        const expectedInvoices = [
          ...duplicates.map((d) => ({ category: 'duplicate', key: keyOf(byGid.get(d.keys.shopify!)) })),
          ...salesOrderTruth
            .filter((d) => d.field === 'exists' && d.values.shopify === true)
            .map((d) => ({ category: 'missing', key: keyOf(byMatch.get(d.keys.match)) })),
        ];
        expect(invoices.findings.map(signature).sort()).toEqual(
          expectedInvoices.map((e) => signature(e as ReconcileFinding)).sort(),
        );
        const duplicate = invoices.findings.find((f) => f.category === 'duplicate')!;
        expect(duplicate.target.id).toBeDefined();
        expect(duplicate.detail).toMatch(/netsuite holds 2 records/);

        // Payments whose Shopify order does not exist: the rule's reference check, both ids.
        const stripe = new NdjsonExportConnector({
          system: 'stripe',
          kind: 'stripe',
          files: { payment_intent: [join(dir, 'stripe/payment_intents.ndjson')] },
        });
        const payments = await reconcile({
          plan: planReconciliation(contract, 'payments-daily'),
          connectors: {
            stripe,
            shopify,
            netsuite: new NdjsonExportConnector({
              system: 'netsuite',
              kind: 'netsuite',
              files: { customerPayment: [join(dir, 'netsuite/customerPayment.ndjson')] },
            }),
          },
        });
        const orphanPayments = manifest.disagreements.filter((d) => d.category === 'orphan-payment');
        expect(orphanPayments.length).toBeGreaterThan(1);
        const referenceFindings = payments.findings.filter((f) => f.field === 'order');
        expect(
          referenceFindings
            .map((f) => `${f.category}|${f.source.id}|${f.source.value}|${f.reference?.id}`)
            .sort(),
        ).toEqual(
          orphanPayments.map((d) => `orphan|${d.keys.stripe}|${d.keys.match}|${d.keys.match}`).sort(),
        );
        expect(referenceFindings[0]!.reference).toMatchObject({ system: 'shopify', objectType: 'Order' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
