/**
 * Sends outbound orders to a file-drop WMS: one CSV per batch in the outbound folder, written as
 * `orders-<batch>.tmp` and renamed to `orders-<batch>.csv` only when complete, so the WMS never
 * picks up a half-written file. Every order is validated before a byte is written. A batch id
 * already sent (kept in the archive folder's ledger) is not written again, even after the WMS
 * has taken the file away.
 *
 * @example
 *   const outbox = new FileDropOutbox({ system: 'wms-files', folders });
 *   await outbox.sendOrders('2026-11-28T14-00-run-17', [{ reference: 'SO-1', recipient, lines }]);
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputError, ValidationRejected } from '../../../model/errors.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { formatCsv } from './csv.ts';
import { ORDER_COLUMNS } from './file-drop-formats.ts';
import type { FileDropFolders } from './file-drop-inbox.ts';

export interface OutboundOrder {
  reference: string;
  shippingMethod?: string | undefined;
  recipient: {
    name: string;
    email?: string | null | undefined;
    address1: string;
    address2?: string | null | undefined;
    city: string;
    postalCode: string;
    country: string;
  };
  lines: readonly { sku: string; quantity: number }[];
}

export interface SendResult {
  file: string;
  /** False when this batch had already been sent: nothing was written. */
  written: boolean;
  rows: number;
}

const SENT_LEDGER = '.accord-sent.jsonl';

export class FileDropOutbox {
  constructor(
    private readonly options: { system: string; folders: Pick<FileDropFolders, 'outbound' | 'archive'> },
  ) {}

  async sendOrders(batchId: string, orders: readonly OutboundOrder[]): Promise<SendResult> {
    const { system, folders } = this.options;
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(batchId)) {
      throw new UserInputError(
        `${system}: batch id "${batchId}" must be 1–100 letters, digits, '.', '_' or '-' (it names a file)`,
      );
    }
    const rows = orders.flatMap((order) => this.rowsOf(order));
    const file = join(folders.outbound, `orders-${batchId}.csv`);
    await mkdir(folders.outbound, { recursive: true });
    await mkdir(folders.archive, { recursive: true });
    const ledger = join(folders.archive, SENT_LEDGER);
    const sent = await readFile(ledger, 'utf8').catch(() => '');
    if (
      sent.split('\n').some((line) => line && (JSON.parse(line) as { batchId: string }).batchId === batchId)
    ) {
      return { file, written: false, rows: rows.length };
    }
    await writeFileAtomic(file, formatCsv([[...ORDER_COLUMNS], ...rows]));
    await appendFile(
      ledger,
      `${JSON.stringify({ batchId, file, rows: rows.length, at: new Date().toISOString() })}\n`,
    );
    return { file, written: true, rows: rows.length };
  }

  private rowsOf(order: OutboundOrder): string[][] {
    const where = { system: this.options.system, recordId: order.reference };
    const refuse = (field: string, why: string) =>
      new ValidationRejected(
        `${where.system}: order ${order.reference}, ${field} ${why}`,
        { path: field },
        where,
      );
    if (!order.reference?.trim()) throw refuse('reference', 'is required');
    if (!order.recipient?.name?.trim()) throw refuse('recipient.name', 'is required');
    if (!/^[A-Z]{2}$/.test(order.recipient.country ?? ''))
      throw refuse('recipient.country', 'must be an ISO 3166-1 alpha-2 code');
    if (!order.lines?.length) throw refuse('lines', 'must list at least one line');
    return order.lines.map((line, i) => {
      if (!line.sku?.trim()) throw refuse(`lines[${i}].sku`, 'is required');
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
        throw refuse(`lines[${i}].quantity`, 'must be a whole number of at least 1');
      const r = order.recipient;
      return [
        order.reference,
        order.shippingMethod ?? 'ground',
        r.name,
        r.email ?? '',
        r.address1,
        r.address2 ?? '',
        r.city,
        r.postalCode,
        r.country,
        line.sku,
        String(line.quantity),
      ];
    });
  }
}
