/**
 * Step 3 of the pipeline: find the record in the other system that is the same as this one.
 * Existing link → external id → the declared match keys in order, each compared after the
 * contract's normalisers (trim, lowercase, digits-only…). Exactly one candidate is a match; none
 * falls through to the next key; more than one is ambiguous, which is always a review.
 *
 * A link is one-to-one: a candidate already linked to a DIFFERENT source record (stored, or matched
 * by another change still in flight, see `match-claims.ts`) is never matched again by a key or
 * an external id — that too is a review, naming both source records and the existing link.
 *
 * @example
 *   const found = await matchRecord(side, canonical.values);
 *   if (found.kind === 'ambiguous') openReview(found.candidates);
 */

import type { Connector, SystemRecord } from '../connectors/connector.ts';
import type { EntityDef, EntityMapping, FlowDef, MatchKey } from '../contract/model.ts';
import { normaliseText } from '../contract/text-normalisers.ts';
import type { Normaliser } from '../contract/vocabulary.ts';
import type { FieldValue } from '../model/field-value.ts';
import type { MatchedBy, RecordRef, StoreSession } from '../store/store.ts';
import { toComparable } from './mapping/comparable.ts';
import { readCanonical } from './mapping/record-mapper.ts';
import { claimTarget } from './match-claims.ts';

export interface MatchContext {
  flow: FlowDef;
  entity: EntityDef;
  session: StoreSession;
  source: { system: string; id: string };
  /** The system written to, its connector and mapping. */
  target: { system: string; connector: Connector; mapping: EntityMapping };
  /** The external id Accord gives the source record in the target. */
  externalId: string;
  /** Scope of in-flight claims (the flow plan): see `match-claims.ts`. */
  claimScope: object;
}

/** A candidate record of the target, and the source record it is already linked to, if any. */
export interface MatchCandidate {
  record: SystemRecord;
  linkedTo?: RecordRef | undefined;
}

/** The link (stored, or in flight) that makes a single candidate unavailable. */
export interface ExistingLink {
  source: RecordRef;
  target: RecordRef;
  matchedBy: MatchedBy | 'in-flight';
  matchKey?: string | undefined;
}

export type MatchResult =
  | {
      kind: 'matched';
      record: SystemRecord | undefined;
      targetId: string;
      matchedBy: MatchedBy;
      matchKey?: string | undefined;
      linked: boolean;
    }
  | {
      kind: 'none';
      /** The external id was looked up in the target (one of the match keys) and found nowhere. */
      externalIdAbsent?: boolean | undefined;
    }
  | {
      kind: 'ambiguous';
      key: string;
      candidates: MatchCandidate[];
      /** Plain words for the review item: what matched, and why it is not taken. */
      reason: string;
      existingLink?: ExistingLink | undefined;
    };

export async function matchRecord(
  ctx: MatchContext,
  values: Readonly<Record<string, FieldValue>>,
): Promise<MatchResult> {
  const { target } = ctx;
  const objectType = target.mapping.record;
  const link = await ctx.session.links.find(ctx.flow.entity, ctx.source, target.system);
  if (link) {
    const targetId = link.a.system === target.system ? link.a.id : link.b.id;
    const record = await target.connector.get(objectType, targetId);
    return {
      kind: 'matched',
      record,
      targetId,
      matchedBy: link.matchedBy,
      matchKey: link.matchKey,
      linked: true,
    };
  }
  const keys: readonly MatchKey[] = ctx.flow.match?.keys ?? [{ kind: 'external-id' }];
  let externalIdAbsent = false;
  for (const key of keys) {
    if (key.kind === 'external-id') {
      const record = await target.connector.getByExternalId(objectType, ctx.externalId);
      if (record) return single(ctx, record, 'external id', { matchedBy: 'externalId' });
      externalIdAbsent = true;
      continue;
    }
    const found = await matchByFields(ctx, key, values);
    if (found) return found;
  }
  return { kind: 'none', externalIdAbsent };
}

/**
 * The target a reviewer chose (`accord reviews decide --choose`): taken as the match unless it is
 * linked to another source record, which the decision cannot override (remove that link first).
 */
export async function matchChosen(ctx: MatchContext, targetId: string): Promise<MatchResult> {
  const record = await ctx.target.connector.get(ctx.target.mapping.record, targetId);
  if (!record) return { kind: 'matched', record, targetId, matchedBy: 'review', linked: false };
  return single(ctx, record, 'a review decision', { matchedBy: 'review' });
}

async function matchByFields(
  ctx: MatchContext,
  key: Extract<MatchKey, { kind: 'fields' }>,
  values: Readonly<Record<string, FieldValue>>,
): Promise<MatchResult | undefined> {
  const wanted = key.fields.map((f) => normalised(key.normalise, values[f]));
  if (wanted.some((w) => w === undefined || w === '')) return undefined;
  const first = key.fields[0] as string;
  const path = ctx.target.mapping.fields[first]?.path;
  if (!path) return undefined;
  const hits = await findCandidates(ctx, path, key, values[first], wanted[0] as string);
  const candidates = hits.filter((hit) => {
    const theirs = readCanonical(hit.fields, ctx.target.mapping, ctx.entity, key.fields).values;
    return key.fields.every((f, i) => normalised(key.normalise, theirs[f]) === wanted[i]);
  });
  const name = key.fields.join('+');
  if (candidates.length === 0) return undefined;
  if (candidates.length > 1) {
    const annotated: MatchCandidate[] = [];
    for (const record of candidates) {
      const linkedTo = (await storedLinkElsewhere(ctx, record.id))?.source;
      annotated.push(linkedTo ? { record, linkedTo } : { record });
    }
    return {
      kind: 'ambiguous',
      key: name,
      candidates: annotated,
      reason: `${candidates.length} ${ctx.target.system} records match on ${name}`,
    };
  }
  return single(ctx, candidates[0] as SystemRecord, name, { matchedBy: 'key', matchKey: name });
}

/**
 * One candidate found by `how`: a match, unless it is linked (or being linked, in flight) to a
 * different source record.
 */
async function single(
  ctx: MatchContext,
  record: SystemRecord,
  how: string,
  by: { matchedBy: MatchedBy; matchKey?: string },
): Promise<MatchResult> {
  const target = { system: ctx.target.system, id: record.id };
  const existing =
    (await storedLinkElsewhere(ctx, record.id)) ??
    inFlight(claimTarget(ctx.claimScope, target, ctx.source), target);
  if (!existing) return { kind: 'matched', record, targetId: record.id, ...by, linked: false };
  const other = existing.source;
  const linkedHow =
    existing.matchedBy === 'in-flight'
      ? 'matched by it earlier in this run (link not recorded yet)'
      : `linked by ${existing.matchedBy}${existing.matchKey ? ` on ${existing.matchKey}` : ''}`;
  return {
    kind: 'ambiguous',
    key: how,
    candidates: [{ record, linkedTo: other }],
    existingLink: existing,
    reason:
      `${ctx.target.system} ${ctx.target.mapping.record} ${record.id} matches ${ctx.source.system} ${ctx.source.id} on ${how}, ` +
      `but it is already linked to ${other.system} ${other.id} (${linkedHow}); a record links to one record only. ` +
      `Decide: create a new ${ctx.target.system} record, skip, or remove the existing link first and choose ${record.id}.`,
  };
}

/** The stored link of the target record `id` to a source record other than this one, if any. */
async function storedLinkElsewhere(ctx: MatchContext, id: string): Promise<ExistingLink | undefined> {
  const target = { system: ctx.target.system, id };
  const link = await ctx.session.links.find(ctx.flow.entity, target, ctx.source.system);
  if (!link) return undefined;
  const other = link.a.system === ctx.source.system ? link.a : link.b;
  if (other.id === ctx.source.id) return undefined;
  return { source: other, target, matchedBy: link.matchedBy, matchKey: link.matchKey };
}

function inFlight(claimant: RecordRef | undefined, target: RecordRef): ExistingLink | undefined {
  return claimant ? { source: claimant, target, matchedBy: 'in-flight' } : undefined;
}

function normalised(normalisers: readonly Normaliser[], value: FieldValue | undefined): string | undefined {
  const comparable = toComparable(value);
  if (comparable === null) return undefined;
  return normaliseText(typeof comparable === 'string' ? comparable : JSON.stringify(comparable), normalisers);
}

/**
 * Every target record the system returns for the key's first field, asked as the contract
 * normalises it AND as the source holds it (when they differ): the normalised form finds a target
 * that stores the key normalised (`shared@x.com` for a source's `Shared@x.com`), the source's
 * form finds one that stores it as the source does (`+1 (555) 010-0000` for a digits-only key),
 * and a key that ignores case is asked case-insensitively where the system can say so. Whatever
 * the target's search semantics, the caller then keeps only the candidates whose normalised key
 * equals ours, so matching is by the normalised key.
 */
async function findCandidates(
  ctx: MatchContext,
  path: string,
  key: Extract<MatchKey, { kind: 'fields' }>,
  value: FieldValue | undefined,
  normalisedValue: string,
): Promise<SystemRecord[]> {
  const ignoreCase =
    key.normalise.includes('lowercase') || key.normalise.includes('uppercase') || isEmail(value);
  // Asked case-insensitively, two values that differ only by case are one question.
  const seen = new Set<string>();
  const asked = [normalisedValue, rawQueryValue(value)].filter((v) => {
    const k = ignoreCase ? v.toLowerCase() : v;
    if (v === '' || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const byId = new Map<string, SystemRecord>();
  for (const v of asked) {
    const hits = await ctx.target.connector.findByField(ctx.target.mapping.record, path, v, { ignoreCase });
    for (const hit of hits) if (!byId.has(hit.id)) byId.set(hit.id, hit);
  }
  return [...byId.values()];
}

function isEmail(value: FieldValue | undefined): boolean {
  return !!value && typeof value === 'object' && 'kind' in value && value.kind === 'email';
}

/** The key's text as the source holds it (an email as typed, trimmed). */
function rawQueryValue(value: FieldValue | undefined): string {
  if (value && typeof value === 'object' && 'kind' in value && value.kind === 'email')
    return value.original.trim();
  const comparable = toComparable(value);
  return typeof comparable === 'string' ? comparable : JSON.stringify(comparable);
}
