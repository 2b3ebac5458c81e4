/**
 * De-duplication, as a pure policy over one group's state: one broken mapping is one alert, then
 * "N more since …" once per window, never ten thousand messages.
 *
 * A group is (flow, kind, fingerprint). Within a window (default 15 minutes):
 * - the first event of a quiet group is sent at once and opens a window;
 * - later events in the window are counted, not sent (`unsent`);
 * - when the window has passed, the held-back count goes out as one follow-up ("N more since
 *   <windowStart>") — either with the next event, or from `flush` if no event comes — and a new
 *   window opens. A group with nothing held back whose window has passed is quiet again.
 *
 * @example
 *   const step = onEvent(undefined, key, sample, now, 900_000); // step.emit = { count: 1, followUp: false }
 */
export interface AlertGroupKey {
  flow: string;
  kind: string;
  fingerprint: string;
}

/** The durable state of one group (what `AlertStateRepo` stores). */
export interface AlertGroup extends AlertGroupKey {
  /** When the current window began (ms since epoch). */
  windowStart: number;
  /** Events in the current window not yet sent. */
  unsent: number;
  /** Events ever seen in this group. */
  total: number;
  /** The latest event, as the follow-up will describe it (JSON-able). */
  sample: unknown;
  lastEventAt: number;
}

/** What to send now: `count` events, as a first alert or as a follow-up of held-back ones. */
export interface Emission {
  count: number;
  followUp: boolean;
  /** The window the count belongs to (for "N more since <windowStart>"). */
  windowStart: number;
  sample: unknown;
}

export interface GroupStep {
  group: AlertGroup;
  emit?: Emission | undefined;
}

/** One event arrives for the group. */
export function onEvent(
  current: AlertGroup | undefined,
  key: AlertGroupKey,
  sample: unknown,
  now: number,
  windowMs: number,
): GroupStep {
  if (current === undefined || now >= current.windowStart + windowMs) {
    const heldBack = current?.unsent ?? 0;
    const group: AlertGroup = {
      ...key,
      windowStart: now,
      unsent: 0,
      total: (current?.total ?? 0) + 1,
      sample,
      lastEventAt: now,
    };
    // Held-back events of the old window ride along with this one: one message, not two.
    const emit: Emission =
      heldBack > 0 && current !== undefined
        ? { count: heldBack + 1, followUp: true, windowStart: current.windowStart, sample }
        : { count: 1, followUp: false, windowStart: now, sample };
    return { group, emit };
  }
  return {
    group: { ...current, unsent: current.unsent + 1, total: current.total + 1, sample, lastEventAt: now },
  };
}

/** Time passes with no event: a window that ended with held-back events sends its follow-up. */
export function onFlush(current: AlertGroup, now: number, windowMs: number): GroupStep {
  if (current.unsent === 0 || now < current.windowStart + windowMs) return { group: current };
  return {
    group: { ...current, windowStart: now, unsent: 0 },
    emit: { count: current.unsent, followUp: true, windowStart: current.windowStart, sample: current.sample },
  };
}

/** Delivery failed: put the count back so the next flush tries again. */
export function onDeliveryFailed(current: AlertGroup, emission: Emission): AlertGroup {
  return {
    ...current,
    unsent: current.unsent + emission.count,
    // Keep the older window start so the follow-up says "since" the first undelivered event.
    windowStart: Math.min(current.windowStart, emission.windowStart),
  };
}
