/**
 * The 3PL's WMS in the sandbox: the REST simulator with a fixed API key. Its own demo seed
 * (SEED-1…4) is cleared; generated orders, shipments and stock levels are already its JSON.
 * Snapshots: the three tables as JSON.
 */
import { randomBytes } from 'node:crypto';
import { readBusinessRecords } from '../../generator/index.ts';
import { startWmsSimulator, type WmsSimulator } from '../../wms/wms-simulator.ts';
import type { StockLevel, WmsOrder, WmsShipment } from '../../wms/wms-store.ts';
import type { StartContext, SystemDriver } from '../sandbox-system.ts';
import { readState, writeState } from './json-state.ts';

const FORMAT = 'accord-wms/1';
interface WmsState {
  orders: WmsOrder[];
  shipments: WmsShipment[];
  stockLevels: StockLevel[];
}

export const wmsDriver: SystemDriver<WmsSimulator> = {
  name: 'wms',
  newCredentials: () => ({ apiKey: `wms_sbx_${randomBytes(16).toString('hex')}` }),
  async start({ port, credentials, source }: StartContext) {
    const sim = await startWmsSimulator({ apiKey: credentials.apiKey ?? '', ...(port ? { port } : {}) });
    const { orders, shipments, stock } = sim.store;
    orders.clear();
    shipments.clear();
    stock.clear();
    try {
      let state: WmsState;
      if (source.kind === 'generated') {
        state = { orders: [], shipments: [], stockLevels: [] };
        for (const key of ['orders', 'shipments', 'stockLevels'] as const) {
          for await (const r of readBusinessRecords(source.dir, `wms/${key}`))
            (state[key] as unknown[]).push(r);
        }
      } else state = await readState<WmsState>(source.file, FORMAT);
      for (const o of state.orders) orders.set(o.id, o);
      for (const s of state.shipments) shipments.set(s.id, s);
      for (const l of state.stockLevels) stock.set(l.id, l);
    } catch (error) {
      await sim.close();
      throw error;
    }
    return {
      name: 'wms',
      url: sim.url,
      port: Number(new URL(sim.url).port),
      credentials: { apiKey: credentials.apiKey ?? '' },
      env: { WMS_API_TOKEN: credentials.apiKey ?? '' },
      sim,
      snapshot: (file) =>
        writeState(file, FORMAT, {
          orders: [...orders.values()],
          shipments: [...shipments.values()],
          stockLevels: [...stock.values()],
        }),
      close: () => sim.close(),
    };
  },
};
