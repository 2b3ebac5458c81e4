/**
 * The simulator's `/query` and `/queryAll` resources: runs SOQL against the org and serves the
 * result in batches (`totalSize`, `done`, `records`, `nextRecordsUrl: …/query/01g…-2000`), keeping
 * each query's result as a server-side cursor until its last batch is read, as Salesforce does.
 *
 * @example
 *   const endpoint = new QueryEndpoint(org, 2000);
 *   const reply = endpoint.run("SELECT Id FROM Account", { includeDeleted: false, base, queryOptions: undefined });
 */
import { randomBytes } from 'node:crypto';
import type { SalesforceError, SalesforceOrg } from './salesforce-org.ts';
import { toApiRecord } from './salesforce-org.ts';
import { parseSoql, SoqlSyntaxError } from './soql.ts';
import { planQuery, runQuery, SoqlSemanticError } from './soql-evaluate.ts';

export type EndpointReply = { status: number; body: unknown } | { status: number; errors: SalesforceError[] };

interface Cursor {
  records: Record<string, unknown>[];
  batch: number;
}

export class QueryEndpoint {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly org: SalesforceOrg,
    private readonly batchDefault: number,
  ) {}

  run(
    q: string,
    options: { includeDeleted: boolean; base: string; queryOptions: string | undefined },
  ): EndpointReply {
    let plan: ReturnType<typeof planQuery>;
    try {
      plan = planQuery(parseSoql(q), this.org.schema);
    } catch (error) {
      if (error instanceof SoqlSyntaxError) {
        const message = `${q}\n${' '.repeat(error.position)}^\nERROR at Row:1:Column:${error.position + 1}\n${error.message}`;
        return { status: 400, errors: [{ errorCode: 'MALFORMED_QUERY', message, fields: [] }] };
      }
      if (error instanceof SoqlSemanticError) {
        return { status: 400, errors: [{ errorCode: error.errorCode, message: error.message, fields: [] }] };
      }
      throw error;
    }
    const rows = runQuery(plan, this.org.all(plan.object.name, options.includeDeleted));
    if (plan.query.count) return { status: 200, body: { totalSize: rows.length, done: true, records: [] } };
    const records = rows.map((r) => toApiRecord(plan.object, r, options.base, plan.fields));
    // Sforce-Query-Options: batchSize=N (Salesforce honours 200..2000; the simulator's own
    // option may go lower so tests page through small datasets).
    const header = /batchSize=(\d+)/i.exec(options.queryOptions ?? '');
    const batch = header
      ? Math.min(2000, Math.max(Math.min(200, this.batchDefault), Number(header[1])))
      : this.batchDefault;
    const locator = `01g${randomBytes(6).toString('hex').slice(0, 12)}AAA`;
    const cursor = { records, batch };
    if (records.length > batch) this.cursors.set(locator, cursor);
    return { status: 200, body: this.page(cursor, locator, 0, options.base) };
  }

  /** The batch of a cursor starting at `offset` (`GET …/query/<locator>-<offset>`). */
  more(locator: string, offset: number, base: string): EndpointReply {
    const cursor = this.cursors.get(locator);
    if (!cursor) {
      return {
        status: 400,
        errors: [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator', fields: [] }],
      };
    }
    return { status: 200, body: this.page(cursor, locator, offset, base) };
  }

  private page(cursor: Cursor, locator: string, offset: number, base: string) {
    const records = cursor.records.slice(offset, offset + cursor.batch);
    const next = offset + cursor.batch;
    const done = next >= cursor.records.length;
    if (done) this.cursors.delete(locator);
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `${base}/query/${locator}-${next}` }),
      records,
    };
  }
}
