/**
 * Step 1 of the pipeline: capture. Polling reads each captured system's changes since the stored
 * inclusive `(modifiedAt, id)` cursor minus a lookback window (boundary records are seen twice,
 * never never), and each page becomes durable jobs IN THE SAME TRANSACTION that advances the
 * cursor and counts the run: a crash can lose neither a change nor a cursor step. Webhook events
 * go through the same `enqueueChanges`.
 *
 * A change seen again (the lookback, a webhook and a poll of the same version) has the same job
 * key, so it is one job and is counted once.
 *
 * @example
 *   const captured = await captureFlow(deps, plan, runId, { lookbackMs: 5_000 });
 */

import type { SystemRecord } from '../connectors/connector.ts';
import { mappedPaths } from '../contract/mapped-paths.ts';
import type { NewJob, Queue } from '../queue/queue.ts';
import { compareCursor } from '../store/cursor-order.ts';
import type { CursorKey, Store } from '../store/store.ts';
import { type ChangePayload, changeJobKey, changeRecordKey } from './change-payload.ts';
import type { FlowPlan } from './flow-plan.ts';

export interface CaptureDeps {
  store: Store;
  queue: Queue;
}

export interface CaptureOptions {
  lookbackMs: number;
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  maxAttempts?: number | undefined;
  /** Called after each page is committed. */
  onPage?: ((created: number) => void) | undefined;
}

/** Polls every captured side of a flow once; returns how many new changes were enqueued. */
export async function captureFlow(
  deps: CaptureDeps,
  plan: FlowPlan,
  runId: string,
  options: CaptureOptions,
): Promise<number> {
  let total = 0;
  for (const system of plan.capturedFrom) {
    const side = plan.sides.get(system);
    if (!side) continue;
    const key: CursorKey = { flow: plan.flow.name, system, objectType: side.mapping.record };
    const stored = await deps.store.cursors.get(key);
    const since = stored
      ? options.lookbackMs > 0
        ? { modifiedAt: new Date(Date.parse(stored.modifiedAt) - options.lookbackMs).toISOString(), id: '' }
        : { modifiedAt: stored.modifiedAt, id: stored.id }
      : undefined;
    for await (const page of side.connector.readChanges({
      objectType: side.mapping.record,
      mappedPaths: mappedPaths(side.mapping),
      since,
      pageSize: options.pageSize,
      signal: options.signal,
    })) {
      if (page.length === 0) continue;
      const created = await enqueueChanges(deps, plan, runId, system, page, 'poll', options.maxAttempts, key);
      total += created;
      options.onPage?.(created);
      if (options.signal?.aborted) return total;
    }
  }
  return total;
}

/** Turns changes into jobs, counts the new ones in the run, and advances the cursor — one transaction. */
export async function enqueueChanges(
  deps: CaptureDeps,
  plan: FlowPlan,
  runId: string,
  system: string,
  records: readonly SystemRecord[],
  via: ChangePayload['via'],
  maxAttempts: number | undefined,
  cursor?: CursorKey,
): Promise<number> {
  const jobs: NewJob[] = records.map((record) => ({
    key: changeJobKey(plan.flow.name, system, record),
    flow: plan.flow.name,
    recordKey: changeRecordKey(system, record),
    lane: plan.flow.lane,
    payload: { source: system, record, via } satisfies ChangePayload,
    runId,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  }));
  const last = latest(records);
  return deps.store.transaction(async (tx) => {
    const { created } = await deps.queue.enqueueMany(jobs, { tx });
    if (created > 0) await tx.runs.addCounts(runId, { captured: created, pending: created });
    if (cursor && last) await tx.cursors.advance(cursor, { modifiedAt: last.modifiedAt, id: last.id });
    return created;
  });
}

function latest(records: readonly SystemRecord[]): SystemRecord | undefined {
  let best: SystemRecord | undefined;
  for (const r of records) {
    if (!best || compareCursor(r, best) > 0) best = r;
  }
  return best;
}
