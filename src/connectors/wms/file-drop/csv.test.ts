import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, formatCsv, parseCsv } from './csv.ts';

describe('RFC 4180 CSV', () => {
  it('parses quoted commas, doubled quotes, embedded line breaks and keeps each record’s start line', () => {
    const text = 'sku,note\r\n"A,1","say ""hi"""\n"B","two\nlines"\nC,\n\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['sku', 'note'] },
      { line: 2, fields: ['A,1', 'say "hi"'] },
      { line: 3, fields: ['B', 'two\nlines'] },
      { line: 5, fields: ['C', ''] },
    ]);
  });

  it('strips a BOM and accepts a last record without a line end', () => {
    expect(parseCsv('\ufeffa,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it.each([
    ['a,b\n1,"2\n', 2, 'unterminated'],
    ['a,b\n1,x"y\n', 2, 'quote inside an unquoted field'],
    ['a,b\n1,"x"y\n', 2, 'after a closing quote'],
  ])('refuses %j with the line', (text, line, reason) => {
    const error = (() => {
      try {
        parseCsv(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(line);
    expect((error as CsvSyntaxError).message).toContain(reason);
  });

  it('round-trips any table of strings through format and parse', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ',', '"', '\n', '\r', ' ', 'é', '1') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const parsed = parseCsv(formatCsv(rows)).map((r) => r.fields);
          expect(parsed).toEqual(rows.filter((r) => !(r.length === 1 && r[0] === '')));
        },
      ),
      { numRuns: 300 },
    );
  });
});
