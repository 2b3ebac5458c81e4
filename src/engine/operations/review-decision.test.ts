import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../store/store.ts';
import { describeDecision, parseReviewDecision } from './review-decision.ts';

const base = {
  flow: 'customers',
  entity: 'customer',
  recordKey: 'shop:7',
  field: '',
  state: 'open',
  createdAt: '2026-11-28T10:00:00.000Z',
} as const;
const match: ReviewItem = {
  ...base,
  id: 1,
  kind: 'ambiguous-match',
  candidates: [
    { system: 'erp', id: '88', fields: {} },
    { system: 'erp', id: '89', fields: {} },
  ],
};
const conflict: ReviewItem = {
  ...base,
  id: 2,
  kind: 'conflict',
  field: 'phone',
  candidates: [
    { system: 'shop', value: '1' },
    { system: 'erp', value: '2' },
  ],
};
const enumItem: ReviewItem = {
  ...base,
  id: 3,
  kind: 'unknown-enum',
  field: 'tier',
  candidates: ['PLATINUM'],
};

describe('review decisions from the command line', () => {
  it('turns a chosen candidate into the engine decision for each kind', () => {
    expect(parseReviewDecision(match, { choose: '2' })).toEqual({ ok: true, decision: { match: '89' } });
    expect(parseReviewDecision(match, { choose: '88' })).toEqual({ ok: true, decision: { match: '88' } });
    expect(parseReviewDecision(match, { choose: 'erp:89' })).toEqual({ ok: true, decision: { match: '89' } });
    expect(parseReviewDecision(conflict, { choose: 'erp' })).toEqual({
      ok: true,
      decision: { keep: 'target' },
    });
    expect(parseReviewDecision(conflict, { choose: '1' })).toEqual({
      ok: true,
      decision: { keep: 'source' },
    });
    expect(parseReviewDecision(enumItem, { value: 'gold' })).toEqual({
      ok: true,
      decision: { value: 'gold' },
    });
    expect(parseReviewDecision(match, { create: true })).toEqual({ ok: true, decision: { create: true } });
    expect(parseReviewDecision(conflict, { skip: true })).toEqual({ ok: true, decision: { skip: true } });
  });

  it('refuses answers that do not fit, naming the valid ones', () => {
    expect(parseReviewDecision(match, { choose: '3' })).toEqual({
      ok: false,
      message: 'review 1: "3" is not one of its candidates; choose 1 (erp:88), 2 (erp:89)',
    });
    expect(parseReviewDecision(conflict, { create: true })).toMatchObject({ ok: false });
    expect(parseReviewDecision(match, { value: 'x' })).toMatchObject({ ok: false });
    expect(parseReviewDecision(enumItem, { value: ' ' })).toMatchObject({ ok: false });
    expect(
      parseReviewDecision({ ...match, state: 'decided', decidedBy: 'bo' }, { skip: true }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('already decided by bo'),
    });
  });

  it('describes a decision in words', () => {
    expect(describeDecision(conflict, { keep: 'target' })).toBe('keep erp\'s value "2"');
    expect(describeDecision(match, { match: '89' })).toBe('link to record 89');
  });
});

describe('a deletion review from the command line', () => {
  const deletion: ReviewItem = {
    ...base,
    id: 4,
    kind: 'deletion',
    candidates: [{ system: 'netsuite', id: '1042' }],
  };

  it('propagates with --choose 1 (or the record), keeps the record with --skip, refuses --value and --create', () => {
    expect(parseReviewDecision(deletion, { choose: '1' })).toEqual({
      ok: true,
      decision: { propagate: true },
    });
    expect(parseReviewDecision(deletion, { choose: 'netsuite:1042' })).toEqual({
      ok: true,
      decision: { propagate: true },
    });
    expect(parseReviewDecision(deletion, { choose: '2' })).toMatchObject({ ok: false });
    expect(parseReviewDecision(deletion, { skip: true })).toEqual({ ok: true, decision: { skip: true } });
    expect(parseReviewDecision(deletion, { value: 'x' })).toMatchObject({ ok: false });
    expect(parseReviewDecision(deletion, { create: true })).toMatchObject({ ok: false });
    expect(describeDecision(deletion, { propagate: true })).toBe(
      'propagate the deletion to netsuite:1042 (delete or inactivate it)',
    );
  });
});
