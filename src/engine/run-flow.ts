/**
 * One run of one flow: the fail-closed check, capture, processing until nothing is left to do
 * now (`once`) or until stopped (`watch`), and the run's balanced counts at the end.
 *
 * A run's counts are kept by the jobs it captured: a job finished later (after a crash, by the
 * next run) moves its own run's `pending` into its bucket, so every run balances on its own.
 */
import { toError } from '../model/errors.ts';
import { emptyRunCounts, runBalance } from '../store/run-counts.ts';
import { type Run, type RunCounts, StoreConflict } from '../store/store.ts';
import type { BatchRecorder } from './batch-recorder.ts';
import { captureFlow } from './capture.ts';
import { CaptureFeed } from './capture-feed.ts';
import { dryRunFlow } from './dry-run.ts';
import type { EngineDeps } from './engine-deps.ts';
import type {
  EngineEvent,
  PreRunCheck,
  PreRunVerdict,
  RunFlowOptions,
  RunProgress,
  RunSummary,
} from './engine-events.ts';
import type { FlowPlan } from './flow-plan.ts';
import { JobWorker } from './job-worker.ts';

export interface RunTuning {
  workerId: string;
  lookbackMs: number;
  batchSize: number;
  loops: number;
  leaseMs?: number | undefined;
  /** `once`: how long to wait for retrying jobs before finishing with them pending. */
  drainTimeoutMs: number;
  pageSize?: number | undefined;
  progressIntervalMs: number;
  /**
   * Record batches on a thread of their own when the queue can open a sibling there (default
   * true; see `thread-recorder.ts`). False records on the calling thread.
   */
  recordOnThread?: boolean | undefined;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

export async function runFlow(
  deps: EngineDeps,
  plan: FlowPlan,
  options: RunFlowOptions,
  tuning: RunTuning,
  hooks: {
    emit: (e: EngineEvent) => void;
    preRunCheck?: PreRunCheck | undefined;
    activeRuns: Set<string>;
    recorder: BatchRecorder;
  },
): Promise<RunSummary> {
  const flow = plan.flow.name;
  const started = deps.clock.now();
  if (options.dryRun) return dryRunFlow(deps, plan, options, tuning);

  const verdict = await preRunVerdict(deps, flow, hooks.preRunCheck);
  if (verdict.paused) {
    const paused = verdict.reason ?? 'the pre-run check paused it';
    const run = await deps.store.runs.start({ flow });
    const note = `paused: ${paused}`;
    await deps.store.runs.finish(run.id, { status: 'interrupted', note });
    deps.logger.warn({ runId: run.id, flow, reason: paused }, 'flow is paused; nothing captured');
    announcePause(deps, hooks.emit, flow, run.id, verdict);
    return summary(
      run.id,
      flow,
      'paused',
      emptyRunCounts(),
      deps.clock.now() - started,
      { deadLetters: 0, reviews: 0, retries: 0 },
      note,
    );
  }
  await interruptStaleRuns(deps, flow, hooks.activeRuns);
  const run = await deps.store.runs.start({ flow });
  hooks.activeRuns.add(run.id);
  // Every line of this run carries its id.
  deps = { ...deps, logger: deps.logger.child?.({ runId: run.id, flow }) ?? deps.logger };
  const log = { runId: run.id, flow };
  deps.logger.info(log, 'run started');
  const maxAttempts = plan.flow.errors ? plan.flow.errors.retries + 1 : undefined;
  const worker = new JobWorker(
    deps,
    plan,
    { workerId: tuning.workerId, batchSize: tuning.batchSize, loops: tuning.loops, leaseMs: tuning.leaseMs },
    hooks.emit,
    hooks.recorder,
  );
  worker.hold = verdict.hold;
  let phase: RunProgress['phase'] = 'capturing';
  const progress = options.onProgress
    ? startProgress(
        deps,
        plan,
        run.id,
        started,
        () => phase,
        worker,
        options.onProgress,
        tuning.progressIntervalMs,
      )
    : undefined;
  let status: 'succeeded' | 'failed' | 'interrupted' = 'succeeded';
  let note: string | undefined;
  try {
    for (;;) {
      phase = 'capturing';
      // Processing starts on the first committed page while capture reads the rest.
      const feed = new CaptureFeed();
      const [captured, drained] = await Promise.allSettled([
        captureFlow(deps, plan, run.id, {
          lookbackMs: tuning.lookbackMs,
          pageSize: tuning.pageSize,
          signal: options.signal,
          maxAttempts,
          onPage: () => feed.pageCommitted(),
        }).finally(() => {
          phase = 'processing';
          feed.finish();
        }),
        worker.drain(options.signal, feed),
      ]);
      if (captured.status === 'rejected') throw captured.reason;
      if (drained.status === 'rejected') throw drained.reason;
      if (options.once !== false) {
        phase = 'draining';
        const deadline = deps.clock.now() + tuning.drainTimeoutMs;
        while (
          !options.signal?.aborted &&
          (await outstanding(deps, flow)) > 0 &&
          deps.clock.now() < deadline
        ) {
          await sleep(50, options.signal);
          await worker.drain(options.signal);
        }
        break;
      }
      if (options.signal?.aborted) break;
      await sleep(options.pollIntervalMs ?? 5_000, options.signal);
      if (options.signal?.aborted) break;
      // Watch mode: fail closed between polls too (the check caches its own describes).
      const recheck = await preRunVerdict(deps, flow, hooks.preRunCheck);
      if (recheck.paused) {
        status = 'interrupted';
        note = `paused: ${recheck.reason ?? 'the pre-run check paused it'}`;
        announcePause(deps, hooks.emit, flow, run.id, recheck);
        break;
      }
      worker.hold = recheck.hold;
    }
    if (options.signal?.aborted && status === 'succeeded') {
      status = 'interrupted';
      note = 'stopped by the operator';
    }
  } catch (thrown) {
    const error = toError(thrown);
    status = 'failed';
    note = error.message;
    deps.logger.error({ ...log, error: error.message }, 'run failed');
  } finally {
    phase = 'done';
    progress?.stop();
    hooks.activeRuns.delete(run.id);
  }
  const finished = await finishRun(deps, run.id, status, note);
  const result = summary(
    run.id,
    flow,
    status,
    finished.counts,
    deps.clock.now() - started,
    worker.tally,
    note,
  );
  if (!result.balanced) {
    hooks.emit({
      type: 'unbalanced-run',
      flow,
      runId: run.id,
      counts: finished.counts,
      difference: result.difference,
      at: new Date(deps.clock.now()).toISOString(),
    });
  }
  if (progress) options.onProgress?.(await snapshot(deps, plan, run.id, started, 'done', worker));
  deps.logger.info({ ...log, counts: finished.counts, balanced: result.balanced }, 'run finished');
  return result;
}

/**
 * Another process starting a run of the same flow marks runs it finds `running` as interrupted
 * (it cannot tell a live process from a dead one); then this run's own finish finds it finished.
 * The counts are right either way (they live with the jobs), so read it back instead of failing.
 */
async function finishRun(
  deps: EngineDeps,
  runId: string,
  status: 'succeeded' | 'failed' | 'interrupted',
  note: string | undefined,
): Promise<Run> {
  try {
    return await deps.store.runs.finish(runId, { status, note });
  } catch (error) {
    const run = await deps.store.runs.get(runId);
    if (error instanceof StoreConflict && run) return run;
    throw error;
  }
}

/** A flow paused in the store (operator or drift) does not run; otherwise the pre-run check decides. */
async function preRunVerdict(
  deps: EngineDeps,
  flow: string,
  check: PreRunCheck | undefined,
): Promise<PreRunVerdict> {
  const state = await deps.store.flows.get(flow);
  if (state.paused) return { paused: true, reason: state.reason ?? 'paused by an operator' };
  return check ? check(flow) : { paused: false };
}

/** The check paused the flow just now (or could not clear it): subscribers (alerts) hear it once per check. */
function announcePause(
  deps: EngineDeps,
  emit: (e: EngineEvent) => void,
  flow: string,
  runId: string,
  verdict: PreRunVerdict,
): void {
  if (!verdict.announce) return;
  emit({
    type: 'flow-paused',
    flow,
    runId,
    reason: verdict.reason ?? 'the pre-run check paused it',
    ...(verdict.findings ? { findings: verdict.findings } : {}),
    at: new Date(deps.clock.now()).toISOString(),
  });
}

/** Runs of this flow left `running` by a process that died: marked interrupted (their jobs still finish later). */
async function interruptStaleRuns(deps: EngineDeps, flow: string, active: Set<string>): Promise<void> {
  for (const r of await deps.store.runs.list({ flow, limit: 50 })) {
    if (r.status !== 'running' || active.has(r.id)) continue;
    await deps.store.runs.finish(r.id, {
      status: 'interrupted',
      note: 'the process running it stopped before it finished; its jobs are finished by later runs',
    });
  }
}

/** Changes of the flow not yet in a final bucket (pending, running or waiting to retry). */
async function outstanding(deps: EngineDeps, flow: string): Promise<number> {
  let n = 0;
  for (const r of await deps.store.runs.list({ flow, limit: 200 })) n += r.counts.pending;
  return n;
}

function summary(
  runId: string,
  flow: string,
  status: RunSummary['status'],
  counts: RunCounts,
  elapsedMs: number,
  tally: { deadLetters: number; reviews: number; retries: number },
  note: string | undefined,
): RunSummary {
  const balance = runBalance(counts);
  return {
    flow,
    runId,
    status,
    ...(note ? { note } : {}),
    counts,
    balanced: balance.balanced,
    difference: balance.difference,
    deadLetters: tally.deadLetters,
    reviews: tally.reviews,
    retries: tally.retries,
    elapsedMs,
  };
}

async function snapshot(
  deps: EngineDeps,
  plan: FlowPlan,
  runId: string,
  started: number,
  phase: RunProgress['phase'],
  worker: JobWorker,
): Promise<RunProgress> {
  const run = await deps.store.runs.get(runId);
  const ready = deps.queue.readyByLane
    ? await deps.queue.readyByLane()
    : (await deps.queue.stats()).readyByLane;
  const elapsedMs = Math.max(1, deps.clock.now() - started);
  return {
    flow: plan.flow.name,
    runId,
    phase,
    elapsedMs,
    processed: worker.tally.processed,
    recordsPerSecond: (worker.tally.processed * 1000) / elapsedMs,
    queueDepth: ready.live + ready.bulk,
    retries: worker.tally.retries,
    deadLetters: worker.tally.deadLetters,
    counts: run?.counts ?? emptyRunCounts(),
    systems: [...plan.sides.values()].map((s) => {
      const st = s.connector.stats();
      return {
        system: s.system,
        inFlight: st.inFlight,
        cap: st.concurrencyCap,
        maxInFlight: st.maxInFlight,
        requests: st.requests,
        rateLimited: st.rateLimited,
      };
    }),
  };
}

function startProgress(
  deps: EngineDeps,
  plan: FlowPlan,
  runId: string,
  started: number,
  phase: () => RunProgress['phase'],
  worker: JobWorker,
  onProgress: (p: RunProgress) => void,
  intervalMs: number,
): { stop(): void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    snapshot(deps, plan, runId, started, phase(), worker)
      .then(onProgress, (e) => deps.logger.debug({ error: toError(e).message }, 'progress snapshot failed'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
