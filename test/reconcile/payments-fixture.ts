/**
 * A seeded reconciliation fixture through real parts: payment intents created in the Stripe
 * simulator (read back over HTTP through the official SDK by the Stripe connector) and their
 * copies in a DuckDB finance lake (the warehouse connector), with disagreements planted on purpose
 * and recorded, so a test can assert that reconciliation finds exactly those.
 *
 * Also planted, and NOT disagreements: KWD amounts the lake holds half a fils off (within the
 * contract's 0.005 tolerance), and JPY amounts (zero-decimal: 1999 minor units is ¥1999, so a
 * wrong minor-units conversion would show as a difference).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../sandbox/shared/simulator-server.ts';
import { type StripeSimulator, startStripeSimulator } from '../../sandbox/stripe/stripe-simulator.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { createDuckDbConnector } from '../../src/connectors/duckdb/duckdb-connector.ts';
import { createStripeConnector } from '../../src/connectors/stripe/stripe-connector.ts';
import type { WarehouseEntity } from '../../src/connectors/warehouse/warehouse-entity.ts';
import type { Contract } from '../../src/contract/model.ts';
import { contractFromFile } from '../../src/contract/test-contracts.ts';
import { formatDecimal, parseDecimal } from '../../src/model/decimal.ts';
import { Money } from '../../src/model/money.ts';

export const PAYMENTS_CONTRACT = join(import.meta.dirname, 'fixtures', 'payments.accord.yaml');

export const LAKE_PAYMENT: WarehouseEntity = {
  name: 'payment',
  fields: [
    { name: 'amount', kind: 'money', required: true },
    { name: 'status', kind: 'string' },
    { name: 'paidOn', kind: 'date' },
    { name: 'paymentIntentId', kind: 'string' },
  ],
};

export interface Planted {
  category: 'missing' | 'orphan' | 'duplicate' | 'value' | 'status';
  key: string;
  field?: string;
}

export interface PaymentsFixture {
  contract: Contract;
  connectors: Record<string, Connector>;
  stripe: StripeSimulator;
  planted: Planted[];
  /** Payments created per month (`2026-10` → n). */
  perMonth: Record<string, number>;
  /** The lake's DuckDB file (close the lake connector before opening it again). */
  lakePath: string;
  close(): Promise<void>;
}

export interface FixtureOptions {
  seed: number;
  payments: number;
  /** Plant disagreements (default true); false gives two systems that agree. */
  plant?: boolean;
}

const STATUS: Record<string, string> = {
  requires_capture: 'authorized',
  succeeded: 'captured',
  requires_payment_method: 'awaiting-method',
  canceled: 'canceled',
};
const CURRENCIES = ['usd', 'eur', 'jpy', 'kwd'] as const;
const OCT = Date.UTC(2026, 9, 3, 10);
const NOV = Date.UTC(2026, 10, 2, 10);

/** Stripe minor units for a currency: JPY whole yen; KWD thousandths ending in 0 (Stripe's rule). */
function minorAmount(random: () => number, currency: string): string {
  const base = 500 + Math.floor(random() * 200_000);
  return currency === 'kwd' ? String(base - (base % 10)) : String(base);
}

export async function buildPaymentsFixture(options: FixtureOptions): Promise<PaymentsFixture> {
  const random = seededRandom(options.seed);
  let now = OCT;
  const stripe = await startStripeSimulator({ seed: options.seed, clock: () => now });
  const dir = await mkdtemp(join(tmpdir(), 'accord-reconcile-fixture-'));
  const lakePath = join(dir, 'lake.duckdb');
  const lake = await createDuckDbConnector({
    system: 'lake',
    path: lakePath,
    schema: 'accord',
    entities: [LAKE_PAYMENT],
  });
  const planted: Planted[] = [];
  const perMonth: Record<string, number> = {};
  const plant = options.plant !== false;
  let written = 0;
  const write = (id: string, fields: Record<string, unknown>) =>
    lake.upsert({ objectType: 'payment', externalId: id, fields, idempotencyKey: `fixture-${written++}` });

  for (let n = 0; n < options.payments; n++) {
    now = (n % 3 === 0 ? NOV : OCT) + n * 60_000;
    const currency = CURRENCIES[n % CURRENCIES.length]!;
    const manual = random() < 0.25;
    const intent = await stripe.call('POST', '/v1/payment_intents', {
      amount: minorAmount(random, currency),
      currency,
      payment_method: 'pm_card_visa',
      confirm: 'true',
      ...(manual ? { capture_method: 'manual' } : {}),
    });
    const id = String(intent.id);
    const month = new Date(now).toISOString().slice(0, 7);
    perMonth[month] = (perMonth[month] ?? 0) + 1;
    const received = String(intent.amount_received);
    let amount = formatDecimal(Money.fromMinorUnits(received, currency).amount);
    let status = STATUS[String(intent.status)] ?? String(intent.status);
    const paidOn = new Date(Number(intent.created) * 1000).toISOString().slice(0, 10);
    const pick = plant ? n % 11 : -1;
    if (pick === 1) {
      planted.push({ category: 'missing', key: id });
      continue;
    }
    if (pick === 2) {
      // Beyond tolerance: one minor unit of the currency (JPY tolerance 0, KWD 0.005 < 0.01).
      amount = formatDecimal(parseDecimal(amount).plus(currency === 'jpy' ? '1' : '0.01'));
      planted.push({ category: 'value', key: id, field: 'amount' });
    }
    if (pick === 3) {
      status = status === 'captured' ? 'authorized' : 'captured';
      planted.push({ category: 'status', key: id, field: 'status' });
    }
    if (currency === 'kwd' && pick !== 2) {
      // NetSuite-style rounding drift: half a fils or less is within the KWD tolerance.
      amount = formatDecimal(parseDecimal(amount).plus('0.004'));
    }
    const fields = {
      amount: { amount, currency: currency.toUpperCase() },
      status,
      paidOn,
      paymentIntentId: id,
    };
    await write(`stripe:${id}`, fields);
    if (pick === 4) {
      await write(`stripe:${id}:again`, fields);
      planted.push({ category: 'duplicate', key: id });
    }
  }
  if (plant) {
    for (let k = 0; k < 2; k++) {
      const id = `pi_orphan_${options.seed}_${k}`;
      await write(`manual:${id}`, {
        amount: { amount: '42.00', currency: 'USD' },
        status: 'captured',
        paidOn: '2026-10-15',
        paymentIntentId: id,
      });
      planted.push({ category: 'orphan', key: id });
    }
  }
  const connector = createStripeConnector({
    system: 'stripe',
    apiKey: stripe.apiKey,
    host: '127.0.0.1',
    port: stripe.port,
    protocol: 'http',
    concurrency: 4,
  });
  return {
    contract: contractFromFile(PAYMENTS_CONTRACT),
    connectors: { stripe: connector, lake },
    stripe,
    planted,
    perMonth,
    lakePath,
    async close() {
      await Promise.allSettled([connector.close(), lake.close()]);
      await stripe.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
