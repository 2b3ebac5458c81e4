import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDocs } from './docs.ts';
import { parseContract } from './loader.ts';
import { formatLocatedError } from './located-error.ts';

const minimal = readFileSync('test/contract/fixtures/valid-minimal.yaml', 'utf8');
const PHONE = 'phone: { kind: string, owner: shopify, conflict: most-recent-wins }';
const TOTAL = 'total: { kind: money }';

function parsed(text: string) {
  const result = parseContract(text, 'c.yaml');
  return result.ok
    ? { contract: result.contract, errors: [] }
    : { errors: result.errors.map(formatLocatedError) };
}

describe("a field's normalise (how two of its values are compared)", () => {
  it('is read into the model for a string field, and absent where not written', () => {
    const { contract, errors } = parsed(
      minimal.replace(PHONE, 'phone: { kind: string, owner: shopify, normalise: [trim, digits-only] }'),
    );
    expect(errors).toEqual([]);
    expect(contract?.entities.customer?.fields.phone?.normalise).toEqual(['trim', 'digits-only']);
    expect(contract?.entities.customer?.fields.email).not.toHaveProperty('normalise');
  });

  it('accepts an email field too', () => {
    const text = minimal.replace(
      'email: { kind: email, owner: shopify, conflict: owner-wins }',
      'email: { kind: email, owner: shopify, normalise: [collapse-spaces] }',
    );
    expect(parsed(text).errors).toEqual([]);
  });

  it('rejects a misspelt normaliser where it is written, with the one meant', () => {
    const { errors } = parsed(
      minimal.replace(PHONE, 'phone: { kind: string, owner: shopify, normalise: [digit-only] }'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^c\.yaml:35:\d+: entities\.customer\.fields\.phone\.normalise\[0\] cannot be "digit-only" — did you mean "digits-only"\?/,
    );
  });

  it('rejects it on a money field, saying why', () => {
    const { errors } = parsed(minimal.replace(TOTAL, 'total: { kind: money, normalise: [trim] }'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^c\.yaml:49:29: salesOrder\.total is a money field, and normalise applies only to string and email fields/,
    );
    expect(errors[0]).toContain('numbers already compare by value');
  });

  it('rejects it on an enum field, pointing at the value map', () => {
    const { errors } = parsed(
      minimal.replace(
        'status: { kind: enum, values: [paid, refunded] }',
        'status: { kind: enum, values: [paid, refunded], normalise: [lowercase] }',
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      'salesOrder.status is an enum field, and normalise applies only to string and email fields',
    );
    expect(errors[0]).toContain('value map');
  });

  it('is shown beside the field kind in the generated docs', () => {
    const { contract } = parsed(
      minimal.replace(PHONE, 'phone: { kind: string, owner: shopify, normalise: [digits-only] }'),
    );
    const docs = renderDocs(contract!).markdown;
    expect(docs).toMatch(/\| phone \| string, compared after digits-only \|/);
    expect(docs).toMatch(/\| email \| email \|/);
  });
});
