import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDropWmsSimulator } from '../../../../sandbox/wms/file-drop-simulator.ts';
import { toError, ValidationRejected } from '../../../model/errors.ts';
import { parseCsv } from './csv.ts';
import {
  type FileDropFolders,
  FileDropInbox,
  type InboundBatch,
  type MalformedRowPolicy,
} from './file-drop-inbox.ts';
import { FileDropOutbox } from './file-drop-outbox.ts';

let root: string;
let folders: FileDropFolders;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-wms-drop-'));
  folders = {
    inbound: join(root, 'inbound'),
    outbound: join(root, 'outbound'),
    archive: join(root, 'archive'),
    rejected: join(root, 'rejected'),
    held: join(root, 'held'),
  };
});
afterEach(() => rm(root, { recursive: true, force: true }));

const SHIPMENTS = [
  'shipment_id,order_reference,carrier,tracking_numbers,shipped_at,sku,quantity,lot',
  'SH-1,SO-1001,"UPS, Ground",1Z001|1Z002,2026-11-28T16:00:00Z,SKU-RED-M,2,',
  'SH-1,SO-1001,"UPS, Ground",1Z001|1Z002,2026-11-28T16:00:00Z,SKU-LOT-VAX,1,LOT-A',
  'SH-2,SO-1002,USPS,9400111,2026-11-28T16:05:00+01:00,SKU-MUG,1,',
  'SH-3,SO-1003,DHL,JD014,2026-11-28T16:10:00Z,SKU-BLUE-M,three,',
  'SH-4,SO-1004,FedEx,7946,2026-11-28T16:20:00Z,SKU-RED-S,1,',
  'SH-4,SO-1004,FedEx,7946,2026-11-28T16:20:00Z,,1,',
  'SH-5,SO-1005,FedEx,7947,2026-11-28T16:30:00Z,SKU-RED-S,4,',
].join('\r\n');

async function drop(name: string, content: string) {
  await writeFile(join(folders.inbound, name), content);
}

async function pollWith(policy: MalformedRowPolicy) {
  const inbox = new FileDropInbox({ system: 'wms-files', folders, onMalformedRow: policy });
  const batches: InboundBatch[] = [];
  await inbox.poll(async () => undefined); // creates the folders
  return {
    batches,
    poll: () => inbox.poll(async (b) => void batches.push(b)),
  };
}

describe('WMS file drop: inbound', () => {
  it('processes the valid rows, writes a rejection file naming file, line, column and reason, and archives', async () => {
    const { batches, poll } = await pollWith('process-rest');
    await drop('shipment-confirmations-20261128.csv', SHIPMENTS);
    const [outcome] = await poll();
    expect(outcome).toMatchObject({ status: 'processed-with-rejections', records: 3 });
    const records = batches[0]!.records;
    expect(records.map((r) => r.id)).toEqual(['SH-1', 'SH-2', 'SH-5']);
    expect(records[0]!.fields).toMatchObject({
      orderReference: 'SO-1001',
      carrier: 'UPS, Ground',
      trackingNumbers: ['1Z001', '1Z002'],
      lines: [
        { sku: 'SKU-RED-M', quantity: 2 },
        { sku: 'SKU-LOT-VAX', quantity: 1, lot: 'LOT-A' },
      ],
    });
    expect(records[1]!.modifiedAt).toBe('2026-11-28T15:05:00.000Z');
    const rejected = parseCsv(
      await readFile(join(folders.rejected, 'shipment-confirmations-20261128.rejected.csv'), 'utf8'),
    );
    expect(rejected.map((r) => r.fields)).toEqual([
      ['file', 'line', 'column', 'value', 'reason'],
      [
        'shipment-confirmations-20261128.csv',
        '5',
        'quantity',
        'three',
        'must be a whole number of at least 1',
      ],
      // SH-4's good line goes down with its bad one: a shipment is never emitted with a line missing.
      [
        'shipment-confirmations-20261128.csv',
        '6',
        'shipment_id',
        'SH-4',
        'rejected with its shipment: line 7 of shipment SH-4 is invalid',
      ],
      ['shipment-confirmations-20261128.csv', '7', 'sku', '', 'is required'],
    ]);
    expect(await readdir(folders.inbound)).toEqual([]);
    expect(await readdir(folders.archive)).toContain('shipment-confirmations-20261128.csv');
  });

  it('holds the whole file when the contract says so: nothing emitted, file and rejection in held/', async () => {
    const { batches, poll } = await pollWith('hold-file');
    await drop('shipment-confirmations-20261128.csv', SHIPMENTS);
    const [outcome] = await poll();
    expect(outcome).toMatchObject({ status: 'held', rejections: 3 });
    expect(batches).toEqual([]);
    expect((await readdir(folders.held)).sort()).toEqual([
      'shipment-confirmations-20261128.csv',
      'shipment-confirmations-20261128.rejected.csv',
    ]);
    expect(await readdir(folders.inbound)).toEqual([]);
    expect((await readdir(folders.archive)).filter((n) => n.endsWith('.csv'))).toEqual([]);
  });

  it('holds a file that is not valid CSV whatever the policy, naming the line', async () => {
    const { batches, poll } = await pollWith('process-rest');
    await drop(
      'stock-snapshot-1.csv',
      'sku,location,on_hand,allocated,available,as_of\nSKU-A,RNO1,5,0,5,2026-11-28T00:00:00Z\n"SKU-B,RNO1,5,0,5,2026-11-28T00:00:00Z\n',
    );
    const [outcome] = await poll();
    expect(outcome?.status).toBe('held');
    expect(batches).toEqual([]);
    const rejection = parseCsv(
      await readFile(join(folders.held, 'stock-snapshot-1.rejected.csv'), 'utf8'),
    )[1]!.fields;
    expect(rejection.slice(0, 2)).toEqual(['stock-snapshot-1.csv', '3']);
    expect(rejection[4]).toContain('unterminated');
  });

  it('reads stock snapshots, refusing a duplicate SKU/location and a wrong field count', async () => {
    const { batches, poll } = await pollWith('process-rest');
    await drop(
      'stock-snapshot-2.csv',
      'sku,location,on_hand,allocated,available,as_of\nSKU-A,RNO1,10,2,8,2026-11-28T00:00:00Z\nSKU-A,RNO1,11,2,9,2026-11-28T00:00:00Z\nSKU-B,PHL2,4,0\nSKU-C,PHL2,0,0,0,2026-11-28T00:00:00Z\n',
    );
    const [outcome] = await poll();
    expect(outcome).toMatchObject({ status: 'processed-with-rejections', records: 2, rejections: 2 });
    expect(batches[0]!.records.map((r) => [r.id, r.fields.onHand])).toEqual([
      ['RNO1:SKU-A', 10],
      ['PHL2:SKU-C', 0],
    ]);
    const reasons = parseCsv(await readFile(join(folders.rejected, 'stock-snapshot-2.rejected.csv'), 'utf8'))
      .slice(1)
      .map((r) => [r.fields[1], r.fields[4]]);
    expect(reasons).toEqual([
      ['3', 'RNO1:SKU-A already appears on line 2'],
      ['4', 'expected 6 fields, found 4'],
    ]);
  });

  it('never processes the same content twice, and leaves a file in place when the handler fails', async () => {
    const inbox = new FileDropInbox({ system: 'wms-files', folders, onMalformedRow: 'process-rest' });
    await inbox.poll(async () => undefined);
    const snapshot =
      'sku,location,on_hand,allocated,available,as_of\nSKU-A,RNO1,1,0,1,2026-11-28T00:00:00Z\n';
    await drop('stock-snapshot-3.csv', snapshot);
    const failed = await inbox.poll(async () => {
      throw new Error('store unavailable');
    });
    expect(failed[0]).toMatchObject({ status: 'failed', error: 'store unavailable' });
    expect(await readdir(folders.inbound)).toEqual(['stock-snapshot-3.csv']);
    let handled = 0;
    expect((await inbox.poll(async () => void handled++))[0]?.status).toBe('processed');
    await drop('stock-snapshot-3-resent.csv', snapshot); // same bytes, new name
    expect((await inbox.poll(async () => void handled++))[0]?.status).toBe('duplicate');
    expect(handled).toBe(1);
    expect(await readdir(folders.inbound)).toEqual([]);
  });

  it('ignores files still being written (*.tmp) and files of unknown types', async () => {
    const { batches, poll } = await pollWith('process-rest');
    await drop('stock-snapshot-4.tmp', 'sku,location');
    await drop('README.csv', 'a,b\n');
    expect(await poll()).toEqual([]);
    expect(batches).toEqual([]);
  });
});

describe('WMS file drop: outbound orders', () => {
  const order = (reference: string) => ({
    reference,
    recipient: {
      name: 'Müller, "Max"',
      email: 'max@example.test',
      address1: '1 Main St\nBack door',
      city: 'Reno',
      postalCode: '89501',
      country: 'US',
    },
    lines: [
      { sku: 'SKU-RED-M', quantity: 2 },
      { sku: 'SKU-MUG', quantity: 1 },
    ],
  });

  it('writes a complete CSV by atomic rename, once per batch, with quoting that survives commas and line breaks', async () => {
    const outbox = new FileDropOutbox({ system: 'wms-files', folders });
    const first = await outbox.sendOrders('run-17', [order('SO-1'), order('SO-2')]);
    expect(first).toMatchObject({ written: true, rows: 4 });
    expect(await readdir(folders.outbound)).toEqual(['orders-run-17.csv']);
    const rows = parseCsv(await readFile(first.file, 'utf8'));
    expect(rows[0]!.fields[0]).toBe('order_reference');
    expect(rows[1]!.fields).toEqual([
      'SO-1',
      'ground',
      'Müller, "Max"',
      'max@example.test',
      '1 Main St\nBack door',
      '',
      'Reno',
      '89501',
      'US',
      'SKU-RED-M',
      '2',
    ]);
    // The WMS takes the file away; a replay of the same batch must not send the orders again.
    await rm(first.file);
    expect((await outbox.sendOrders('run-17', [order('SO-1'), order('SO-2')])).written).toBe(false);
    expect(await readdir(folders.outbound)).toEqual([]);
  });

  it('never shows a reader of the outbound folder a partial file while a large batch is written', async () => {
    const outbox = new FileDropOutbox({ system: 'wms-files', folders });
    const orders = Array.from({ length: 5_000 }, (_, i) => order(`SO-${i}`));
    await mkdir(folders.outbound, { recursive: true });
    let writing = true;
    let sawTmp = 0;
    const seen: number[] = [];
    // A WMS polling the folder as fast as it can while the file is being written.
    const reader = (async () => {
      while (writing) {
        for (const name of await readdir(folders.outbound)) {
          if (name.endsWith('.tmp')) sawTmp += 1;
          if (!name.endsWith('.csv')) continue;
          const text = await readFile(join(folders.outbound, name), 'utf8').catch(() => '');
          seen.push(text === '' ? 0 : parseCsv(text).length);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    await outbox.sendOrders('big', orders);
    writing = false;
    await reader;
    // Not asserted (it depends on scheduling), but in practice the reader sees the .tmp many times;
    // with a writer that writes the .csv in place, this test fails on a partial read.
    void sawTmp;
    expect(seen.every((rows) => rows === 1 + 2 * orders.length)).toBe(true);
  });

  it('refuses an invalid order before writing anything', async () => {
    const outbox = new FileDropOutbox({ system: 'wms-files', folders });
    const bad = { ...order('SO-3'), lines: [{ sku: 'SKU-MUG', quantity: 0 }] };
    const error = await outbox.sendOrders('run-18', [order('SO-2'), bad]).then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('SO-3');
    // Validation comes first: not even the outbound folder was created.
    expect(await readdir(folders.outbound).catch(() => [])).toEqual([]);
  });
});

describe('WMS file drop: round trip with the warehouse simulator', () => {
  it('sends orders out, and reads back one shipment per order and the lowered stock', async () => {
    const outbox = new FileDropOutbox({ system: 'wms-files', folders });
    const inbox = new FileDropInbox({ system: 'wms-files', folders, onMalformedRow: 'hold-file' });
    await inbox.poll(async () => undefined);
    const floor = new FileDropWmsSimulator({
      outbound: folders.outbound,
      inbound: folders.inbound,
      stock: { 'SKU-MUG': 10, 'SKU-RED-M': 5 },
    });
    await outbox.sendOrders('rt-1', [
      {
        reference: 'SO-A',
        recipient: { name: 'A', address1: '1 St', city: 'Reno', postalCode: '1', country: 'US' },
        lines: [{ sku: 'SKU-MUG', quantity: 3 }],
      },
      {
        reference: 'SO-B',
        recipient: { name: 'B', address1: '2 St', city: 'Reno', postalCode: '2', country: 'US' },
        lines: [
          { sku: 'SKU-MUG', quantity: 1 },
          { sku: 'SKU-RED-M', quantity: 2 },
        ],
      },
    ]);
    expect(await floor.run(new Date('2026-11-28T18:00:00Z'))).toMatchObject({ orders: 2 });
    expect(await readdir(folders.outbound)).toEqual([]);
    const batches: InboundBatch[] = [];
    const outcomes = await inbox.poll(async (b) => void batches.push(b));
    expect(outcomes.map((o) => o.status)).toEqual(['processed', 'processed']);
    const shipments = batches.find((b) => b.objectType === 'shipment')!.records;
    expect(shipments.map((r) => [r.fields.orderReference, (r.fields.lines as unknown[]).length])).toEqual([
      ['SO-A', 1],
      ['SO-B', 2],
    ]);
    const stock = batches.find((b) => b.objectType === 'stockLevel')!.records;
    expect(stock.map((r) => [r.fields.sku, r.fields.onHand])).toEqual([
      ['SKU-MUG', 6],
      ['SKU-RED-M', 3],
    ]);
  });
});
