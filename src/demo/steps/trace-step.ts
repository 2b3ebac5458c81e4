/**
 * Step 7: "why does this say that?" — one value Accord wrote into NetSuite, traced back to the
 * system and record it came from, the run, the flow and the rule, in plain words (`accord trace`).
 */
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { AuditRecord } from '../../store/store.ts';
import { type DemoStep, needs, ranOrFailed, unavailable } from '../demo-context.ts';

/** Prefer an order's payment status, then any order field, then any field written to NetSuite. */
const PREFERENCES: ((e: AuditRecord) => boolean)[] = [
  (e) => e.entity === 'salesOrder' && e.field === 'paymentStatus',
  (e) => e.entity === 'salesOrder',
  (e) => e.system === 'netsuite',
  () => true,
];

export const traceStep: DemoStep = async (ctx) => {
  if (!ctx.cli.has('trace')) return unavailable('not available in this build: `accord trace` is missing');
  const missing = needs(ctx, 'flows', 'tracing a value');
  if (missing) return missing;
  const store = await openSqliteStore(ctx.storePath);
  let events: AuditRecord[];
  try {
    events = (await store.audit.scan(1, 5000)).filter(
      (e) => e.kind === 'field-written' && e.entity !== null && e.recordKey !== null && e.field !== null,
    );
  } finally {
    await store.close();
  }
  const candidates = PREFERENCES.flatMap((p) => events.filter(p)).filter(
    (e, i, all) => all.findIndex((x) => x.recordKey === e.recordKey && x.field === e.field) === i,
  );
  if (candidates.length === 0)
    return { status: 'failed', detail: 'no field value written by Accord to trace' };
  // The clearest story first: a value that still says what Accord wrote (no later edit in the system).
  let chosen = candidates[0] as AuditRecord;
  for (const e of candidates.slice(0, 8)) {
    if (await stillAsWritten(ctx, e)) {
      chosen = e;
      break;
    }
  }
  const argv = [
    'trace',
    chosen.entity as string,
    chosen.recordKey as string,
    '--field',
    chosen.field as string,
    '--store',
    ctx.storePath,
  ];
  const outcome = await ctx.cli.run(argv);
  ctx.printer.command(argv, outcome.out || outcome.err);
  const plain = outcome.out;
  const problems: string[] = [];
  if (outcome.code !== 0) problems.push(`a trace (accord trace exited ${outcome.code})`);
  if (chosen.sourceSystem && !plain.includes(chosen.sourceSystem))
    problems.push(`the source system ${chosen.sourceSystem} named in the trace`);
  return ranOrFailed(
    `${chosen.entity} ${chosen.recordKey} ${chosen.field} in ${chosen.system}: traced to ${chosen.sourceSystem ?? 'its source'} through flow ${chosen.flow}, run ${chosen.runId}`,
    problems,
    {
      entity: chosen.entity,
      recordKey: chosen.recordKey,
      field: chosen.field,
      system: chosen.system,
      sourceSystem: chosen.sourceSystem,
      flow: chosen.flow,
      runId: chosen.runId,
      auditSeq: chosen.seq,
    },
  );
};

/** Whether the value Accord wrote is still the value the system holds, per `accord trace --format json`. */
async function stillAsWritten(ctx: Parameters<DemoStep>[0], e: AuditRecord): Promise<boolean> {
  const argv = [
    'trace',
    String(e.entity),
    String(e.recordKey),
    '--field',
    String(e.field),
    '--format',
    'json',
  ];
  const outcome = await ctx.cli.run([...argv, '--store', ctx.storePath]);
  if (outcome.code !== 0) return false;
  try {
    const report = JSON.parse(outcome.out) as {
      systems?: {
        system: string;
        fields?: { field: string; changedSince?: boolean; lastWrite?: unknown }[];
      }[];
    };
    const field = report.systems
      ?.find((x) => x.system === e.system)
      ?.fields?.find((f) => f.field === e.field);
    return field !== undefined && field.lastWrite !== undefined && field.changedSince === false;
  } catch {
    return false;
  }
}
