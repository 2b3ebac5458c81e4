import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { coerceField, isPlainDate, toUtcInstant } from './field-value.ts';
import { Money } from './money.ts';

describe('field kinds', () => {
  it('keeps an email as written and normalises it only for matching', () => {
    const result = coerceField({ kind: 'email' }, '  Ana@Example.COM ');
    expect(result).toEqual({
      ok: true,
      value: { kind: 'email', original: '  Ana@Example.COM ', normalised: 'ana@example.com' },
    });
    expect(coerceField({ kind: 'email' }, 'not-an-email')).toEqual({
      ok: false,
      reason: '"not-an-email" is not an email address',
    });
    expect(coerceField({ kind: 'email' }, '')).toEqual({ ok: true, value: null });
  });

  it('tells a date from a datetime and never truncates one into the other', () => {
    expect(isPlainDate('2026-02-28')).toBe(true);
    expect(isPlainDate('2026-02-30')).toBe(false);
    expect(coerceField({ kind: 'date' }, '2026-10-31T23:00:00Z').ok).toBe(false);
    expect(toUtcInstant('2026-10-31T23:30:00-08:00')).toBe('2026-11-01T07:30:00.000Z');
    expect(coerceField({ kind: 'datetime' }, '2026-10-31')).toMatchObject({ ok: false });
    expect(coerceField({ kind: 'datetime' }, '2026-10-31T12:00:00')).toMatchObject({ ok: false });
  });

  it('accepts only declared enum values, naming them when it refuses', () => {
    const spec = { kind: 'enum', values: ['authorised', 'paid'] } as const;
    expect(coerceField(spec, 'paid')).toEqual({ ok: true, value: 'paid' });
    expect(coerceField(spec, 'refunded')).toEqual({
      ok: false,
      reason: '"refunded" is not a declared value (authorised, paid)',
    });
  });

  it('takes decimals and money only as strings', () => {
    expect(coerceField({ kind: 'decimal' }, 0.1)).toMatchObject({ ok: false });
    const d = coerceField({ kind: 'decimal' }, '0.10');
    expect(d.ok && (d.value as Decimal).equals(new Decimal('0.1'))).toBe(true);
    const m = coerceField({ kind: 'money' }, { amount: '12.345', currency: 'kwd' });
    expect(m.ok && (m.value as Money).equals(Money.of('12.345', 'KWD'))).toBe(true);
    expect(coerceField({ kind: 'money' }, { amount: 12.3, currency: 'USD' })).toMatchObject({ ok: false });
  });

  it('keeps null and the empty string apart', () => {
    expect(coerceField({ kind: 'string' }, null)).toEqual({ ok: true, value: null });
    expect(coerceField({ kind: 'string' }, '')).toEqual({ ok: true, value: '' });
  });

  it('coerces order lines field by field, naming the failing line', () => {
    const spec = { kind: 'lines', fields: { sku: { kind: 'string' }, amount: { kind: 'money' } } } as const;
    const ok = coerceField(spec, [{ sku: 'A', amount: { amount: '1.00', currency: 'USD' } }]);
    expect(ok.ok).toBe(true);
    expect(
      coerceField(spec, [{ sku: 'A', amount: { amount: '1.00', currency: 'USD' } }, { sku: 7 }]),
    ).toEqual({
      ok: false,
      reason: 'line 2, sku: expected text, got the number 7',
    });
  });

  it('takes integers exactly, including beyond 2^53 as strings', () => {
    expect(coerceField({ kind: 'integer' }, '900719925474099312345')).toEqual({
      ok: true,
      value: 900719925474099312345n,
    });
    expect(coerceField({ kind: 'integer' }, 1.5)).toMatchObject({ ok: false });
  });
});
