import { describe, expect, it } from 'vitest';
import { dialCount, resolveScenario, SCENARIOS } from './scenario.ts';

describe('scenarios and dials', () => {
  it('turns a dial into a count: absolute, or a rate of the eligible with a floor, never more than exist', () => {
    expect(dialCount(4, 100)).toBe(4);
    expect(dialCount(400, 100)).toBe(100);
    expect(dialCount({ rate: 0.002 }, 119_000)).toBe(238);
    expect(dialCount({ rate: 0.002, min: 3 }, 100)).toBe(3);
    expect(() => dialCount(1.5, 10)).toThrow(/whole count/);
    expect(() => dialCount(-1, 10)).toThrow(/whole count/);
  });

  it('resolves presets, and a preset with dials overridden', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(['awkward', 'clean', 'full', 'month-end', 'planted']);
    expect(resolveScenario(undefined).name).toBe('full');
    const custom = resolveScenario({ base: 'clean', plant: { missingOrder: 5 }, monthEndWeight: 9 });
    expect(custom.name).toBe('clean+custom');
    expect(custom.plant.missingOrder).toBe(5);
    expect(custom.plant.wrongStatus).toBe(0);
    expect(custom.monthEndWeight).toBe(9);
    expect(() => resolveScenario('weekend' as 'clean')).toThrow(
      /unknown scenario "weekend"; use one of clean, month-end/,
    );
  });
});
