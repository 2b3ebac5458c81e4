/**
 * The connector contract suite: every connector runs it against its simulator (or, for the
 * warehouses, the real database). It checks the rules stated in `src/connectors/connector.ts`.
 *
 * @example
 *   // src/connectors/netsuite/netsuite-connector.integration.test.ts
 *   describeConnectorContract('netsuite', async () => {
 *     const sim = await startNetSuiteSimulator({ concurrency: 3 });
 *     return { connector: …, objectType: 'customer', sample: (n) => ({ companyName: `Co ${n}`, email: `c${n}@x.test` }), … };
 *   });
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, SystemRecord } from '../../src/connectors/connector.ts';
import { AccordError, toError } from '../../src/model/errors.ts';

/** Faults a simulator can inject into its next responses. */
export type FaultKind = 'rate-limit' | 'server-error' | 'malformed-reply' | 'connection-drop';

export interface ConnectorFixture {
  connector: Connector;
  /** A simple object type that can be created and updated (customer-like). */
  objectType: string;
  /** Fields for a new, valid record; distinct per `n`. */
  sample(n: number): Record<string, unknown>;
  /** A change to apply to sample `n` (at least one field with a new value). */
  change(n: number): Record<string, unknown>;
  /** Fields the system rejects as invalid content. */
  invalid(): Record<string, unknown>;
  /** A field usable with `findByField`, and its value in sample `n`. */
  matchField: string;
  matchValue(n: number): string;
  /** Reads a field's value back out of a record in the system's shape. */
  valueOf(record: SystemRecord, field: string): unknown;
  /** The concurrency cap the connector was configured with. */
  concurrencyCap: number;
  /** Highest number of requests the system saw in flight at once (from the simulator). */
  maxInFlightSeen(): Promise<number> | number;
  /** Injects `count` faults of a kind into the next responses; absent when the system cannot. */
  injectFault?: ((kind: FaultKind, count: number) => Promise<void> | void) | undefined;
  /** Credential values that must never appear in errors or returned values. */
  secrets: readonly string[];
  close(): Promise<void>;
}

export function describeConnectorContract(name: string, setup: () => Promise<ConnectorFixture>): void {
  describe(`connector contract: ${name}`, () => {
    let f: ConnectorFixture;
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const eid = (n: number) => `contract-${run}-${n}`;
    const key = (n: number, v = 1) => `contract:${run}:${n}:v${v}`;

    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.close();
    });

    it('creates by external id, then reads the record back by id and by external id', async () => {
      const result = await f.connector.upsert({
        objectType: f.objectType,
        externalId: eid(1),
        fields: f.sample(1),
        idempotencyKey: key(1),
      });
      expect(result.created).toBe(true);
      const byId = await f.connector.get(f.objectType, result.id);
      expect(byId?.id).toBe(result.id);
      expect(f.valueOf(byId!, f.matchField)).toBe(f.matchValue(1));
      const byEid = await f.connector.getByExternalId(f.objectType, eid(1));
      expect(byEid?.id).toBe(result.id);
      expect(await f.connector.get(f.objectType, 'no-such-id-999999')).toBeUndefined();
    });

    it('upserts the same external id as an update, never a second record', async () => {
      const first = await f.connector.upsert({
        objectType: f.objectType,
        externalId: eid(2),
        fields: f.sample(2),
        idempotencyKey: key(2),
      });
      const second = await f.connector.upsert({
        objectType: f.objectType,
        externalId: eid(2),
        fields: f.change(2),
        idempotencyKey: key(2, 2),
      });
      expect(second.id).toBe(first.id);
      expect(second.created).toBe(false);
      const stored = await f.connector.getByExternalId(f.objectType, eid(2));
      const [field, value] = Object.entries(f.change(2))[0]!;
      expect(f.valueOf(stored!, field)).toEqual(value);
      const matches = await f.connector.findByField(f.objectType, f.matchField, f.matchValue(2));
      expect(matches.map((m) => m.id)).toEqual([first.id]);
    });

    it('replaying the same idempotency key performs the write once', async () => {
      const request = {
        objectType: f.objectType,
        externalId: eid(3),
        fields: f.sample(3),
        idempotencyKey: key(3),
      };
      const [a, b] = await Promise.all([
        f.connector.upsert(request),
        f.connector.upsert(request).catch(toError),
      ]);
      const c = await f.connector.upsert(request);
      const ids = [a, b, c]
        .filter((r): r is Exclude<typeof r, Error> => !(r instanceof Error))
        .map((r) => r.id);
      expect(new Set(ids).size).toBe(1);
      if (b instanceof Error) expect(b).toBeInstanceOf(AccordError);
      const matches = await f.connector.findByField(f.objectType, f.matchField, f.matchValue(3));
      expect(matches).toHaveLength(1);
    });

    it('finds every record that shares a match value (two hits are two, never one)', async () => {
      const shared = f.matchValue(4);
      await f.connector.upsert({
        objectType: f.objectType,
        externalId: eid(4),
        fields: f.sample(4),
        idempotencyKey: key(4),
      });
      const twin = { ...f.sample(5), [f.matchField]: shared };
      await f.connector.upsert({
        objectType: f.objectType,
        externalId: eid(5),
        fields: twin,
        idempotencyKey: key(5),
      });
      const matches = await f.connector.findByField(f.objectType, f.matchField, shared);
      expect(matches).toHaveLength(2);
      expect(await f.connector.findByField(f.objectType, f.matchField, `nobody-${run}`)).toEqual([]);
    });

    it('reads changes in (modifiedAt, id) order across pages, with an inclusive cursor', async () => {
      for (let n = 10; n < 35; n++) {
        await f.connector.upsert({
          objectType: f.objectType,
          externalId: eid(n),
          fields: f.sample(n),
          idempotencyKey: key(n),
        });
      }
      const all: SystemRecord[] = [];
      for await (const page of f.connector.readChanges({ objectType: f.objectType, pageSize: 10 })) {
        expect(page.length).toBeLessThanOrEqual(10);
        all.push(...page);
      }
      const ids = all.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < all.length; i++) {
        const prev = all[i - 1]!;
        const cur = all[i]!;
        expect(prev.modifiedAt <= cur.modifiedAt).toBe(true);
      }
      const ours = all.filter((r) => r.externalId?.startsWith(`contract-${run}-`));
      expect(ours.length).toBeGreaterThanOrEqual(25);
      const pivot = all[Math.floor(all.length / 2)]!;
      const after: SystemRecord[] = [];
      for await (const page of f.connector.readChanges({
        objectType: f.objectType,
        since: { modifiedAt: pivot.modifiedAt, id: pivot.id },
        pageSize: 10,
      })) {
        after.push(...page);
      }
      expect(after.map((r) => r.id)).toContain(pivot.id);
      const expected = all.filter((r) => r.modifiedAt > pivot.modifiedAt).map((r) => r.id);
      for (const id of expected) expect(after.map((r) => r.id)).toContain(id);
      const scanned: SystemRecord[] = [];
      for await (const page of f.connector.scan({ objectType: f.objectType, pageSize: 7 }))
        scanned.push(...page);
      expect(new Set(scanned.map((r) => r.id))).toEqual(new Set(ids));
    });

    it('classifies invalid content as a permanent ValidationRejected naming the system, and writes nothing', async () => {
      const error = await f.connector
        .upsert({
          objectType: f.objectType,
          externalId: eid(40),
          fields: f.invalid(),
          idempotencyKey: key(40),
        })
        .then(() => undefined, toError);
      expect(error).toBeInstanceOf(AccordError);
      expect((error as AccordError).retryable).toBe(false);
      expect((error as AccordError).system).toBe(f.connector.system);
      expect(error!.message.length).toBeGreaterThan(10);
      expect(await f.connector.getByExternalId(f.objectType, eid(40))).toBeUndefined();
    });

    it('never has more requests in flight than its cap', async () => {
      await Promise.all(
        Array.from({ length: 4 * f.concurrencyCap + 4 }, (_, i) =>
          f.connector.upsert({
            objectType: f.objectType,
            externalId: eid(100 + i),
            fields: f.sample(100 + i),
            idempotencyKey: key(100 + i),
          }),
        ),
      );
      expect(await f.maxInFlightSeen()).toBeLessThanOrEqual(f.concurrencyCap);
      expect(f.connector.stats().maxInFlight).toBeLessThanOrEqual(f.concurrencyCap);
    });

    for (const kind of ['rate-limit', 'server-error', 'malformed-reply', 'connection-drop'] as const) {
      it(`turns an injected ${kind} into success or a retryable AccordError, never a raw error`, async (ctx) => {
        if (!f.injectFault) ctx.skip();
        await f.injectFault!(kind, 1);
        const outcome = await f.connector
          .upsert({
            objectType: f.objectType,
            externalId: eid(200),
            fields: f.sample(200),
            idempotencyKey: key(200),
          })
          .then(() => 'ok' as const, toError);
        if (outcome !== 'ok') {
          expect(outcome).toBeInstanceOf(AccordError);
          expect((outcome as AccordError).retryable).toBe(true);
        }
        // Whatever happened, a later attempt lands exactly one record.
        await f.connector.upsert({
          objectType: f.objectType,
          externalId: eid(200),
          fields: f.sample(200),
          idempotencyKey: key(200),
        });
        expect(await f.connector.findByField(f.objectType, f.matchField, f.matchValue(200))).toHaveLength(1);
      });
    }

    it('describes its schema, including the object type and the match field', async () => {
      const schema = await f.connector.describe();
      expect(schema.kind).toBe(f.connector.kind);
      const object = schema.objects.find((o) => o.name === f.objectType);
      expect(object?.fields.map((x) => x.name)).toContain(f.matchField);
    });

    it('never lets a credential appear in errors, results or stats', async () => {
      const error = await f.connector
        .upsert({
          objectType: f.objectType,
          externalId: eid(41),
          fields: f.invalid(),
          idempotencyKey: key(41),
        })
        .then(() => undefined, toError);
      const visible = JSON.stringify({
        message: error?.message,
        stack: error?.stack,
        error,
        stats: f.connector.stats(),
        schema: await f.connector.describe(),
      });
      for (const secret of f.secrets) expect(visible).not.toContain(secret);
    });
  });
}
