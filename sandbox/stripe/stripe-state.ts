/**
 * The simulated Stripe account's data: objects by id, per-type creation order (Stripe lists are
 * newest first), the event log and the clock. Objects are plain JSON records shaped like the
 * API's, so a response is the stored object (plus expansions), never a re-mapping.
 */
import { seededRandom } from '../shared/simulator-server.ts';

export type StripeObject = Record<string, unknown> & { id: string; object: string; created: number };

/** Real id prefixes: `cus_`, `pi_`, `ch_`, `re_`, `in_`, `ii_`, `txn_`, `evt_`, `we_`, `req_`. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class StripeState {
  readonly objects = new Map<string, StripeObject>();
  private readonly order = new Map<string, string[]>();
  private readonly random: () => number;
  /** Events newest last; the events route lists them newest first, as Stripe does. */
  readonly events: StripeObject[] = [];
  private readonly listeners: Array<(event: StripeObject) => void> = [];

  constructor(
    seed: number,
    readonly clock: () => number,
    readonly apiVersion: string,
  ) {
    this.random = seededRandom(seed);
  }

  /** Unix seconds, as every Stripe `created` field. */
  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  newId(prefix: string, length = 24): string {
    let id = `${prefix}_`;
    for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
    return id;
  }

  insert(object: StripeObject): StripeObject {
    this.objects.set(object.id, object);
    const ids = this.order.get(object.object) ?? [];
    ids.push(object.id);
    this.order.set(object.object, ids);
    return object;
  }

  get(type: string, id: string): StripeObject | undefined {
    const found = this.objects.get(id);
    return found && found.object === type ? found : undefined;
  }

  /** Every object of a type, newest first (Stripe's list order). */
  all(type: string): StripeObject[] {
    const ids = this.order.get(type) ?? [];
    const out: StripeObject[] = [];
    for (let i = ids.length - 1; i >= 0; i--) out.push(this.objects.get(ids[i]!)!);
    return out;
  }

  onEvent(listener: (event: StripeObject) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Records an event for a state change: `data.object` is a snapshot of the object after the
   * change, `previous_attributes` the changed fields' earlier values (as Stripe's `*.updated`).
   */
  emit(
    type: string,
    object: StripeObject,
    request: { id: string | null; idempotency_key: string | null },
    previous?: Record<string, unknown>,
  ): StripeObject {
    const data: Record<string, unknown> = { object: structuredClone(object) };
    if (previous && Object.keys(previous).length > 0) data.previous_attributes = previous;
    const event = this.insert({
      id: this.newId('evt', 24),
      object: 'event',
      api_version: this.apiVersion,
      created: this.nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: 0,
      request,
      type,
    });
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }
}
