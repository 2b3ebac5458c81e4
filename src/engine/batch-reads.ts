/**
 * The store reads a batch's changes need, made once per batch instead of once per change: each
 * source record's baseline and link, and the linked target records' baselines. The pipeline then
 * reads through a session that answers those from memory and passes anything else to the store.
 *
 * Why: with in-process systems, a `baselines.get` and a `links.find` per change were ~6 % of the
 * pipeline thread's CPU on `npm run bench -- engine` (one statement each, through the store's
 * async scope); one `IN` probe per batch costs a fraction of it.
 *
 * What a batch reads is what a change would have read when the batch started: nothing this batch
 * decides is recorded before all of it has been processed, and a record is in one job at a time.
 *
 * Baselines are kept per flow (see `BaselineKey`): a slot holds the batch's flow's baselines only,
 * and a read for another flow's goes to the store.
 *
 * @example
 *   const session = await batchSession(store, plan, payloads);
 *   await processChange({ ...ctx, session }, payload);
 */
import type { Baseline, BaselineRepo, Link, LinkRepo, StoreSession } from '../store/store.ts';
import type { ChangePayload } from './change-payload.ts';
import { type FlowPlan, sidesOf } from './flow-plan.ts';

/** Records read up front for one (flow, entity, system) or (entity, system, other system): found ones, and all asked. */
interface Known<T> {
  asked: ReadonlySet<string>;
  found: ReadonlyMap<string, T>;
}

const slot = (...parts: string[]) => parts.join('\u0000');

export async function batchSession(
  session: StoreSession,
  plan: FlowPlan,
  payloads: readonly ChangePayload[],
): Promise<StoreSession> {
  const entity = plan.flow.entity;
  const flow = plan.flow.name;
  const idsBySource = new Map<string, string[]>();
  for (const p of payloads) {
    const ids = idsBySource.get(p.source) ?? [];
    ids.push(p.record.id);
    idsBySource.set(p.source, ids);
  }
  const baselines = new Map<string, Known<Baseline>>();
  const links = new Map<string, Known<Link>>();
  const findMany = session.links.findMany?.bind(session.links);
  for (const [system, ids] of idsBySource) {
    remember(
      baselines,
      slot(flow, entity, system),
      ids,
      await session.baselines.getMany({ flow, entity, system }, ids),
    );
    const other = sidesOf(plan, system).target.system;
    if (!findMany) continue;
    const found = await findMany(entity, system, ids, other);
    remember(links, slot(entity, system, other), ids, found);
    // The linked records' baselines in the other system, which the decision reads next.
    const linkedIds = [...found.values()].map((l) => (l.a.system === other ? l.a.id : l.b.id));
    remember(
      baselines,
      slot(flow, entity, other),
      linkedIds,
      await session.baselines.getMany({ flow, entity, system: other }, linkedIds),
    );
  }
  return withReads(session, baselines, links);
}

/** Adds what was asked and found to a slot (a two-way batch asks one system's records twice). */
function remember<T>(
  slots: Map<string, Known<T>>,
  key: string,
  asked: readonly string[],
  found: ReadonlyMap<string, T>,
): void {
  const known = slots.get(key);
  if (!known) {
    slots.set(key, { asked: new Set(asked), found });
    return;
  }
  slots.set(key, { asked: new Set([...known.asked, ...asked]), found: new Map([...known.found, ...found]) });
}

function withReads(
  session: StoreSession,
  baselines: ReadonlyMap<string, Known<Baseline>>,
  links: ReadonlyMap<string, Known<Link>>,
): StoreSession {
  const baselineRepo: BaselineRepo = {
    put: (b) => session.baselines.put(b),
    get(key) {
      const known = baselines.get(slot(key.flow, key.entity, key.system));
      if (known?.asked.has(key.recordId)) return Promise.resolve(known.found.get(key.recordId));
      return session.baselines.get(key);
    },
    getMany: (scope, ids) => session.baselines.getMany(scope, ids),
    listFlows: (entity, system, recordId) => session.baselines.listFlows(entity, system, recordId),
  };
  const linkRepo: LinkRepo = {
    put: (link) => session.links.put(link),
    find(entity, from, otherSystem) {
      const known = links.get(slot(entity, from.system, otherSystem));
      if (known?.asked.has(from.id)) return Promise.resolve(known.found.get(from.id));
      return session.links.find(entity, from, otherSystem);
    },
    listFor: (entity, ref) => session.links.listFor(entity, ref),
    remove: (entity, a, b) => session.links.remove(entity, a, b),
  };
  return {
    links: linkRepo,
    baselines: baselineRepo,
    cursors: session.cursors,
    runs: session.runs,
    deadLetters: session.deadLetters,
    reviews: session.reviews,
    schemaSnapshots: session.schemaSnapshots,
    flows: session.flows,
    audit: session.audit,
  };
}
