/**
 * The CSV layouts of the file-drop WMS, and the validation of each row into records shaped like
 * the REST variant's (so one contract mapping serves both variants):
 * - inbound `shipment-confirmations-*.csv`: one row per shipped line, grouped by `shipment_id`;
 * - inbound `stock-snapshot-*.csv`: one row per SKU and location;
 * - outbound `orders-*.csv`: one row per order line.
 *
 * A shipment is all-or-nothing: when one of its rows is rejected, every row of that shipment is
 * rejected too, so a confirmation is never emitted with a line silently missing.
 *
 * @example
 *   const { records, rejections } = INBOUND_FORMATS.shipment.validate(rows, 'shipment-confirmations-1.csv');
 */
import type { SystemRecord } from '../../connector.ts';

/** One refused row: what the `<name>.rejected.csv` file lists. */
export interface Rejection {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface Row {
  line: number;
  values: Record<string, string>;
  /** Set when the row could not even be split into the header's columns. */
  defect?: Rejection | undefined;
}

type Check = (value: string) => string | undefined;

const required: Check = (v) => (v.trim() === '' ? 'is required' : undefined);
const wholeNumber =
  (min: number): Check =>
  (v) =>
    /^\d+$/.test(v.trim()) && Number(v) >= min && Number.isSafeInteger(Number(v))
      ? undefined
      : `must be a whole number of at least ${min}`;
const instant: Check = (v) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v.trim()) &&
  !Number.isNaN(Date.parse(v))
    ? undefined
    : 'must be an ISO-8601 instant with a zone, such as 2026-11-28T16:00:00Z';
const optional: Check = () => undefined;

export interface InboundFormat {
  objectType: 'shipment' | 'stockLevel';
  /** File names this format reads. */
  pattern: RegExp;
  columns: Record<string, Check>;
  /** Columns the header may leave out. */
  optionalColumns: readonly string[];
  validate(rows: readonly Row[], file: string): { records: SystemRecord[]; rejections: Rejection[] };
}

/** Checks each row's columns; returns rows that passed and the rejections of those that did not. */
function checkColumns(rows: readonly Row[], file: string, columns: Record<string, Check>) {
  const good: Row[] = [];
  const rejections: Rejection[] = [];
  for (const row of rows) {
    if (row.defect) {
      rejections.push(row.defect);
      continue;
    }
    const problems = Object.entries(columns).flatMap(([column, check]) => {
      const value = row.values[column] ?? '';
      const reason = check(value);
      return reason ? [{ file, line: row.line, column, value, reason }] : [];
    });
    if (problems.length) rejections.push(...problems);
    else good.push(row);
  }
  return { good, rejections };
}

const shipmentColumns: Record<string, Check> = {
  shipment_id: required,
  order_reference: required,
  carrier: required,
  tracking_numbers: required,
  shipped_at: instant,
  sku: required,
  quantity: wholeNumber(1),
  lot: optional,
};
const SHIPMENT_LEVEL = ['order_reference', 'carrier', 'tracking_numbers', 'shipped_at'] as const;

const shipmentFormat: InboundFormat = {
  objectType: 'shipment',
  pattern: /^shipment-confirmations-.*\.csv$/,
  columns: shipmentColumns,
  optionalColumns: ['lot'],
  validate(rows, file) {
    const { good, rejections } = checkColumns(rows, file, shipmentColumns);
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const id = row.values.shipment_id ?? '';
      groups.set(id, [...(groups.get(id) ?? []), row]);
    }
    const records: SystemRecord[] = [];
    for (const [id, group] of groups) {
      const first = group[0]!;
      // Shipment-level columns must agree on every line of one shipment.
      for (const row of group.slice(1)) {
        for (const column of SHIPMENT_LEVEL) {
          if (row.values[column] !== first.values[column] && good.includes(row)) {
            rejections.push({
              file,
              line: row.line,
              column,
              value: row.values[column] ?? '',
              reason: `differs from line ${first.line} of the same shipment ${id} (${first.values[column]})`,
            });
            good.splice(good.indexOf(row), 1);
          }
        }
      }
      const bad = group.filter((r) => !good.includes(r));
      if (bad.length > 0) {
        for (const row of group.filter((r) => good.includes(r))) {
          rejections.push({
            file,
            line: row.line,
            column: 'shipment_id',
            value: id,
            reason: `rejected with its shipment: line ${bad[0]!.line} of shipment ${id} is invalid`,
          });
        }
        continue;
      }
      const shippedAt = new Date(first.values.shipped_at!).toISOString();
      records.push({
        objectType: 'shipment',
        id,
        modifiedAt: shippedAt,
        fields: {
          id,
          orderReference: first.values.order_reference,
          status: 'confirmed',
          carrier: first.values.carrier,
          trackingNumbers: first.values
            .tracking_numbers!.split('|')
            .map((t) => t.trim())
            .filter(Boolean),
          shippedAt,
          lines: group.map((r) => ({
            sku: r.values.sku,
            quantity: Number(r.values.quantity),
            ...(r.values.lot ? { lot: r.values.lot } : {}),
          })),
          updatedAt: shippedAt,
        },
      });
    }
    rejections.sort((a, b) => a.line - b.line);
    return { records, rejections };
  },
};

const stockColumns: Record<string, Check> = {
  sku: required,
  location: required,
  on_hand: wholeNumber(0),
  allocated: wholeNumber(0),
  available: wholeNumber(0),
  as_of: instant,
};

const stockFormat: InboundFormat = {
  objectType: 'stockLevel',
  pattern: /^stock-snapshot-.*\.csv$/,
  columns: stockColumns,
  optionalColumns: [],
  validate(rows, file) {
    const { good, rejections } = checkColumns(rows, file, stockColumns);
    const seen = new Map<string, number>();
    const records: SystemRecord[] = [];
    for (const row of good) {
      const v = row.values;
      const id = `${v.location}:${v.sku}`;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        rejections.push({
          file,
          line: row.line,
          column: 'sku',
          value: v.sku!,
          reason: `${id} already appears on line ${earlier}`,
        });
        continue;
      }
      if (Number(v.available) > Number(v.on_hand)) {
        rejections.push({
          file,
          line: row.line,
          column: 'available',
          value: v.available!,
          reason: `exceeds on_hand (${v.on_hand})`,
        });
        continue;
      }
      seen.set(id, row.line);
      const asOf = new Date(v.as_of!).toISOString();
      records.push({
        objectType: 'stockLevel',
        id,
        modifiedAt: asOf,
        fields: {
          id,
          sku: v.sku,
          location: v.location,
          onHand: Number(v.on_hand),
          allocated: Number(v.allocated),
          available: Number(v.available),
          updatedAt: asOf,
        },
      });
    }
    rejections.sort((a, b) => a.line - b.line);
    return { records, rejections };
  },
};

export const INBOUND_FORMATS: readonly InboundFormat[] = [shipmentFormat, stockFormat];

/** Outbound order file columns, one row per order line. */
export const ORDER_COLUMNS = [
  'order_reference',
  'shipping_method',
  'recipient_name',
  'recipient_email',
  'address1',
  'address2',
  'city',
  'postal_code',
  'country',
  'sku',
  'quantity',
] as const;
