import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../store/audit-repo.ts';
import { canonicalAuditContent, hashAuditEvent } from './audit-log.ts';
import { canonicalJson } from './canonical-json.ts';

type Body = Omit<AuditRecord, 'hash' | 'prevHash'>;

const text = fc.option(fc.string(), { nil: null });
const body: fc.Arbitrary<Body> = fc.record({
  seq: fc.nat(),
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  kind: fc.constantFrom('field-written' as const, 'operator-action' as const),
  actor: fc.string(),
  system: text,
  entity: text,
  recordId: text,
  recordKey: text,
  field: text,
  oldValue: fc.jsonValue(),
  newValue: fc.jsonValue(),
  runId: text,
  flow: text,
  rule: text,
  sourceSystem: text,
  sourceVersion: text,
  action: text,
  detail: fc.jsonValue(),
});

describe('audit hashing', () => {
  it('writes the same canonical text as canonicalJson of the hashed members, and hashes it as specified', () => {
    fc.assert(
      fc.property(body, fc.string({ minLength: 64, maxLength: 64 }), (b, prev) => {
        const generic = canonicalJson(b);
        expect(canonicalAuditContent(b)).toBe(generic);
        expect(hashAuditEvent(prev, b)).toBe(
          createHash('sha256').update(prev).update('\n').update(generic).digest('hex'),
        );
      }),
    );
  });

  it('drops undefined members as canonicalJson does', () => {
    const b = { seq: 1, at: '2026-11-28T10:00:00.000Z', kind: 'field-written', actor: 'accord' } as Body;
    expect(canonicalAuditContent(b)).toBe(canonicalJson(b));
  });
});
