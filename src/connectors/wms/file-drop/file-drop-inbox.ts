/**
 * Reads what the WMS drops in the inbound folder: shipment confirmations and stock snapshots.
 *
 * Each file is read whole, parsed and validated BEFORE anything is emitted — never a half-read
 * file. Then, per the contract's `onMalformedRow`:
 * - `process-rest`: the valid records are handed over, the bad rows go to
 *   `rejected/<name>.rejected.csv` (file, line, column, value, reason), the file is archived;
 * - `hold-file`: nothing is handed over; the file moves to `held/` with its rejection file beside
 *   it, for a person to fix and drop again.
 * A file that is not valid CSV (unterminated quote…) or has a wrong header is always held.
 *
 * The handler runs before the file is archived: if it throws, the file stays in the inbound folder
 * and is read again next poll (at least once). A file whose content hash is in the archive ledger
 * is not processed twice — it is moved to the archive as a duplicate.
 *
 * @example
 *   const inbox = new FileDropInbox({ system: 'wms-files', folders, onMalformedRow: 'process-rest' });
 *   const outcomes = await inbox.poll(async (batch) => engine.capture(batch.records));
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { toError } from '../../../model/errors.ts';
import type { SystemRecord } from '../../connector.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { CsvSyntaxError, formatCsv, parseCsv } from './csv.ts';
import { INBOUND_FORMATS, type InboundFormat, type Rejection, type Row } from './file-drop-formats.ts';

export type MalformedRowPolicy = 'process-rest' | 'hold-file';

export interface FileDropFolders {
  inbound: string;
  outbound: string;
  archive: string;
  rejected: string;
  held: string;
}

export interface FileDropInboxOptions {
  system: string;
  folders: FileDropFolders;
  onMalformedRow: MalformedRowPolicy;
}

export interface InboundBatch {
  file: string;
  /** SHA-256 of the file's bytes. */
  hash: string;
  objectType: 'shipment' | 'stockLevel';
  records: SystemRecord[];
  rejections: Rejection[];
}

export type FileStatus = 'processed' | 'processed-with-rejections' | 'held' | 'duplicate' | 'failed';

export interface FileOutcome {
  file: string;
  status: FileStatus;
  records: number;
  rejections: number;
  rejectionFile?: string | undefined;
  /** Why a file failed (the handler threw); it stays in the inbound folder. */
  error?: string | undefined;
}

const LEDGER = '.accord-ledger.jsonl';

export class FileDropInbox {
  constructor(private readonly options: FileDropInboxOptions) {}

  /** Processes every complete inbound file once, oldest name first. */
  async poll(handle: (batch: InboundBatch) => Promise<void>): Promise<FileOutcome[]> {
    const { folders } = this.options;
    await Promise.all(Object.values(folders).map((dir) => mkdir(dir, { recursive: true })));
    const done = await this.ledger();
    const names = (await readdir(folders.inbound))
      .filter((n) => n.endsWith('.csv') && !n.startsWith('.'))
      .sort();
    const outcomes: FileOutcome[] = [];
    for (const name of names) {
      const format = INBOUND_FORMATS.find((f) => f.pattern.test(name));
      if (!format) continue; // not ours: another process may own it
      const path = join(folders.inbound, name);
      if (!(await stat(path)).isFile()) continue;
      outcomes.push(await this.processFile(name, path, format, done, handle));
    }
    return outcomes;
  }

  private async processFile(
    name: string,
    path: string,
    format: InboundFormat,
    done: Set<string>,
    handle: (batch: InboundBatch) => Promise<void>,
  ): Promise<FileOutcome> {
    const { folders } = this.options;
    const bytes = await readFile(path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (done.has(hash)) {
      await rename(path, await this.freeName(folders.archive, `${name}.duplicate`));
      return { file: name, status: 'duplicate', records: 0, rejections: 0 };
    }
    const read = readRows(name, bytes, format);
    if ('fileError' in read) return this.hold(name, path, [read.fileError], 0);
    const { records, rejections } = format.validate(read.rows, name);
    if (rejections.length > 0 && this.options.onMalformedRow === 'hold-file') {
      return this.hold(name, path, rejections, records.length);
    }
    try {
      await handle({ file: name, hash, objectType: format.objectType, records, rejections });
    } catch (thrown) {
      return {
        file: name,
        status: 'failed',
        records: records.length,
        rejections: rejections.length,
        error: toError(thrown).message,
      };
    }
    let rejectionFile: string | undefined;
    if (rejections.length > 0) rejectionFile = await this.writeRejections(folders.rejected, name, rejections);
    const archivedAs = await this.freeName(folders.archive, name);
    await appendFile(
      join(folders.archive, LEDGER),
      `${JSON.stringify({ hash, file: name, archivedAs: basename(archivedAs), records: records.length, rejections: rejections.length, at: new Date().toISOString() })}\n`,
    );
    await rename(path, archivedAs);
    done.add(hash);
    return {
      file: name,
      status: rejections.length > 0 ? 'processed-with-rejections' : 'processed',
      records: records.length,
      rejections: rejections.length,
      rejectionFile,
    };
  }

  private async hold(
    name: string,
    path: string,
    rejections: Rejection[],
    valid: number,
  ): Promise<FileOutcome> {
    const { held } = this.options.folders;
    const rejectionFile = await this.writeRejections(held, name, rejections);
    await rename(path, await this.freeName(held, name));
    return { file: name, status: 'held', records: valid, rejections: rejections.length, rejectionFile };
  }

  private async writeRejections(
    dir: string,
    name: string,
    rejections: readonly Rejection[],
  ): Promise<string> {
    const path = join(dir, name.replace(/\.csv$/, '.rejected.csv'));
    const rows = [
      ['file', 'line', 'column', 'value', 'reason'],
      ...rejections.map((r) => [r.file, String(r.line), r.column, r.value, r.reason]),
    ];
    await writeFileAtomic(path, formatCsv(rows));
    return path;
  }

  /** `dir/name`, or `dir/<stem>.<n>.csv` when a file of that name is already there. */
  private async freeName(dir: string, name: string): Promise<string> {
    const existing = new Set(await readdir(dir));
    if (!existing.has(name)) return join(dir, name);
    for (let n = 2; ; n++) {
      const candidate = name.replace(/(\.csv)?$/, `.${n}$1`);
      if (!existing.has(candidate)) return join(dir, candidate);
    }
  }

  private async ledger(): Promise<Set<string>> {
    const text = await readFile(join(this.options.folders.archive, LEDGER), 'utf8').catch(() => '');
    return new Set(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { hash: string }).hash),
    );
  }
}

/** Decodes, parses and checks the header; rows with the wrong field count are rejected here. */
function readRows(
  file: string,
  bytes: Buffer,
  format: InboundFormat,
): { rows: Row[] } | { fileError: Rejection } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { fileError: { file, line: 0, column: '', value: '', reason: 'the file is not UTF-8 text' } };
  }
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      fileError: {
        file,
        line: error.line,
        column: `character ${error.column}`,
        value: '',
        reason: error.reason,
      },
    };
  }
  const header = records[0]?.fields.map((h) => h.trim().toLowerCase());
  if (!header)
    return {
      fileError: {
        file,
        line: 1,
        column: '',
        value: '',
        reason: 'the file is empty; a header line is required',
      },
    };
  const expected = Object.keys(format.columns);
  const missing = expected.filter((c) => !header.includes(c) && !format.optionalColumns.includes(c));
  const unknown = header.filter((h) => !expected.includes(h));
  const width = header.length;
  // An optional column absent from the header reads as empty on every row.
  for (const c of format.optionalColumns) if (!header.includes(c)) header.push(c);
  if (missing.length || unknown.length) {
    return {
      fileError: {
        file,
        line: 1,
        column: [...missing, ...unknown].join('|'),
        value: records[0]!.fields.join(','),
        reason: `header must have the columns ${expected.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
      },
    };
  }
  const rows: Row[] = [];
  for (const record of records.slice(1)) {
    const values = Object.fromEntries(header.map((h, i) => [h, record.fields[i] ?? '']));
    const defect =
      record.fields.length === width
        ? undefined
        : {
            file,
            line: record.line,
            column: '',
            value: record.fields.join(','),
            reason: `expected ${width} fields, found ${record.fields.length}`,
          };
    rows.push({ line: record.line, values, ...(defect ? { defect } : {}) });
  }
  return { rows };
}
