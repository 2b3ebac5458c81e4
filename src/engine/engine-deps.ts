/** What the pipeline's parts share: the store, the queue, the clock and the logger. */
import type { Queue } from '../queue/queue.ts';
import type { Clock } from '../store/clock.ts';
import type { Store } from '../store/store.ts';
import type { EngineLogger } from './engine-events.ts';

export interface EngineDeps {
  store: Store;
  queue: Queue;
  clock: Clock;
  logger: EngineLogger;
}
