/**
 * Coalesces single-record upserts that arrive together into sObject Collections upserts
 * (`PATCH /composite/sobjects/<Object>/<extField>`, up to 200 records, `allOrNone: false`) and
 * reads the saved records back with one SOQL query. Salesforce's daily allowance counts calls,
 * not records: 200 accounts cost 2 calls instead of 400.
 *
 * - Each external id appears at most once per call (a repeat waits for the next call), so writes
 *   to one record stay in order.
 * - Results come back in request order, each with its own success or errors: one invalid record
 *   fails alone with its own error; the others land.
 *
 * @example
 *   const batcher = new SalesforceUpsertBatcher({ send, reread, classify }, 200, 5);
 *   const { id, created, raw } = await batcher.upsert('Account', 'NetSuite_Id__c', 'ns-42', { Name: 'Acme' });
 */
import { type AccordError, TransientUpstream, toError } from '../../model/errors.ts';
import { BatchCoalescer, type Waiter } from '../shared/batch-coalescer.ts';

export interface CollectionItem {
  externalId: string;
  fields: Record<string, unknown>;
}

/** One entry of a Collections result (errors carry `statusCode`, Salesforce's code). */
export interface CollectionResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

export interface SavedRecord {
  id: string;
  created: boolean;
  raw: Record<string, unknown>;
}

export interface BatcherPorts {
  send(objectType: string, extField: string, items: CollectionItem[]): Promise<unknown>;
  reread(objectType: string, ids: string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Turns a per-record failure or a whole-call failure into an AccordError for one record. */
  classify(thrown: unknown, externalId: string | undefined): AccordError;
}

interface Group {
  objectType: string;
  extField: string;
}

type Pending = Waiter<CollectionItem, SavedRecord>;

export class SalesforceUpsertBatcher {
  private readonly coalescer: BatchCoalescer<CollectionItem, SavedRecord, Group>;

  constructor(
    private readonly ports: BatcherPorts,
    maxBatch = 200,
    windowMs = 5,
  ) {
    this.coalescer = new BatchCoalescer((group, batch) => this.run(group, batch), maxBatch, windowMs);
  }

  upsert(
    objectType: string,
    extField: string,
    externalId: string,
    fields: Record<string, unknown>,
  ): Promise<SavedRecord> {
    // External ids match case-insensitively in Salesforce, as the coalescer compares them.
    return this.coalescer.submit(
      `${objectType}\u0000${extField}`,
      { objectType, extField },
      { externalId, fields },
    );
  }

  private async run({ objectType, extField }: Group, batch: Pending[]): Promise<void> {
    let results: CollectionResult[];
    try {
      const reply = await this.ports.send(
        objectType,
        extField,
        batch.map((p) => p.input),
      );
      if (!Array.isArray(reply) || reply.length !== batch.length) {
        throw new TransientUpstream(
          `Salesforce sent a Collections reply that does not match the ${batch.length} records sent`,
          {
            body: String(JSON.stringify(reply)).slice(0, 500),
          },
        );
      }
      results = reply as CollectionResult[];
    } catch (thrown) {
      for (const p of batch)
        p.reject(this.ports.classify(thrown, batch.length === 1 ? p.input.externalId : undefined));
      return;
    }
    const saved: { p: Pending; id: string; created: boolean }[] = [];
    batch.forEach((p, i) => {
      const r = results[i]!;
      if (r.success && r.id) saved.push({ p, id: r.id, created: r.created === true });
      else {
        const data = (r.errors ?? []).map((e) => ({
          errorCode: e.statusCode ?? e.errorCode,
          message: e.message,
          fields: e.fields ?? [],
        }));
        const code = data.length === 1 ? (data[0]!.errorCode ?? 'UNKNOWN_EXCEPTION') : 'MULTIPLE_API_ERRORS';
        const error = Object.assign(new Error(data[0]?.message ?? 'record not saved'), {
          name: code,
          errorCode: code,
          data: data.length === 1 ? data[0] : data,
        });
        p.reject(this.ports.classify(error, p.input.externalId));
      }
    });
    if (saved.length === 0) return;
    try {
      const raw = await this.ports.reread(
        objectType,
        saved.map((s) => s.id),
      );
      for (const s of saved) {
        const record = raw.get(s.id);
        if (record) s.p.resolve({ id: s.id, created: s.created, raw: record });
        else
          s.p.reject(
            new TransientUpstream(
              `Salesforce: ${objectType} ${s.id} ('${s.p.input.externalId}') was saved but cannot be read back yet`,
              {},
            ),
          );
      }
    } catch (thrown) {
      for (const s of saved) s.p.reject(toError(thrown));
    }
  }
}
