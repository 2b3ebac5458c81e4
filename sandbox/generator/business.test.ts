import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBusiness, generateBusinessToDirectory, writeBusiness } from './business.ts';
import { readBusinessRecords, readBusinessSummary } from './business-reader.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-generator-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file under a directory → sha256 of its bytes. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('generateBusiness', () => {
  it('is deterministic: the same seed, scale and scenario give byte-identical files; another seed differs', () => {
    const a = tempDir();
    const b = tempDir();
    const c = tempDir();
    generateBusinessToDirectory({ seed: 11, scale: 4000, scenario: 'full' }, a);
    generateBusinessToDirectory({ seed: 11, scale: 4000, scenario: 'full' }, b);
    generateBusinessToDirectory({ seed: 12, scale: 4000, scenario: 'full' }, c);
    const first = digest(a);
    expect(Object.keys(first).length).toBeGreaterThan(30);
    expect(digest(b)).toEqual(first);
    const other = digest(c);
    expect(Object.keys(other).sort()).toEqual(Object.keys(first).sort());
    const differing = Object.keys(first).filter((k) => other[k] !== first[k]);
    expect(differing).toContain('netsuite/salesOrder.ndjson');
    expect(differing).toContain('stripe/payment_intents.ndjson');
  });

  it('streams to the same bytes as writing the in-memory business', () => {
    const streamed = tempDir();
    const written = tempDir();
    generateBusinessToDirectory({ seed: 5, scale: 3000, scenario: 'awkward' }, streamed);
    const files = writeBusiness(generateBusiness({ seed: 5, scale: 3000, scenario: 'awkward' }), written);
    expect(files).toContain('manifest.json');
    expect(files).toContain('summary.json');
    expect(files).toContain('shopify/accord-goods-jp/orders.ndjson');
    expect(digest(written)).toEqual(digest(streamed));
  });

  it('writes one NDJSON file per system/object, a manifest and a summary that counts them', () => {
    const dir = tempDir();
    const { summary, files } = generateBusinessToDirectory(
      { seed: 3, scale: 2500, scenario: 'planted' },
      dir,
    );
    const parsed = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(parsed).toEqual(summary);
    for (const [path, count] of Object.entries(summary.counts)) {
      const lines = readFileSync(join(dir, `${path}.ndjson`), 'utf8')
        .split('\n')
        .filter(Boolean);
      expect(lines.length, path).toBe(count);
      expect(() => JSON.parse(lines[0]!)).not.toThrow();
    }
    const systemRecords = Object.entries(summary.counts)
      .filter(([path]) => !path.startsWith('truth/'))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(summary.records).toBe(systemRecords);
    expect(Math.abs(summary.records - 2500) / 2500).toBeLessThan(0.1);
    expect(files.filter((f) => f.endsWith('.ndjson')).length).toBe(Object.keys(summary.counts).length);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).disagreements.length).toBeGreaterThan(
      0,
    );
  });

  it('refuses bad options with a clear message', () => {
    expect(() => generateBusiness({ seed: 1.5, scale: 1000 })).toThrow(/seed must be an integer/);
    expect(() => generateBusiness({ seed: 1, scale: 10 })).toThrow(/scale must be an integer ≥ 200/);
    expect(() => generateBusiness({ seed: 1, scale: 1000, scenario: 'nope' as 'clean' })).toThrow(
      /unknown scenario "nope"/,
    );
    expect(() =>
      generateBusiness({ seed: 1, scale: 300, scenario: { base: 'planted', plant: { missingOrder: 5000 } } }),
    ).toThrow(/raise the scale or lower the dials/);
  });
});

describe('readBusinessRecords', () => {
  it('streams back exactly what was generated, and names a missing path', async () => {
    const dir = tempDir();
    const business = generateBusiness({ seed: 8, scale: 1500, scenario: 'clean' });
    writeBusiness(business, dir);
    expect(readBusinessSummary(dir)).toEqual(business.summary);
    const read: unknown[] = [];
    for await (const record of readBusinessRecords(dir, 'netsuite/salesOrder')) read.push(record);
    expect(read).toEqual(business.records('netsuite/salesOrder'));
    await expect(readBusinessRecords(dir, 'netsuite/nothing').next()).rejects.toThrow(
      /no records for "netsuite\/nothing"/,
    );
  });
});
