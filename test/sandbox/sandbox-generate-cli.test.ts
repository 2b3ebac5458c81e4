/** `accord sandbox generate`: the CLI over the generator — files, summary, manifest path, usage errors. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-sandbox-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accord sandbox generate', () => {
  it('writes the business, prints the summary and where the manifest is, progress on stderr', async () => {
    const out = join(dir, 'business');
    const io = captureIo();
    const code = await main(
      ['sandbox', 'generate', '--seed', '5', '--scale', '800', '--scenario', 'planted', '--out', out],
      io,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      records: number;
      scenario: string;
    };
    expect(summary.scenario).toBe('planted');
    expect(io.out()).toContain(`${summary.records} records`);
    expect(io.out()).toContain(`manifest: ${join(out, 'manifest.json')}`);
    expect(io.err()).toContain('generating seed 5, scale 800, scenario planted');
    expect(existsSync(join(out, 'netsuite', 'salesOrder.ndjson'))).toBe(true);
  });

  it('is deterministic: the same seed and scale give the same files', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await main(['sandbox', 'generate', '--seed', '9', '--scale', '500', '--out', a], captureIo());
    await main(['sandbox', 'generate', '--seed', '9', '--scale', '500', '--out', b], captureIo());
    for (const file of ['manifest.json', 'summary.json', 'stripe/payment_intents.ndjson']) {
      expect(readFileSync(join(a, file), 'utf8')).toBe(readFileSync(join(b, file), 'utf8'));
    }
  });

  it('refuses a missing --out, a bad number and an unknown scenario with exit 2', async () => {
    for (const args of [
      ['--seed', '1', '--scale', '100'],
      ['--seed', 'x', '--scale', '100', '--out', dir],
      ['--seed', '1', '--scale', '100', '--scenario', 'chaos', '--out', dir],
    ]) {
      const io = captureIo();
      expect(await main(['sandbox', 'generate', ...args], io), args.join(' ')).toBe(2);
      expect(io.err()).toMatch(/--out|--seed|--scenario/);
    }
  });
});
