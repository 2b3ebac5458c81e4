/**
 * SOQL through jsforce, batch by batch: every query follows `nextRecordsUrl` to the end
 * (Salesforce does not promise a batch size, so even a `LIMIT 200` query may come in pieces), and
 * every reply is checked for shape before use.
 *
 * @example
 *   const reader = new SoqlReader(session, 'crm');
 *   for await (const batch of reader.batches('SELECT Id FROM Account', { objectType: 'Account' })) …
 */
import type jsforce from 'jsforce';
import { garbledReply } from './salesforce-errors.ts';
import type { SalesforceSession } from './salesforce-session.ts';

type Row = Record<string, unknown>;

export class SoqlReader {
  constructor(
    private readonly session: SalesforceSession,
    private readonly system: string,
  ) {}

  /** The query's rows batch by batch. `scanAll` uses `queryAll`, which includes deleted rows. */
  async *batches(
    soql: string,
    options: { objectType: string; scanAll?: boolean | undefined; signal?: AbortSignal | undefined },
  ): AsyncIterable<Row[]> {
    const conn = this.session.conn;
    let result = await this.session.call(
      undefined,
      async () =>
        (await conn.query<Row>(soql, {
          autoFetch: false,
          scanAll: options.scanAll ?? false,
        })) as jsforce.QueryResult<Row>,
    );
    this.check(result, `query ${options.objectType}`);
    for (;;) {
      yield result.records;
      const next = result.nextRecordsUrl;
      if (result.done || !next) return;
      options.signal?.throwIfAborted();
      result = await this.session.call(
        undefined,
        async () => (await conn.queryMore<Row>(next)) as jsforce.QueryResult<Row>,
      );
      this.check(result, `query more ${options.objectType}`);
    }
  }

  /** Every row of a query. */
  async all(soql: string, objectType: string): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const batch of this.batches(soql, { objectType })) rows.push(...batch);
    return rows;
  }

  private check(result: unknown, what: string): asserts result is jsforce.QueryResult<Row> {
    if (
      typeof result !== 'object' ||
      result === null ||
      !Array.isArray((result as { records?: unknown }).records)
    ) {
      throw garbledReply({ system: this.system }, what, result);
    }
  }
}
