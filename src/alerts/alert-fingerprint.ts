/**
 * The fingerprint that groups alerts: one broken mapping makes ten thousand dead letters whose
 * reasons differ only in record ids, amounts and names. The fingerprint keeps the words and drops
 * the particulars, so they are one group and one alert.
 *
 * @example
 *   reasonShape('NetSuite rejected salesOrder SO-1042: Please enter value(s) for: Department')
 *   // 'netsuite rejected salesorder #: please enter value(s) for: department'
 */
import { createHash } from 'node:crypto';
import type { OperationalEvent } from './alert-event.ts';

const PARTICULARS: readonly [RegExp, string][] = [
  [/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"'], // quoted values
  [/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, '@'], // emails
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '#'], // uuids
  [/\bhttps?:\/\/\S+/g, 'url'], // urls
  [/\b[A-Za-z]*[-_]?\d[\w-]*\b/g, '#'], // ids with digits: SO-1042, cus_9Xk2, 1042, 12.50
  [/\s+/g, ' '],
];

/** The reason with record-specific particulars replaced, lower-cased. */
export function reasonShape(reason: string): string {
  let shape = reason;
  for (const [pattern, replacement] of PARTICULARS) shape = shape.replace(pattern, replacement);
  return shape.trim().toLowerCase();
}

/** What identifies "the same problem" for each kind of event. */
function problemOf(event: OperationalEvent): string {
  switch (event.type) {
    case 'dead-letter':
      return `${event.classification}|${reasonShape(event.reason.split(event.recordKey).join('#'))}`;
    case 'review':
      // One alert per question shape: an ambiguous customer match, a conflict on `email`…
      return `${event.kind}|${event.entity ?? ''}|${event.field ?? ''}`;
    case 'stalled':
      return `${event.system}|${reasonShape(event.reason)}`;
    case 'unbalanced-run':
      return 'counts do not balance';
    case 'reconcile-out-of-tolerance':
      // One group per rule and month: the nightly rerun of the same disagreement is a follow-up.
      return `${event.rule}|${event.period ?? ''}`;
    case 'flow-paused':
      return reasonShape(event.reason);
  }
}

/** A short stable hash of the event's problem (16 hex digits). */
export function alertFingerprint(event: OperationalEvent): string {
  return createHash('sha256')
    .update(`${event.type}|${problemOf(event)}`)
    .digest('hex')
    .slice(0, 16);
}
