import { describe, expect, it } from 'vitest';
import { decideField, type FieldPolicy } from './decide-field.ts';
import { sameNormalised, sameValue } from './mapping/comparable.ts';

const oneWay: FieldPolicy = {
  field: 'phone',
  source: 'shopify',
  target: 'netsuite',
  owner: 'shopify',
  twoWay: false,
  conflictRule: 'owner-wins',
  onNonOwnerChange: 'revert',
};
const eq = (a: unknown, b: unknown) => a === b;

describe('decideField', () => {
  it("propagates the owner's change", () => {
    const d = decideField(
      oneWay,
      { sourceValue: 'new', targetValue: 'old', baseline: { source: 'old', target: 'old' } },
      eq,
    );
    expect(d).toEqual({ action: 'propagate', to: 'netsuite', value: 'new', rule: 'owner-changed' });
  });

  it('seeds a new link from the owner only', () => {
    expect(
      decideField(oneWay, { sourceValue: 'x', targetValue: undefined, baseline: undefined }, eq),
    ).toMatchObject({ action: 'propagate', rule: 'initial-sync' });
    const fromNonOwner = { ...oneWay, owner: 'netsuite' };
    expect(
      decideField(fromNonOwner, { sourceValue: 'x', targetValue: 'y', baseline: undefined }, eq),
    ).toMatchObject({ action: 'revert', to: 'shopify', value: 'y' });
    expect(
      decideField(oneWay, { sourceValue: 'x', targetValue: 'x', baseline: undefined }, eq),
    ).toMatchObject({ action: 'unchanged', rule: 'already-equal' });
  });

  it("seeds a record it creates with the non-owner's values too: no owner value exists there", () => {
    const fromNonOwner = { ...oneWay, owner: 'netsuite' };
    expect(
      decideField(
        fromNonOwner,
        { sourceValue: 'x', targetValue: undefined, baseline: undefined, creating: true },
        eq,
      ),
    ).toEqual({ action: 'propagate', to: 'netsuite', value: 'x', rule: 'initial-sync' });
    // Nothing to seed with: left unset.
    expect(
      decideField(
        fromNonOwner,
        { sourceValue: null, targetValue: undefined, baseline: undefined, creating: true },
        eq,
      ),
    ).toMatchObject({ action: 'unchanged' });
    // The record exists: the owner's side is not seeded from the non-owner.
    expect(
      decideField(fromNonOwner, { sourceValue: 'x', targetValue: undefined, baseline: undefined }, eq),
    ).toMatchObject({ action: 'unchanged', rule: 'no-change' });
  });

  it("never propagates a non-owner's change: reverts or flags it", () => {
    const policy = { ...oneWay, owner: 'netsuite' };
    const seen = {
      sourceValue: 'edited',
      targetValue: 'owner',
      baseline: { source: 'owner', target: 'owner' },
    };
    expect(decideField(policy, seen, eq)).toEqual({
      action: 'revert',
      to: 'shopify',
      value: 'owner',
      rule: 'non-owner-change-reverted',
    });
    const flagged = decideField({ ...policy, onNonOwnerChange: 'flag' }, seen, eq);
    expect(flagged.action).toBe('flag');
    expect(flagged.action === 'flag' && flagged.detail).toMatch(
      /changed in shopify, which does not own it \(owner: netsuite\)/,
    );
  });

  it('reverts a target-side edit of an owner field in a one-way flow', () => {
    const d = decideField(
      oneWay,
      { sourceValue: 'owner', targetValue: 'hand-edit', baseline: { source: 'owner', target: 'owner' } },
      eq,
    );
    expect(d).toEqual({
      action: 'revert',
      to: 'netsuite',
      value: 'owner',
      rule: 'non-owner-change-reverted',
    });
  });

  it('drops an echo: our own earlier write coming back', () => {
    const d = decideField(
      { ...oneWay, twoWay: true },
      {
        sourceValue: 'we-wrote',
        targetValue: 'we-wrote',
        baseline: { source: 'before', target: 'we-wrote', writtenToSource: 'we-wrote' },
      },
      eq,
    );
    expect(d).toEqual({ action: 'echo', rule: 'own-write-returned' });
  });

  it('compares a normalised field by its normalised form: an echo reformatted on save is still an echo', () => {
    // Accord wrote +19845550450 to the source side of a two-way flow; it saved it formatted.
    const seen = {
      sourceValue: '+1 (984) 555-0450',
      targetValue: '+19845550450',
      baseline: { source: '+19845550000', target: '+19845550450', writtenToSource: '+19845550450' },
    };
    const digits = sameNormalised(['digits-only']);
    expect(decideField({ ...oneWay, twoWay: true }, seen, digits)).toEqual({
      action: 'echo',
      rule: 'own-write-returned',
    });
    // Compared as text, the formatting is a change of the owner's, sent back for nothing.
    expect(decideField({ ...oneWay, twoWay: true }, seen, sameValue)).toMatchObject({
      action: 'propagate',
      rule: 'owner-changed',
    });
    // Different digits stay a change; a text normalised to nothing is no value, as '' is.
    expect(digits('+1 (984) 555-0450', '+1 (984) 555-0451')).toBe(false);
    expect(digits('n/a', null)).toBe(true);
    expect(digits(null, '+1 (984) 555-0450')).toBe(false);
  });

  it('applies the conflict rule when both sides of a two-way field changed', () => {
    const seen = {
      sourceValue: 's',
      targetValue: 't',
      baseline: { source: 'b', target: 'b' },
      sourceModifiedAt: '2026-11-01T10:00:00.000Z',
      targetModifiedAt: '2026-11-01T10:00:01.000Z',
    };
    const twoWay = { ...oneWay, twoWay: true };
    expect(decideField(twoWay, seen, eq)).toMatchObject({
      action: 'propagate',
      to: 'netsuite',
      value: 's',
      rule: 'conflict-owner-wins',
    });
    expect(decideField({ ...twoWay, owner: 'netsuite' }, seen, eq)).toMatchObject({
      action: 'revert',
      to: 'shopify',
      value: 't',
    });
    expect(decideField({ ...twoWay, conflictRule: 'most-recent-wins' }, seen, eq)).toMatchObject({
      action: 'revert',
      value: 't',
      rule: 'conflict-most-recent-wins',
    });
    expect(decideField({ ...twoWay, conflictRule: 'review' }, seen, eq)).toMatchObject({ action: 'review' });
    const tie = { ...seen, targetModifiedAt: seen.sourceModifiedAt };
    expect(decideField({ ...twoWay, conflictRule: 'most-recent-wins' }, tie, eq)).toMatchObject({
      action: 'review',
    });
  });

  it('moves a lone edit of a two-way field from either side', () => {
    const twoWay = { ...oneWay, twoWay: true, owner: 'netsuite' };
    const d = decideField(
      twoWay,
      { sourceValue: 'crm-edit', targetValue: 'b', baseline: { source: 'b', target: 'b' } },
      eq,
    );
    expect(d).toMatchObject({ action: 'propagate', to: 'netsuite', rule: 'shared-field-changed' });
  });

  it('reports nothing when nothing changed or both sides already agree', () => {
    expect(
      decideField(oneWay, { sourceValue: 'a', targetValue: 'a', baseline: { source: 'a', target: 'a' } }, eq)
        .action,
    ).toBe('unchanged');
    expect(
      decideField(oneWay, { sourceValue: 'n', targetValue: 'n', baseline: { source: 'a', target: 'a' } }, eq),
    ).toMatchObject({ rule: 'already-equal' });
  });
});
