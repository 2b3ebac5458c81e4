/**
 * The engine's fail-closed hook, built from drift: before each run of a flow (and between polls
 * in watch mode) {@link preRunDriftCheck} describes the flow's two systems; a blocking finding
 * pauses that flow only, and records carrying a new unmapped enum value are held for review.
 *
 * Cost and caching: a check describes both systems of the flow (NetSuite: a dozen metadata
 * requests, Salesforce: one describe per mapped object, Shopify: none beyond its schema). A CLEAN
 * result is reused for `maxAgeMs` (default 60 s) per flow, so a watch loop polling every 5 s or a
 * scheduler calling `runFlow` often does not describe the systems each time; a blocking result is
 * never cached (the pause is stored and read from the store). `accord sync --once` starts with an
 * empty cache, so each invocation checks. `maxAgeMs: 0` checks before every run. The trade: a
 * change made inside the window is seen up to `maxAgeMs` late — a minute of a mapping quietly
 * broken against a dozen extra requests per flow per poll.
 *
 * @example
 *   const engine = openEngine({ contract, store, queue, connectors,
 *     preRunCheck: driftGate({ contract, store, connectors }) });
 *   engine.onEvent((e) => e.type === 'flow-paused' && console.log(e.reason)); // and the alerter
 */
import type { Connector } from '../connectors/connector.ts';
import type { Contract } from '../contract/model.ts';
import type { PreRunCheck, PreRunVerdict, RecordHoldCheck } from '../engine/engine-events.ts';
import { type Clock, systemClock } from '../store/clock.ts';
import type { Store } from '../store/store.ts';
import type { BlockedEnumValue } from './drift-finding.ts';
import { carriedValues, enumGate } from './enum-gate.ts';
import { type DriftAlertSink, preRunDriftCheck } from './pre-run.ts';

/** Default reuse of a clean drift check, per flow. */
export const DEFAULT_DRIFT_MAX_AGE_MS = 60_000;

export interface DriftGateOptions {
  contract: Contract;
  store: Store;
  connectors: ReadonlyMap<string, Connector> | Readonly<Record<string, Connector>>;
  /** Reuse a clean check of a flow for this long; 0 describes the systems before every run. */
  maxAgeMs?: number | undefined;
  clock?: Clock | undefined;
  /** Drift's own alert callback, besides the engine's `flow-paused` event (which the alerter hears). */
  alert?: DriftAlertSink | undefined;
}

/** A predicate naming the blocked value a record carries, for the engine's per-record hold. */
export function recordHold(blocked: readonly BlockedEnumValue[]): RecordHoldCheck | undefined {
  if (blocked.length === 0) return undefined;
  const gate = enumGate(blocked);
  return (system, record) => {
    const hit = gate(system, record);
    if (!hit) return undefined;
    const carried = carriedValues(record.fields[hit.field]);
    const value = carried.find((v) => hit.values.includes(v)) ?? carried[0] ?? '';
    return { field: hit.field, value, reason: hit.reason };
  };
}

/** The engine's `preRunCheck`, backed by drift. */
export function driftGate(options: DriftGateOptions): PreRunCheck {
  const connectors =
    options.connectors instanceof Map
      ? Object.fromEntries(options.connectors)
      : (options.connectors as Readonly<Record<string, Connector>>);
  const clock = options.clock ?? systemClock;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_DRIFT_MAX_AGE_MS;
  const clean = new Map<string, { at: number; verdict: PreRunVerdict }>();
  return async (flow) => {
    const cached = clean.get(flow);
    if (cached && clock.now() - cached.at < maxAgeMs) return cached.verdict;
    clean.delete(flow);
    const result = await preRunDriftCheck({
      contract: options.contract,
      store: options.store,
      connectors,
      flow,
      alert: options.alert,
    });
    if (result.paused) {
      return {
        paused: true,
        reason: result.reason,
        // Newly paused by a finding, or the systems could not be described (not stored: every
        // run says so until they can; the alerter groups the repeats).
        announce: result.findings.length > 0 || !result.persisted,
        findings: result.findings.map((f) => f.message),
      };
    }
    const verdict: PreRunVerdict = { paused: false, hold: recordHold(result.blockedEnumValues) };
    clean.set(flow, { at: clock.now(), verdict });
    return verdict;
  };
}
