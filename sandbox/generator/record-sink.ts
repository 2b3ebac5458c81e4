/**
 * Where generated records go. The generator pushes each record to a sink by path
 * (`netsuite/salesOrder`, `shopify/accord-goods-eu/orders`…) as it is made, so a million records
 * never sit in memory at once: `NdjsonDirectorySink` appends them to `<dir>/<path>.ndjson` through
 * a bounded buffer per file; `MemorySink` keeps them (tests, small sandboxes).
 *
 * @example
 *   const sink = new NdjsonDirectorySink('/tmp/business');
 *   sink.write('stripe/payment_intents', { id: 'pi_…' });
 *   sink.close();
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RecordSink {
  write(path: string, record: unknown): void;
}

export class MemorySink implements RecordSink {
  readonly records = new Map<string, unknown[]>();

  write(path: string, record: unknown): void {
    let list = this.records.get(path);
    if (!list) {
      list = [];
      this.records.set(path, list);
    }
    list.push(record);
  }
}

/** Flush a file's buffer at this size: large enough for few syscalls, small enough to bound memory. */
const FLUSH_AT = 1 << 20;

export class NdjsonDirectorySink implements RecordSink {
  private readonly files = new Map<string, { fd: number; buffer: string[]; size: number }>();
  private readonly written: string[] = [];

  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  write(path: string, record: unknown): void {
    let file = this.files.get(path);
    if (!file) {
      const target = join(this.directory, `${path}.ndjson`);
      mkdirSync(dirname(target), { recursive: true });
      file = { fd: openSync(target, 'w'), buffer: [], size: 0 };
      this.files.set(path, file);
      this.written.push(`${path}.ndjson`);
    }
    const line = `${JSON.stringify(record)}\n`;
    file.buffer.push(line);
    file.size += line.length;
    if (file.size >= FLUSH_AT) this.flush(file);
  }

  /** Paths written, relative to the directory, in first-written order. */
  paths(): string[] {
    return [...this.written];
  }

  close(): void {
    for (const file of this.files.values()) {
      this.flush(file);
      closeSync(file.fd);
    }
    this.files.clear();
  }

  private flush(file: { fd: number; buffer: string[]; size: number }): void {
    if (file.buffer.length === 0) return;
    writeSync(file.fd, file.buffer.join(''));
    file.buffer = [];
    file.size = 0;
  }
}
