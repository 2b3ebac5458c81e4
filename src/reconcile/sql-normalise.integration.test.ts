/**
 * The SQL spelling of each normaliser gives, in DuckDB and in the real PostgreSQL, what the one
 * JavaScript table gives — or, for lowercase/uppercase beyond ASCII, at least never calls equal
 * what JavaScript calls different (the pushed-down comparison's one requirement).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbAdapter } from '../connectors/duckdb/duckdb-adapter.ts';
import { PostgresAdapter } from '../connectors/postgres/postgres-adapter.ts';
import type { WarehouseAdapter } from '../connectors/warehouse/warehouse-adapter.ts';
import { normaliseText } from '../contract/text-normalisers.ts';
import { NORMALISERS, type Normaliser } from '../contract/vocabulary.ts';
import { normalisedDiffers, normalisedSql } from './sql-normalise.ts';
import { lit } from './sql-side.ts';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };

const SAMPLES = [
  '+1 (984) 555-0450',
  '+19845550450',
  '  Acme   Corp\t',
  '\u00a0Acme\u2003Corp\u3000',
  '\u000bline\r\nbreak\u2028end\ufeff',
  'no digits',
  '   ',
  'Ünïcödé Straße',
  '٣٤٥ Arabic-Indic 12',
  'İstanbul',
  'a\u200bb', // zero-width space: not whitespace in JavaScript
];

const JS = (text: string, normalisers: readonly Normaliser[]) => normaliseText(text, normalisers) || null;

describe.each(['duckdb', 'postgres'] as const)('normalisers in SQL (%s)', (kind) => {
  let db: WarehouseAdapter;
  beforeAll(async () => {
    db =
      kind === 'duckdb'
        ? await DuckDbAdapter.open({ system: 'x', path: ':memory:' })
        : await PostgresAdapter.connect({ system: 'x', ...PG });
  });
  afterAll(async () => db?.close());

  const one = async (sql: string) => (await db.withSession((s) => s.query(`SELECT ${sql} AS v`)))[0]?.v;
  /** A condition's truth as text: PostgreSQL's driver reads a boolean as a JS boolean, DuckDB's as text. */
  const holds = async (condition: string) =>
    (await one(`CASE WHEN ${condition} THEN 'yes' ELSE 'no' END`)) === 'yes';

  for (const n of ['trim', 'digits-only', 'collapse-spaces'] as const) {
    it(`${n} gives exactly what JavaScript gives`, async () => {
      for (const text of SAMPLES)
        expect([text, await one(normalisedSql(lit(text), [n]))]).toEqual([text, JS(text, [n])]);
    });
  }

  it('a chain of normalisers, applied in order', async () => {
    const chain: Normaliser[] = ['collapse-spaces', 'lowercase'];
    expect(await one(normalisedSql(lit('  ACME \u00a0 Corp '), chain))).toBe('acme corp');
  });

  it('never calls two texts equal that JavaScript calls different', async () => {
    const pairs = SAMPLES.flatMap((a) => SAMPLES.map((b) => [a, b] as const)).concat([
      ['İstanbul', 'istanbul'],
      ['STRASSE', 'straße'],
      ['\u212a', 'k'], // Kelvin sign lower-cases to k
      ['+1 984 555 0450', '+1 (984) 555-0450'],
    ]);
    for (const normalisers of NORMALISERS.map((n) => [n])) {
      for (const [a, b] of pairs) {
        const sqlDiffers = await holds(`(${normalisedDiffers(lit(a), lit(b), normalisers)})`);
        if (JS(a, normalisers) !== JS(b, normalisers))
          expect([normalisers, a, b, sqlDiffers]).toEqual([normalisers, a, b, true]);
      }
    }
    // And equal digits are equal: pushed down, a formatted phone is no suspect.
    expect(
      await holds(`(${normalisedDiffers(lit('+19845550450'), lit('+1 (984) 555-0450'), ['digits-only'])})`),
    ).toBe(false);
  });
});
