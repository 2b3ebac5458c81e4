/**
 * The warehouse's view of an order: every NetSuite sales order is sent to the WMS as an outbound
 * order referenced by its document number; a fulfilled one has a confirmed shipment with the
 * carrier's tracking number (in that carrier's format) and the shipped lines.
 */
import type { GenerationContext } from './generation-context.ts';
import { wmsOrder, wmsShipment } from './shapes/wms-shapes.ts';
import type { TruthOrder } from './truth.ts';

/** The carrier each region's parcels leave with; NetSuite has a shipping item of each name. */
export const CARRIERS = { us: 'UPS', eu: 'DHL', uk: 'Royal Mail', jp: 'Japan Post', kw: 'Aramex' } as const;

export function projectWms(
  ctx: GenerationContext,
  o: TruthOrder,
  salesOrderTranId: string,
  at: number,
): void {
  const rng = ctx.rng;
  const customer = ctx.customer(o.customerKey);
  const wmsId = `ord_${(o.index + 1).toString(16).padStart(8, '0')}`;
  const wmsLines = o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const shippedAt = at + rng.int(6, 72) * 3_600_000;
  ctx.emit(
    'wms/orders',
    wmsOrder({
      id: wmsId,
      reference: salesOrderTranId,
      customer,
      lines: wmsLines,
      status: o.fulfilled ? 'shipped' : 'allocated',
      express: rng.chance(0.15),
      createdAt: at + 60_000,
      updatedAt: o.fulfilled ? shippedAt : at + 60_000,
    }),
  );
  if (o.fulfilled) {
    ctx.emit(
      'wms/shipments',
      wmsShipment({
        id: `shp_${(o.index + 1).toString(16).padStart(8, '0')}`,
        orderId: wmsId,
        orderReference: salesOrderTranId,
        carrier: CARRIERS[o.region],
        trackingNumbers: [trackingNumber(ctx, o.region)],
        shippedAt,
        lines: wmsLines,
      }),
    );
  }
}

function trackingNumber(ctx: GenerationContext, region: TruthOrder['region']): string {
  const rng = ctx.idRng;
  switch (region) {
    case 'us':
      return `1Z${rng.alphanumeric(6).toUpperCase()}${rng.digits(10)}`;
    case 'uk':
      return `${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${rng.digits(9)}GB`;
    case 'jp':
      return rng.digits(12);
    case 'kw':
      return rng.digits(11);
    default:
      return rng.digits(10);
  }
}
