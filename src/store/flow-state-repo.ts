/** Flow pause state, part of the store port (see `store.ts`). */
import type { IsoTime } from './store.ts';

export interface FlowState {
  flow: string;
  paused: boolean;
  reason?: string | undefined;
  updatedBy?: string | undefined;
  updatedAt?: IsoTime | undefined;
}

export interface FlowStateRepo {
  /** A flow never paused reads as `{ paused: false }`. */
  get(flow: string): Promise<FlowState>;
  pause(flow: string, input: { reason: string; by: string }): Promise<FlowState>;
  resume(flow: string, input: { by: string }): Promise<FlowState>;
}
