/**
 * The warehouse side of a file-drop integration, for tests and `accord sandbox`: it takes the
 * order files Accord leaves in the outbound folder (ignoring `*.tmp`, as a real WMS poller must),
 * removes them as a 3PL's SFTP job does, ships every order, and drops shipment confirmations and a
 * stock snapshot into the inbound folder — itself writing `.tmp` then renaming.
 *
 * @example
 *   const floor = new FileDropWmsSimulator({ outbound, inbound, stock: { 'SKU-MUG': 10 } });
 *   const { shipments } = await floor.run();
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsv, parseCsv } from '../../src/connectors/wms/file-drop/csv.ts';

export interface FileDropWmsSimulatorOptions {
  /** Accord's outbound folder: where the WMS reads orders. */
  outbound: string;
  /** Accord's inbound folder: where the WMS writes confirmations and snapshots. */
  inbound: string;
  /** On-hand stock per SKU at location RNO1. */
  stock: Record<string, number>;
  carrier?: string;
}

export class FileDropWmsSimulator {
  private runs = 0;
  readonly stock: Record<string, number>;

  constructor(private readonly options: FileDropWmsSimulatorOptions) {
    this.stock = { ...options.stock };
  }

  /** One pass of the warehouse: read orders, ship them, report shipments and stock. */
  async run(now: Date = new Date()): Promise<{ orders: number; shipments: number; files: string[] }> {
    this.runs += 1;
    const names = (await readdir(this.options.outbound)).filter((n) => n.endsWith('.csv')).sort();
    const orders = new Map<string, { sku: string; quantity: number }[]>();
    for (const name of names) {
      const path = join(this.options.outbound, name);
      const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
      const col = (fields: string[], column: string) => fields[header!.fields.indexOf(column)] ?? '';
      for (const row of rows) {
        const reference = col(row.fields, 'order_reference');
        orders.set(reference, [
          ...(orders.get(reference) ?? []),
          { sku: col(row.fields, 'sku'), quantity: Number(col(row.fields, 'quantity')) },
        ]);
      }
      await rm(path);
    }
    const stamp = `${now.toISOString().replace(/[-:.]/g, '')}-${this.runs}`;
    const shippedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const shipmentRows = [
      [
        'shipment_id',
        'order_reference',
        'carrier',
        'tracking_numbers',
        'shipped_at',
        'sku',
        'quantity',
        'lot',
      ],
    ];
    for (const [reference, lines] of orders) {
      const tracking = `1Z${createHash('sha256').update(reference).digest('hex').slice(0, 12).toUpperCase()}`;
      for (const line of lines) {
        shipmentRows.push([
          `SH-${reference}`,
          reference,
          this.options.carrier ?? 'UPS',
          tracking,
          shippedAt,
          line.sku,
          String(line.quantity),
          '',
        ]);
        this.stock[line.sku] = Math.max(0, (this.stock[line.sku] ?? 0) - line.quantity);
      }
    }
    const files: string[] = [];
    if (orders.size > 0)
      files.push(await this.drop(`shipment-confirmations-${stamp}.csv`, formatCsv(shipmentRows)));
    const stockRows = [['sku', 'location', 'on_hand', 'allocated', 'available', 'as_of']];
    for (const [sku, onHand] of Object.entries(this.stock).sort()) {
      stockRows.push([sku, 'RNO1', String(onHand), '0', String(onHand), shippedAt]);
    }
    files.push(await this.drop(`stock-snapshot-${stamp}.csv`, formatCsv(stockRows)));
    return { orders: orders.size, shipments: orders.size, files };
  }

  private async drop(name: string, content: string): Promise<string> {
    const path = join(this.options.inbound, name);
    const tmp = path.replace(/\.csv$/, '.tmp');
    await writeFile(tmp, content);
    await rename(tmp, path);
    return path;
  }
}
