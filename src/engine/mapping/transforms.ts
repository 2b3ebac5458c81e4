/**
 * The contract's named value transforms, applied when reading a system value into the canonical
 * record, and their inverses where one exists (`minor-units`, `unix-seconds`) when writing back.
 * Text transforms (`trim`, `lowercase`…) have no inverse: the canonical text is written as is.
 */
import { NORMALISE } from '../../contract/text-normalisers.ts';
import type { Transform } from '../../contract/vocabulary.ts';

export type TransformResult = { ok: true; value: unknown } | { ok: false; reason: string };

const TEXT: Partial<Record<Transform, (s: string) => string>> = NORMALISE;

/** Applies read transforms in order. `minor-units` is handled with the currency by the mapper. */
export function applyReadTransforms(transforms: readonly Transform[], raw: unknown): TransformResult {
  let value = raw;
  for (const t of transforms) {
    if (value === null || value === undefined) return { ok: true, value };
    const text = TEXT[t];
    if (text) {
      if (typeof value !== 'string') return { ok: false, reason: `${t} expects text, got ${typeof value}` };
      value = text(value);
    } else if (t === 'unix-seconds') {
      const seconds = typeof value === 'string' ? Number(value) : value;
      if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds))
        return { ok: false, reason: `unix-seconds expects whole seconds, got ${String(value)}` };
      value = new Date(seconds * 1000).toISOString();
    } else if (t === 'date-only') {
      if (typeof value !== 'string')
        return { ok: false, reason: `date-only expects a date, got ${typeof value}` };
      const ms = Date.parse(value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
      if (Number.isNaN(ms)) return { ok: false, reason: `date-only cannot read "${value}"` };
      value = new Date(ms).toISOString().slice(0, 10);
    }
    // minor-units: the mapper turns integer minor units into money, knowing the currency.
  }
  return { ok: true, value };
}

/** Inverse of the read transforms for writing, where one exists. */
export function applyWriteTransforms(transforms: readonly Transform[], value: unknown): unknown {
  let out = value;
  for (const t of [...transforms].reverse()) {
    if (t === 'unix-seconds' && typeof out === 'string') out = Math.floor(Date.parse(out) / 1000);
  }
  return out;
}
