/**
 * `--dry-run`: read the changes since the cursor and decide them exactly as a run would, but
 * write nothing — no system, no store (no run, no cursor, no job). Returns what would be written.
 */
import { mappedPaths } from '../contract/mapped-paths.ts';
import { toError } from '../model/errors.ts';
import { emptyRunCounts, runBalance } from '../store/run-counts.ts';
import { changeJobKey } from './change-payload.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { PlannedWrite, RunFlowOptions, RunSummary } from './engine-events.ts';
import type { FlowPlan } from './flow-plan.ts';
import { processChange } from './process-change.ts';

export async function dryRunFlow(
  deps: EngineDeps,
  plan: FlowPlan,
  options: RunFlowOptions,
  tuning: { lookbackMs: number; pageSize?: number | undefined },
): Promise<RunSummary> {
  const started = deps.clock.now();
  const counts = emptyRunCounts();
  const planned: PlannedWrite[] = [];
  let deadLetters = 0;
  let reviews = 0;
  for (const system of plan.capturedFrom) {
    const side = plan.sides.get(system);
    if (!side) continue;
    const stored = await deps.store.cursors.get({
      flow: plan.flow.name,
      system,
      objectType: side.mapping.record,
    });
    const since = stored
      ? { modifiedAt: new Date(Date.parse(stored.modifiedAt) - tuning.lookbackMs).toISOString(), id: '' }
      : undefined;
    for await (const page of side.connector.readChanges({
      objectType: side.mapping.record,
      mappedPaths: mappedPaths(side.mapping),
      since,
      pageSize: tuning.pageSize,
      signal: options.signal,
    })) {
      for (const record of page) {
        counts.captured += 1;
        try {
          const outcome = await processChange(
            {
              plan,
              session: deps.store,
              runId: 'dry-run',
              jobKey: changeJobKey(plan.flow.name, system, record),
              now: () => new Date(deps.clock.now()).toISOString(),
              dryRun: true,
            },
            { source: system, record, via: 'poll' },
          );
          counts[outcome.bucket] += 1;
          reviews += outcome.reviews.length;
          planned.push(...outcome.writes);
        } catch (thrown) {
          counts.deadLettered += 1;
          deadLetters += 1;
          deps.logger.info(
            { record: `${system}:${record.id}`, reason: toError(thrown).message },
            'dry run: would fail',
          );
        }
      }
      if (options.signal?.aborted) break;
    }
  }
  const balance = runBalance(counts);
  return {
    flow: plan.flow.name,
    runId: 'dry-run',
    status: 'succeeded',
    note: 'dry run: nothing was written',
    counts,
    balanced: balance.balanced,
    difference: balance.difference,
    deadLetters,
    reviews,
    retries: 0,
    elapsedMs: deps.clock.now() - started,
    plannedWrites: planned,
  };
}
