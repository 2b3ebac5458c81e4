/**
 * Step 3: every flow of the contract runs once through `accord sync`, with its live progress
 * display; step 4 is the verdict on the concurrency storm other NetSuite integrations raised while
 * the flows into NetSuite ran. The counts come from the store, not from what was printed.
 */

import type { Contract } from '../../contract/index.ts';
import { loadContract } from '../../contract/index.ts';
import { runBalance } from '../../store/run-counts.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Run } from '../../store/store.ts';
import { type DemoContext, type DemoStep, needs, ranOrFailed, unavailable } from '../demo-context.ts';
import { netsuiteOf } from '../sandbox-part.ts';

/** Customers first (what orders refer to), then the CRM, orders, the rest, and what reads NetSuite last. */
export function flowOrder(contract: Contract): string[] {
  const rank = (name: string) => {
    const f = contract.flows[name];
    if (!f) return 9;
    // `customerKw`, `salesOrderKw`: the Kuwaiti shop's twins (demo-kw-shop.ts).
    if (/^customer(Kw)?$/.test(f.entity)) return 0;
    if (f.direction === 'two-way') return 0.5;
    if (f.from === 'netsuite' || f.to === 'warehouse') return 3;
    if (/^salesOrder(Kw)?$/.test(f.entity)) return 1;
    return 2;
  };
  return Object.keys(contract.flows).sort((a, b) => rank(a) - rank(b));
}

export interface FlowRunFigures {
  flow: string;
  exitCode: number;
  runId?: string | undefined;
  status?: string | undefined;
  note?: string | undefined;
  counts?: Run['counts'] | undefined;
  balanced: boolean;
  underStorm: boolean;
}

/** What step 4 reads: the storm's figures, filled in by step 3. */
export interface StormFigures {
  enabled: boolean;
  heldSlots: number;
  capacity: number;
  rejected429: number;
  maxInFlight?: number | undefined;
  flows: string[];
}

const stormState = new WeakMap<DemoContext, { flows: FlowRunFigures[]; storm: StormFigures }>();

export const flowsStep: DemoStep = async (ctx) => {
  if (!ctx.cli.has('sync'))
    return unavailable('not available in this build: `accord sync` (the engine) is missing');
  const missing = needs(ctx, 'sandbox', 'running the flows');
  if (missing) return missing;
  const loaded = await loadContract(ctx.contractFile);
  if (!loaded.ok)
    return { status: 'failed', detail: `the contract does not load: ${loaded.errors[0]?.message}` };
  const contract = loaded.contract;
  const netsuite = ctx.sandbox ? netsuiteOf(ctx.sandbox) : undefined;
  const limit = contract.systems.netsuite?.limits?.concurrency ?? 5;
  const storm: StormFigures = {
    enabled: false,
    heldSlots: 0,
    capacity: netsuite?.pool.capacity ?? 0,
    rejected429: 0,
    flows: [],
  };
  const figures: FlowRunFigures[] = [];
  for (const flow of flowOrder(contract)) {
    const def = contract.flows[flow];
    if (!def) continue;
    // Every flow that talks to NetSuite after the first one rides the storm.
    const touchesNetSuite = (def.to === 'netsuite' || def.from === 'netsuite') && def.entity !== 'customer';
    if (netsuite && touchesNetSuite && !storm.enabled) {
      // Other integrations take, on and off, anything from none to every slot that is free: at
      // times not one is left, and NetSuite answers 429 CONCURRENCY_LIMIT_EXCEEDED at once.
      storm.heldSlots = storm.capacity;
      netsuite.setOtherIntegrations({ maxSlots: storm.heldSlots, holdMs: { min: 20, max: 250 } });
      storm.enabled = true;
      ctx.printer.line(
        `storm: other NetSuite integrations now take, on and off, up to all ${storm.capacity} of the account's slots (Accord's own cap: ${limit})`,
      );
    }
    if (netsuite && storm.enabled && !touchesNetSuite) {
      netsuite.setOtherIntegrations(undefined);
      storm.enabled = false;
      ctx.printer.line('storm over: the other integrations released their slots');
    }
    const rejectedBefore = netsuite?.pool.rejected() ?? 0;
    const argv = ['sync', ctx.contractFile, '--flow', flow, '--once', '--store', ctx.storePath];
    // The progress display is the show; structured logs would drown it (they stay available
    // with --log-level when the user runs the same command).
    if (ctx.cli.accepts('sync', '--log-level')) argv.push('--log-level', 'fatal');
    ctx.printer.line(`$ accord ${argv.join(' ')}`);
    const outcome = await ctx.cli.run(argv, ctx.live);
    if (outcome.out.trim() !== '') ctx.printer.line(outcome.out.trim());
    if (outcome.err.trim() !== '') ctx.printer.line(outcome.err.trim());
    if (storm.enabled) {
      storm.rejected429 += (netsuite?.pool.rejected() ?? 0) - rejectedBefore;
      storm.flows.push(flow);
    }
    const run = await lastRun(ctx.storePath, flow);
    figures.push({
      flow,
      exitCode: outcome.code,
      runId: run?.id,
      status: run?.status,
      note: run?.note,
      counts: run?.counts,
      balanced: run ? runBalance(run.counts).balanced : false,
      underStorm: storm.enabled,
    });
  }
  if (netsuite && storm.enabled) netsuite.setOtherIntegrations(undefined);
  storm.enabled = storm.flows.length > 0;
  storm.maxInFlight = netsuite?.server?.inspect.maxInFlight();
  stormState.set(ctx, { flows: figures, storm });

  const problems: string[] = [];
  for (const f of figures) {
    if (!f.runId) problems.push(`a run of flow ${f.flow} in the store (accord sync exited ${f.exitCode})`);
    else if (f.status !== 'succeeded')
      problems.push(`flow ${f.flow} to run (its run ${f.status}: ${f.note ?? 'no reason given'})`);
    else if (!f.balanced) problems.push(`balanced counts for flow ${f.flow}`);
    else if ((f.counts?.pending ?? 0) > 0)
      problems.push(`flow ${f.flow} finished (${f.counts?.pending} still pending)`);
  }
  const total = (k: keyof Run['counts']) => figures.reduce((n, f) => n + (f.counts?.[k] ?? 0), 0);
  return ranOrFailed(
    `${figures.length} flows run, ${figures.filter((f) => f.status === 'succeeded').length} succeeded: ${total('captured')} changes captured, ${total('written')} written, ` +
      `${total('unchanged')} unchanged, ${total('deadLettered')} dead-lettered, ${total('inReview')} in review` +
      (figures.every((f) => f.balanced) ? ' — every run balances' : ''),
    problems,
    { flows: figures },
  );
};

export const stormStep: DemoStep = async (ctx) => {
  const missing = needs(ctx, 'flows', 'the storm');
  if (missing) return missing;
  const state = stormState.get(ctx);
  if (!state || state.storm.flows.length === 0) {
    return unavailable(
      'not available in this build: the running NetSuite simulator has no storm switch (setOtherIntegrations)',
    );
  }
  const { storm, flows } = state;
  // Flows that never started are step 3's finding; here: did any run under the storm lose a change?
  const stormed = flows.filter((f) => f.underStorm && f.runId !== undefined);
  const lost = stormed.filter((f) => !f.balanced || (f.counts?.pending ?? 0) > 0).map((f) => f.flow);
  ctx.printer.line(
    `during ${storm.flows.join(', ')}: NetSuite refused ${storm.rejected429} requests with 429 CONCURRENCY_LIMIT_EXCEEDED`,
  );
  ctx.printer.line('each refusal was retried after a pause; the limiter shrank while the pool was busy');
  const problems: string[] = [];
  if (storm.rejected429 === 0)
    problems.push('at least one 429 from NetSuite during the storm (the storm did not bite)');
  if (lost.length > 0) problems.push(`every change of ${lost.join(', ')} accounted for`);
  const captured = stormed.reduce((n, f) => n + (f.counts?.captured ?? 0), 0);
  const written = stormed.reduce((n, f) => n + (f.counts?.written ?? 0), 0);
  return ranOrFailed(
    `${storm.rejected429} refusals ridden out; ${captured} changes captured under the storm in ${stormed.length} runs, ` +
      (lost.length === 0
        ? 'none lost (every run balances, none pending)'
        : `changes unaccounted for in ${lost.join(', ')}`),
    problems,
    { ...storm, captured, written, lostFlows: lost },
  );
};

async function lastRun(storePath: string, flow: string): Promise<Run | undefined> {
  const store = await openSqliteStore(storePath);
  try {
    return (await store.runs.list({ flow, limit: 1 }))[0];
  } finally {
    await store.close();
  }
}
