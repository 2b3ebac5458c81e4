import { describe, expect, it } from 'vitest';
import { Tolerance } from './tolerance.ts';

describe('Tolerance', () => {
  const t = new Tolerance({ default: '0.01', KWD: '0.005', JPY: '0' });

  it('allows half a fils in KWD, nothing in JPY, a cent elsewhere', () => {
    expect(t.within('KWD', '1.235', '1.24')).toBe(true);
    expect(t.within('KWD', '1.234', '1.24')).toBe(false);
    expect(t.within('jpy', '1999', '1999')).toBe(true);
    expect(t.within('JPY', '1999', '2000')).toBe(false);
    expect(t.within('USD', '10.00', '10.01')).toBe(true);
    expect(t.within('USD', '10.00', '10.02')).toBe(false);
  });

  it('scales with the number of records summed', () => {
    expect(t.within('KWD', '10.000', '10.020', 4)).toBe(true);
    expect(t.within('KWD', '10.000', '10.021', 4)).toBe(false);
  });

  it('agrees with Decimal for negative amounts and beyond ten decimals', () => {
    expect(t.within('USD', '-1.005', '-1.015')).toBe(true);
    expect(t.within('USD', '-1.005', '0.005')).toBe(false);
    expect(t.within('USD', '1.00000000001', '1.01000000001')).toBe(true);
    expect(t.within('USD', '1.00000000001', '1.01000000002')).toBe(false);
  });

  it('is zero without a default', () => {
    expect(new Tolerance({}).within('EUR', '1', '1.0000001')).toBe(false);
  });
});
