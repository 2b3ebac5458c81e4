import { describe, expect, it } from 'vitest';
import { compareCursor } from './cursor-order.ts';

const at = (modifiedAt: string, id: string) => ({ modifiedAt, id });

describe('compareCursor', () => {
  it('orders by instant first, whatever the ISO spelling', () => {
    expect(compareCursor(at('2026-11-28T10:00:00Z', '9'), at('2026-11-28T10:00:00.000Z', '9'))).toBe(0);
    expect(
      compareCursor(at('2026-11-28T11:00:00+01:00', '5'), at('2026-11-28T10:00:00.001Z', '1')),
    ).toBeLessThan(0);
  });

  it('then by id: numerically when both are whole numbers, else as text', () => {
    const t = '2026-11-28T10:00:00.000Z';
    expect(compareCursor(at(t, '9'), at(t, '10'))).toBeLessThan(0);
    expect(compareCursor(at(t, '007'), at(t, '10'))).toBeLessThan(0);
    expect(compareCursor(at(t, '0010'), at(t, '10'))).not.toBe(0); // different ids never compare equal
    expect(compareCursor(at(t, '001Ab0000003'), at(t, '001Ab0000010'))).toBeLessThan(0);
  });

  it('names a bad modifiedAt', () => {
    expect(() => compareCursor(at('last tuesday', '1'), at('2026-11-28T10:00:00.000Z', '1'))).toThrow(
      /cursor modifiedAt "last tuesday" is not an ISO-8601 instant/,
    );
  });
});
