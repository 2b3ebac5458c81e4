/**
 * Turns a group's emission into an {@link Alert} in plain words: what happened, to which record,
 * and what to do next (the `accord` command that acts on it).
 *
 * @example
 *   formatAlert(event, { count: 1, followUp: false, windowStart: now, sample: event }, { fingerprint, at })
 *   // { title: 'orders: a record was dead-lettered', text: 'SO-1042 — NetSuite rejected …', … }
 */
import { runBalance } from '../store/run-counts.ts';
import type { Alert, AlertSeverity } from './alert-channel.ts';
import type { OperationalEvent } from './alert-event.ts';
import type { Emission } from './alert-group.ts';

interface Described {
  severity: AlertSeverity;
  /** What happened, singular and plural. */
  what: [string, string];
  detail: string;
  next: string;
  facts: [string, string][];
}

function describe(event: OperationalEvent): Described {
  switch (event.type) {
    case 'dead-letter':
      return {
        severity: 'error',
        what: ['a record was dead-lettered', 'records were dead-lettered'],
        detail: `${event.recordKey}: ${event.reason}`,
        next:
          event.deadLetterId === undefined
            ? 'See `accord errors list`; fix the data or the contract, then `accord errors retry <id>`.'
            : `See \`accord errors show ${event.deadLetterId}\`; fix the data or the contract, then \`accord errors retry ${event.deadLetterId}\`.`,
        facts: [
          ['record', event.recordKey],
          ['classification', event.classification],
          ...(event.attempts === undefined ? [] : [['attempts', String(event.attempts)] as [string, string]]),
          ...(event.runId === undefined ? [] : [['run', event.runId] as [string, string]]),
        ],
      };
    case 'review': {
      const questions: Record<string, string> = {
        'ambiguous-match': 'more than one record matches',
        conflict: `both systems changed ${event.field || 'a field'}`,
        'unknown-enum': `an unmapped value arrived in ${event.field || 'an enum field'}`,
      };
      const question = event.detail || questions[event.kind] || event.kind;
      const record = event.entity ? `${event.entity} ${event.recordKey}` : event.recordKey;
      return {
        severity: 'warning',
        what: ['a decision is waiting for review', 'decisions are waiting for review'],
        detail: `${record}: ${question}`,
        next:
          event.reviewId === undefined
            ? 'See `accord reviews list` and decide with `accord reviews decide <id>`.'
            : `See \`accord reviews show ${event.reviewId}\` and decide with \`accord reviews decide ${event.reviewId}\`.`,
        facts: [
          ['kind', event.kind],
          ['record', record],
          ...(event.field ? [['field', event.field] as [string, string]] : []),
        ],
      };
    }
    case 'stalled':
      return {
        severity: 'error',
        what: [
          `the flow is stalled on ${event.system}'s limits`,
          `the flow stalled on ${event.system}'s limits`,
        ],
        detail: event.reason,
        next: `Check what else uses ${event.system}'s capacity, or the limits declared for it in the contract.`,
        facts: [
          ['system', event.system],
          ...(event.stalledMs === undefined
            ? []
            : [['stalled for', `${Math.round(event.stalledMs / 60_000)} min`] as [string, string]]),
        ],
      };
    case 'unbalanced-run': {
      const { accountedFor } = runBalance(event.counts);
      return {
        severity: 'error',
        what: ["a run's counts do not balance", "runs' counts did not balance"],
        detail:
          `run ${event.runId}: captured ${event.counts.captured}, accounted for ${accountedFor} ` +
          `(${event.difference > 0 ? `${event.difference} missing` : `${-event.difference} counted twice`})`,
        next: 'Records may have been lost: do not trust this run until `accord audit verify` and a reconciliation pass.',
        facts: [
          ['run', event.runId],
          ['difference', String(event.difference)],
        ],
      };
    }
    case 'reconcile-out-of-tolerance': {
      const findings = Object.entries(event.counts)
        .filter(([, n]) => n > 0)
        .map(([category, n]) => `${n} ${category}`);
      const shown = event.groupsOut.slice(0, 20);
      const more = event.groupsOut.length - shown.length;
      return {
        severity: 'error',
        what: [
          `reconciliation ${event.rule} is out of tolerance`,
          `reconciliations of ${event.rule} were out of tolerance`,
        ],
        detail: [
          event.summary,
          ...(shown.length === 0
            ? []
            : [`Groups out of tolerance: ${shown.join('; ')}${more > 0 ? ` and ${more} more` : ''}`]),
        ].join('\n'),
        next: `See \`accord reconcile <contract> --rule ${event.rule}${event.period ? ` --period ${event.period}` : ''} --format html\` for every record that differs.`,
        facts: [
          ['rule', event.rule],
          ...(event.period === undefined ? [] : [['period', event.period] as [string, string]]),
          ['groups out of tolerance', String(event.groupsOut.length)],
          ['findings', findings.join(', ') || 'none'],
          ...(event.runId === undefined ? [] : [['run', `#${event.runId}`] as [string, string]]),
        ],
      };
    }
    case 'flow-paused': {
      const drift = event.reason.startsWith('drift: ');
      return {
        severity: 'error',
        what: ['the flow was paused', 'pauses of the flow'],
        detail: [event.reason, ...(event.findings ?? []).map((f) => `• ${f}`)].join('\n'),
        next: drift
          ? 'Nothing of this flow runs until then: see `accord drift check <contract>`, fix the contract or the system, or accept the change with `accord drift approve <contract>` (which resumes the flow).'
          : 'Nothing of this flow runs until the cause is fixed; the next run checks again.',
        facts: [
          ['reason', event.reason],
          ...(event.runId === undefined ? [] : [['run', event.runId] as [string, string]]),
        ],
      };
    }
  }
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function formatAlert(
  event: OperationalEvent,
  emission: Emission,
  meta: { fingerprint: string; at: number; route?: string | undefined },
): Alert {
  const d = describe(event);
  const title = emission.followUp
    ? `${event.flow}: ${emission.count} more ${d.what[1]} since ${hhmm(emission.windowStart)}`
    : `${event.flow}: ${d.what[0]}`;
  const text = [
    emission.followUp ? `Latest — ${d.detail}` : d.detail,
    ...(emission.followUp ? ['Same problem as the alert before; grouped so it is one message.'] : []),
    d.next,
  ].join('\n');
  return {
    kind: event.type,
    flow: event.flow,
    severity: d.severity,
    title,
    text,
    facts: [
      ['flow', event.flow],
      ...d.facts,
      ...(emission.followUp ? [['count', String(emission.count)] as [string, string]] : []),
    ],
    fingerprint: meta.fingerprint,
    count: emission.count,
    followUp: emission.followUp,
    windowStart: new Date(emission.windowStart).toISOString(),
    ...(meta.route === undefined ? {} : { route: meta.route }),
    at: new Date(meta.at).toISOString(),
  };
}
