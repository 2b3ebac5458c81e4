/**
 * A system's export — one vendor-shaped record per line (NDJSON), as a nightly dump, a warehouse
 * unload or the sandbox generator writes it — read through the connector port, scan-only.
 * Reconciliation uses it to compare a large local source without an API in the way; it streams
 * the files (bounded memory) and never writes.
 *
 * @example
 *   const shop = new NdjsonExportConnector({ system: 'shopify', kind: 'shopify',
 *     files: { Order: ['out/shopify/accord-goods-us/orders.ndjson', 'out/shopify/accord-goods-eu/orders.ndjson'] } });
 *   for await (const page of shop.scan({ objectType: 'Order' })) …
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorStats,
  ReadChangesRequest,
  ScanRequest,
  SystemKind,
  SystemRecord,
  SystemSchema,
  WriteRequest,
  WriteResult,
} from '../connectors/connector.ts';
import { UserInputError, ValidationRejected } from '../model/errors.ts';

export interface NdjsonExportOptions {
  system: string;
  kind: SystemKind;
  /** Object type → the export files holding its records (read in order). */
  files: Readonly<Record<string, readonly string[]>>;
  /** The field holding the record's id (default `id`). */
  idField?: string | undefined;
  /** The field holding the external id, when the system has one (default `externalId`). */
  externalIdField?: string | undefined;
  /** The field holding the last-modified instant, when the export has one. */
  modifiedField?: string | undefined;
}

const DEFAULT_PAGE = 5_000;

export class NdjsonExportConnector implements Connector {
  readonly system: string;
  readonly kind: SystemKind;
  readonly capabilities: ConnectorCapabilities = {
    upsertByExternalId: false,
    idempotencyKeys: false,
    webhooks: false,
    bulkLoad: false,
  };
  private lines = 0;

  constructor(private readonly options: NdjsonExportOptions) {
    this.system = options.system;
    this.kind = options.kind;
  }

  async *scan(request: ScanRequest): AsyncIterable<SystemRecord[]> {
    const files = this.options.files[request.objectType];
    if (!files || files.length === 0) {
      throw new UserInputError(
        `${this.system} export has no ${request.objectType} file; it holds ${Object.keys(this.options.files).join(', ')}`,
      );
    }
    const size = request.pageSize ?? DEFAULT_PAGE;
    let page: SystemRecord[] = [];
    for (const file of files) {
      if (!existsSync(file)) throw new UserInputError(`${this.system} export file ${file} does not exist`);
      let lineNumber = 0;
      for await (const line of createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      })) {
        lineNumber += 1;
        if (line.trim() === '') continue;
        request.signal?.throwIfAborted();
        page.push(this.toRecord(request.objectType, line, file, lineNumber));
        this.lines += 1;
        if (page.length >= size) {
          yield page;
          page = [];
        }
      }
    }
    if (page.length > 0) yield page;
  }

  private toRecord(objectType: string, line: string, file: string, lineNumber: number): SystemRecord {
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ValidationRejected(
        `${this.system} export ${file}:${lineNumber} is not one JSON object per line; fix or re-export the file`,
      );
    }
    const id = fields[this.options.idField ?? 'id'];
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new ValidationRejected(
        `${this.system} export ${file}:${lineNumber} has no ${this.options.idField ?? 'id'}; every record needs its id`,
      );
    }
    const externalId = fields[this.options.externalIdField ?? 'externalId'];
    const modified =
      this.options.modifiedField === undefined ? undefined : fields[this.options.modifiedField];
    return {
      objectType,
      id: String(id),
      ...(typeof externalId === 'string' ? { externalId } : {}),
      modifiedAt: typeof modified === 'string' ? modified : '',
      fields,
    };
  }

  // biome-ignore lint/correctness/useYield: an export has no change feed; reading it is a scan
  async *readChanges(_request: ReadChangesRequest): AsyncIterable<SystemRecord[]> {
    throw this.scanOnly('read changes');
  }

  async get(objectType: string, id: string): Promise<SystemRecord | undefined> {
    throw this.scanOnly(`get ${objectType} ${id}`);
  }

  async getByExternalId(objectType: string, externalId: string): Promise<SystemRecord | undefined> {
    throw this.scanOnly(`get ${objectType} by external id ${externalId}`);
  }

  async findByField(objectType: string, field: string): Promise<SystemRecord[]> {
    throw this.scanOnly(`find ${objectType} by ${field}`);
  }

  async upsert(request: WriteRequest): Promise<WriteResult> {
    throw this.scanOnly(`write ${request.objectType} ${request.externalId}`);
  }

  async describe(): Promise<SystemSchema> {
    return {
      kind: this.kind,
      apiVersion: 'ndjson export',
      objects: Object.keys(this.options.files).map((name) => ({ name, custom: false, fields: [] })),
      configuration: {},
    };
  }

  stats(): ConnectorStats {
    return { requests: this.lines, inFlight: 0, maxInFlight: 0, concurrencyCap: 1, rateLimited: 0 };
  }

  async close(): Promise<void> {}

  private scanOnly(what: string): UserInputError {
    return new UserInputError(
      `${this.system} is an export, read-only and scan-only: cannot ${what}; use the live system's connector`,
    );
  }
}
