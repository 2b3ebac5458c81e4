/**
 * The alerter: engine events in, de-duplicated alerts out to each flow's route.
 *
 *   event → fingerprint (flow, kind, reason shape) → group step in the store (first? held back?)
 *         → if something is due: format → the flow's channels (webhook / email / log)
 *
 * It never throws into the engine: a channel that fails is logged (without its URL) and, when
 * every channel of the route failed, the count goes back into the group so the next `flush`
 * delivers it. `flush()` sends "N more since …" for windows that ended; `start()` runs it on a
 * timer.
 *
 * @example
 *   const alerter = new Alerter({ contract, state: openSqliteAlertState(store), logger });
 *   alerter.attach(engine);            // engine.onEvent(...)
 *   alerter.start();                   // follow-ups every minute
 *   …
 *   await alerter.stop();              // waits for deliveries in flight
 */
import type { Logger } from 'pino';
import { envSecretResolver, type SecretResolver } from '../contract/secret-ref.ts';
import { toError } from '../model/errors.ts';
import { type Clock, systemClock } from '../store/clock.ts';
import type { OperationalEvent } from './alert-event.ts';
import { alertFingerprint } from './alert-fingerprint.ts';
import { formatAlert } from './alert-format.ts';
import { type AlertGroupKey, type Emission, onDeliveryFailed, onEvent, onFlush } from './alert-group.ts';
import { type AlertContract, channelsForFlow, type FlowChannels } from './alert-routes.ts';
import type { AlertStateRepo } from './alert-state-repo.ts';
import type { EmailSender } from './email-channel.ts';

export const DEFAULT_ALERT_WINDOW_MS = 15 * 60_000;

export interface AlerterOptions {
  contract: AlertContract;
  state: AlertStateRepo;
  logger: Logger;
  /** Resolves webhook URL references at send time; default the process environment. */
  resolver?: SecretResolver | undefined;
  emailSender?: EmailSender | undefined;
  fetch?: typeof fetch | undefined;
  /** De-duplication window, default 15 minutes. */
  windowMs?: number | undefined;
  clock?: Clock | undefined;
}

/** What `notify` did with one event. */
export interface NotifyOutcome {
  fingerprint: string;
  /** Events the alert sent now stands for; 0 when the event was held back. */
  sent: number;
  /** Channels that failed, by name (errors are logged). */
  failed: string[];
}

/** Anything with the engine's event hook. */
export interface EventSource {
  onEvent(listener: (event: OperationalEvent) => void): unknown;
}

export class Alerter {
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly resolver: SecretResolver;
  private readonly routes = new Map<string, FlowChannels>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AlerterOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_ALERT_WINDOW_MS;
    this.clock = options.clock ?? systemClock;
    this.resolver = options.resolver ?? envSecretResolver();
  }

  /** Records one event and sends an alert if its group is due. Never throws. */
  async notify(event: OperationalEvent): Promise<NotifyOutcome> {
    const fingerprint = alertFingerprint(event);
    const key: AlertGroupKey = { flow: event.flow, kind: event.type, fingerprint };
    try {
      const now = this.clock.now();
      const step = await this.options.state.update(key, (current) =>
        onEvent(current, key, event, now, this.windowMs),
      );
      if (!step.emit) return { fingerprint, sent: 0, failed: [] };
      return await this.deliver(key, event, step.emit, now);
    } catch (cause) {
      this.options.logger.error(
        { err: toError(cause), flow: event.flow, kind: event.type },
        'alerting failed',
      );
      return { fingerprint, sent: 0, failed: ['alerter'] };
    }
  }

  /** Sends "N more since …" for every group whose window ended with events held back. */
  async flush(): Promise<NotifyOutcome[]> {
    const outcomes: NotifyOutcome[] = [];
    const now = this.clock.now();
    for (const held of await this.options.state.listHeldBack()) {
      const key: AlertGroupKey = { flow: held.flow, kind: held.kind, fingerprint: held.fingerprint };
      const step = await this.options.state.update(key, (current) =>
        current === undefined ? { group: held } : onFlush(current, now, this.windowMs),
      );
      if (step.emit)
        outcomes.push(await this.deliver(key, step.emit.sample as OperationalEvent, step.emit, now));
    }
    return outcomes;
  }

  /** Listens to the engine's events; deliveries run in the background (see `idle`). */
  attach(source: EventSource): void {
    source.onEvent((event) => {
      const p = this.notify(event).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    });
  }

  /** Flushes on a timer (unref'd: it never keeps the process alive). */
  start(everyMs = 60_000): void {
    this.timer ??= setInterval(() => {
      const p = this.flush()
        .catch((cause) => this.options.logger.error({ err: toError(cause) }, 'alert flush failed'))
        .finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, everyMs).unref();
  }

  /** Resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private channelsFor(flow: string): FlowChannels {
    let found = this.routes.get(flow);
    if (!found) {
      found = channelsForFlow(this.options.contract, flow, {
        logger: this.options.logger,
        resolver: this.resolver,
        emailSender: this.options.emailSender,
        fetch: this.options.fetch,
      });
      if (found.note) this.options.logger.warn({ flow }, found.note);
      this.routes.set(flow, found);
    }
    return found;
  }

  private async deliver(
    key: AlertGroupKey,
    event: OperationalEvent,
    emission: Emission,
    now: number,
  ): Promise<NotifyOutcome> {
    const { route, channels } = this.channelsFor(key.flow);
    const alert = formatAlert(event, emission, { fingerprint: key.fingerprint, at: now, route });
    const results = await Promise.allSettled(channels.map((channel) => channel.send(alert)));
    const failed: string[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const channel = channels[i]?.name ?? 'channel';
      failed.push(channel);
      this.options.logger.error(
        { err: toError(result.reason), channel, flow: key.flow, kind: key.kind, group: key.fingerprint },
        `alert not delivered through ${channel}`,
      );
    });
    if (failed.length === channels.length) {
      // Nobody heard it: hold the count back again, so the next flush retries.
      await this.options.state.update(key, (current) => ({
        group:
          current === undefined
            ? {
                ...key,
                windowStart: emission.windowStart,
                unsent: emission.count,
                total: emission.count,
                sample: emission.sample,
                lastEventAt: now,
              }
            : onDeliveryFailed(current, emission),
      }));
      return { fingerprint: key.fingerprint, sent: 0, failed };
    }
    return { fingerprint: key.fingerprint, sent: emission.count, failed };
  }
}
