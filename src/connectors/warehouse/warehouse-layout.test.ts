import { describe, expect, it } from 'vitest';
import { UserInputError, ValidationRejected } from '../../model/errors.ts';
import { tableLayoutOf } from './table-layout.ts';
import { decodeFields, encodeFields, isoInstant } from './value-codec.ts';
import { customerEntity, invoiceHistoryEntity } from './warehouse-test-kit.ts';

const where = { system: 'dwh', recordId: 'C-1' };

describe('warehouse table layout', () => {
  it('puts system columns first, money in two columns, and history columns only in history mode', () => {
    const current = tableLayoutOf(customerEntity);
    expect(current.columns.slice(0, 2).map((c) => c.column)).toEqual(['_accord_key', '_accord_modified_at']);
    expect(
      current.fieldColumns.filter((c) => c.field === 'balance').map((c) => [c.column, c.sqlKind]),
    ).toEqual([
      ['balance', 'decimal'],
      ['balance_currency', 'text'],
    ]);
    expect(current.primaryKey).toEqual(['_accord_key']);
    const history = tableLayoutOf(invoiceHistoryEntity);
    expect(history.columns.map((c) => c.column)).toContain('valid_to');
    expect(history.primaryKey).toEqual(['_accord_key', '_accord_version']);
  });

  it.each([
    [
      { name: 'x', table: 'Robert"); DROP', fields: [{ name: 'a', kind: 'string' as const }] },
      'plain SQL identifier',
    ],
    [{ name: 'x', fields: [{ name: 'status', kind: 'enum' as const }] }, 'needs its "values"'],
    [
      {
        name: 'x',
        fields: [
          { name: 'total', kind: 'money' as const },
          { name: 'totalCurrency', kind: 'string' as const },
        ],
      },
      'used twice',
    ],
    [{ name: 'x', fields: [{ name: 'validFrom', kind: 'date' as const }] }, 'reserved'],
  ])('refuses a bad entity description with where and how to fix it (%#)', (entity, message) => {
    expect(() => tableLayoutOf(entity)).toThrow(UserInputError);
    expect(() => tableLayoutOf(entity)).toThrow(message);
  });
});

describe('warehouse value codec', () => {
  const layout = tableLayoutOf(customerEntity);

  it('encodes money exactly, without padding or float', () => {
    const encoded = encodeFields(layout, { balance: { amount: '0.10', currency: 'KWD' } }, where);
    expect([...encoded]).toEqual([
      ['balance', '0.1'],
      ['balance_currency', 'KWD'],
    ]);
    expect(decodeFields(layout, { balance: '0.1000000000', balance_currency: 'KWD' }).balance).toEqual({
      amount: '0.100',
      currency: 'KWD',
    });
  });

  it.each([
    [{ balance: { amount: '1.5', currency: 'XXQ' } }, 'balance'],
    [{ creditLimit: 1.5 }, 'creditLimit'],
    [{ orderCount: 1.5 }, 'orderCount'],
    [{ since: '28/11/2026' }, 'since'],
    [{ lastOrderAt: 'yesterday' }, 'lastOrderAt'],
    [{ vip: 'yes' }, 'vip'],
  ])('refuses %j as ValidationRejected naming the record and field', (fields, field) => {
    const attempt = () => encodeFields(layout, fields, where);
    expect(attempt).toThrow(ValidationRejected);
    expect(attempt).toThrow(new RegExp(`C-1.*${field}`));
  });

  it.each([
    ['2026-11-28 14:00:00+00', '2026-11-28T14:00:00.000Z'],
    ['2026-11-28 14:00:00.12+00', '2026-11-28T14:00:00.120Z'],
    ['2026-11-28 14:00:00.123456+00', '2026-11-28T14:00:00.123Z'],
    ['2026-11-28 15:30:00+01:30', '2026-11-28T14:00:00.000Z'],
  ])('reads database timestamp text %s as %s', (text, iso) => {
    expect(isoInstant(text)).toBe(iso);
  });
});
