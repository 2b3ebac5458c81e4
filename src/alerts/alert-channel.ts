/**
 * The alert channel port: somewhere an alert is delivered (a chat webhook, an email outbox, the
 * log). A channel gets a finished, de-duplicated {@link Alert}; it formats and delivers it, and
 * throws if delivery failed (the alerter keeps the alert for the next attempt).
 *
 * Channels never put a credential in what they send or in an error they throw: a webhook URL is a
 * secret (whoever has it can post to the channel), so errors name the route, never the URL.
 *
 * @example
 *   class ConsoleChannel implements AlertChannel {
 *     readonly name = 'console';
 *     async send(alert: Alert) { console.log(alert.title); }
 *   }
 */
import type { OperationalEventType } from './alert-event.ts';

export type AlertSeverity = 'warning' | 'error';

/** One alert, standing for `count` events of one group (flow, kind, reason fingerprint). */
export interface Alert {
  kind: OperationalEventType;
  flow: string;
  severity: AlertSeverity;
  /** One line, e.g. "orders: dead letter — NetSuite rejected salesOrder SO-1042: …". */
  title: string;
  /** Plain words, a few lines: what happened, to which record, what to do. */
  text: string;
  /** Label → value pairs shown as a table (record, reason, attempts…). */
  facts: ReadonlyArray<readonly [string, string]>;
  /** Identifies the group: same flow, kind and fingerprint = the same problem. */
  fingerprint: string;
  /** Events this alert stands for: 1 for a first alert, N for "N more since …". */
  count: number;
  /** True when this alert summarises events that were held back by de-duplication. */
  followUp: boolean;
  /** When the group's current window began (for "N more since <windowStart>"). */
  windowStart: string;
  /** The contract alert route it was sent through (undefined: no route, logged as a fallback). */
  route?: string | undefined;
  at: string;
}

export interface AlertChannel {
  /** For logs and errors: `webhook:integrations-oncall`, `email:finance`, `log`. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
}
