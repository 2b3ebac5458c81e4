/**
 * Warehouse behaviour beyond the connector contract, run against every adapter (PostgreSQL,
 * DuckDB): exact round trips of every field kind, history mode, bulk loads of 100,000 rows with an
 * exact money total, catalogue-based describe, and error classification.
 *
 * @example
 *   describeWarehouseBehaviour('duckdb', async () => ({ connector, exec, cleanup }));
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../model/decimal.ts';
import { IdempotencyConflict, toError, UserInputError, ValidationRejected } from '../../model/errors.ts';
import type { BulkRecord } from './bulk-load.ts';
import type { Row } from './warehouse-adapter.ts';
import type { WarehouseConnector } from './warehouse-connector.ts';

export interface WarehouseHarness {
  connector: WarehouseConnector;
  /** Runs raw SQL beside the connector (to alter a table by hand, as a person would). */
  exec(sql: string): Promise<Row[]>;
  /** The schema the connector's tables live in. */
  schema: string;
  cleanup(): Promise<void>;
}

const BULK_ROWS = 100_000;

/** Deterministic amounts with awkward cents, so a float sum would drift. */
function bulkRecords(count: number, prefix: string): { records: BulkRecord[]; total: Decimal } {
  const records: BulkRecord[] = [];
  let total = new Decimal(0);
  for (let i = 0; i < count; i++) {
    const amount = `${(i * 7919) % 100_000}.${String((i * 37) % 100).padStart(2, '0')}`;
    total = total.plus(amount);
    records.push({
      key: `${prefix}-${i}`,
      fields: {
        orderNumber: `SO-${i}`,
        customer: `cust-${i % 500}`,
        status: i % 10 === 0 ? 'cancelled' : 'fulfilled',
        total: { amount, currency: 'USD' },
        orderedOn: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
        lineCount: (i % 9) + 1,
      },
    });
  }
  return { records, total };
}

export function describeWarehouseBehaviour(name: string, open: () => Promise<WarehouseHarness>): void {
  describe(`warehouse behaviour: ${name}`, () => {
    let h: WarehouseHarness;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('round-trips every field kind exactly, and null clears while an absent field stays', async () => {
      const fields = {
        companyName: "O'Brien & Sons\tLtd\nline2 \\ back",
        email: 'ob@example.test',
        status: 'on-hold',
        balance: { amount: '1234.567', currency: 'KWD' },
        creditLimit: '0.1000000001',
        since: '2024-02-29',
        lastOrderAt: '2026-11-28T13:59:59.123Z',
        vip: true,
        orderCount: 9007199254740993n,
        parent: 'cust-root',
        addresses: [{ city: 'Zürich', zip: '8001', lines: ['a', 'b'] }],
      };
      await h.connector.upsert({
        objectType: 'customer',
        externalId: 'rt-1',
        fields,
        idempotencyKey: 'rt-1:1',
      });
      const stored = await h.connector.get('customer', 'rt-1');
      expect(stored?.fields).toEqual({ ...fields, balance: { amount: '1234.567', currency: 'KWD' } });
      await h.connector.upsert({
        objectType: 'customer',
        externalId: 'rt-1',
        fields: { email: null, vip: false },
        idempotencyKey: 'rt-1:2',
      });
      const after = await h.connector.get('customer', 'rt-1');
      expect(after?.fields.email).toBeNull();
      expect(after?.fields.vip).toBe(false);
      expect(after?.fields.creditLimit).toBe('0.1000000001');
    });

    it('refuses a float amount and an unknown field before touching the database', async () => {
      for (const fields of [
        { companyName: 'Float Co', balance: { amount: 12.5, currency: 'USD' } },
        { companyName: 'Typo Co', emial: 'x@y.test' },
      ]) {
        const error = await h.connector
          .upsert({
            objectType: 'customer',
            externalId: 'bad-1',
            fields,
            idempotencyKey: `bad:${fields.companyName}`,
          })
          .then(() => undefined, toError);
        expect(error).toBeInstanceOf(ValidationRejected);
        expect(error?.message).toContain('bad-1');
      }
      expect(await h.connector.get('customer', 'bad-1')).toBeUndefined();
    });

    it('classifies a NOT NULL violation from the database as ValidationRejected naming the record', async () => {
      const error = await h.connector
        .upsert({
          objectType: 'customer',
          externalId: 'nn-1',
          fields: { email: 'nn@x.test' },
          idempotencyKey: 'nn-1',
        })
        .then(() => undefined, toError);
      expect(error).toBeInstanceOf(ValidationRejected);
      expect((error as ValidationRejected).recordId).toBe('nn-1');
      expect(error?.message).toMatch(/company_name/);
    });

    it('refuses an idempotency key reused for a different record', async () => {
      await h.connector.upsert({
        objectType: 'customer',
        externalId: 'ik-1',
        fields: { companyName: 'A' },
        idempotencyKey: 'ik',
      });
      const error = await h.connector
        .upsert({
          objectType: 'customer',
          externalId: 'ik-2',
          fields: { companyName: 'B' },
          idempotencyKey: 'ik',
        })
        .then(() => undefined, toError);
      expect(error).toBeInstanceOf(IdempotencyConflict);
      expect(await h.connector.get('customer', 'ik-2')).toBeUndefined();
    });

    it('keeps every version in history mode, with contiguous valid_from/valid_to and one current row', async () => {
      const total = (amount: string) => ({ amount, currency: 'EUR' });
      const write = (fields: Record<string, unknown>, v: number) =>
        h.connector.upsert({
          objectType: 'invoice',
          externalId: 'INV-1',
          fields,
          idempotencyKey: `INV-1:v${v}`,
        });
      const first = await write({ number: 'INV-1', status: 'open', total: total('100.00') }, 1);
      expect(first.created).toBe(true);
      const second = await write({ status: 'paid' }, 2);
      expect(second.created).toBe(false);
      await write({ status: 'paid' }, 2); // a replay: no third version
      await write({ total: total('90.00') }, 3);
      const versions = await h.connector.versions('invoice', 'INV-1');
      expect(versions.map((v) => [v.fields.status, (v.fields.total as { amount: string }).amount])).toEqual([
        ['open', '100.00'],
        ['paid', '100.00'],
        ['paid', '90.00'],
      ]);
      expect(versions[0]!.validTo).toBe(versions[1]!.validFrom);
      expect(versions[1]!.validTo).toBe(versions[2]!.validFrom);
      expect(versions[2]!.validTo).toBeNull();
      expect(versions[0]!.validFrom < versions[1]!.validFrom).toBe(true);
      const changes = [];
      for await (const page of h.connector.readChanges({ objectType: 'invoice' })) changes.push(...page);
      expect(changes.filter((r) => r.id === 'INV-1')).toHaveLength(1);
      expect((await h.connector.totals('invoice', 'total')).sums).toEqual({ EUR: '90' });
    });

    it(`bulk-loads ${BULK_ROWS.toLocaleString('en')} rows: exact count and an exact money sum`, async () => {
      const { records, total } = bulkRecords(BULK_ROWS, 'so');
      const result = await h.connector.bulkLoad('salesOrder', records);
      expect(result.rows).toBe(BULK_ROWS);
      const totals = await h.connector.totals('salesOrder', 'total');
      expect(totals.count).toBe(BULK_ROWS);
      expect(totals.sums).toEqual({ USD: total.toFixed() });
      // Loading again by the same keys updates in place: no duplicate rows, the new sum exactly.
      const again = records
        .slice(0, 10)
        .map((r) => ({ ...r, fields: { ...r.fields, total: { amount: '0.01', currency: 'USD' } } }));
      await h.connector.bulkLoad('salesOrder', again);
      const old = records
        .slice(0, 10)
        .reduce((s, r) => s.plus((r.fields.total as { amount: string }).amount), new Decimal(0));
      const after = await h.connector.totals('salesOrder', 'total');
      expect(after.count).toBe(BULK_ROWS);
      expect(after.sums.USD).toBe(total.minus(old).plus('0.10').toFixed());
    });

    it('rolls a bulk load back whole when one row is bad, naming its key', async () => {
      const { records } = bulkRecords(50, 'bad');
      records[37] = { key: 'bad-37', fields: { ...records[37]!.fields, status: 'lost-in-transit' } };
      const before = (await h.connector.totals('salesOrder')).count;
      const error = await h.connector.bulkLoad('salesOrder', records).then(() => undefined, toError);
      expect(error).toBeInstanceOf(ValidationRejected);
      expect((await h.connector.totals('salesOrder')).count).toBe(before);
      const dup = await h.connector
        .bulkLoad('salesOrder', [records[0]!, records[0]!])
        .then(() => undefined, toError);
      expect(dup).toBeInstanceOf(UserInputError);
      expect(dup?.message).toContain('bad-0');
    });

    it('describes tables from the live catalogue: enum values, money folded, a hand-added column as custom', async () => {
      await h.exec(`ALTER TABLE "${h.schema}"."customer" ADD COLUMN region_code VARCHAR(8)`);
      const schema = await h.connector.describe();
      const customer = schema.objects.find((o) => o.name === 'customer')!;
      const status = customer.fields.find((f) => f.name === 'status');
      expect(status?.enumValues).toEqual(['active', 'inactive', 'on-hold']);
      expect(customer.fields.find((f) => f.name === 'companyName')?.required).toBe(true);
      // Precision is part of the type, so a column narrowed by hand shows up as drift.
      expect(customer.fields.find((f) => f.name === 'balance')?.type).toMatch(
        /^money:(numeric|DECIMAL)\(38,10\)$/,
      );
      expect(customer.fields.find((f) => f.name === 'region_code')?.type).toMatch(
        /^(character varying|VARCHAR)/,
      );
      expect(customer.fields.some((f) => f.name.endsWith('_currency'))).toBe(false);
      expect(customer.fields.find((f) => f.name === 'region_code')?.custom).toBe(true);
      expect(schema.objects.find((o) => o.name === 'invoice')).toBeDefined();
      expect(schema.configuration.historyEntities).toEqual(['invoice']);
    });
  });
}
