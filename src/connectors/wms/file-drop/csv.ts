/**
 * A small RFC 4180 CSV parser and writer. Fields may be quoted with `"`; a quote inside a quoted
 * field is doubled; quoted fields may hold commas and line breaks; records end with CRLF or LF.
 * Each record keeps the physical line it starts on, so a rejection can say "line 14".
 *
 * Strictness is deliberate: a stray quote inside an unquoted field, text after a closing quote, or
 * an unterminated quote is a {@link CsvSyntaxError} with its line and column, never a guess —
 * a guessed boundary would shift every later value into the wrong column.
 *
 * @example
 *   parseCsv('sku,qty\r\n"A,1",2\n') // [{ line: 1, fields: ['sku', 'qty'] }, { line: 2, fields: ['A,1', '2'] }]
 *   formatCsv([['sku', 'note'], ['A', 'say "hi"']]) // 'sku,note\r\nA,"say ""hi"""\r\n'
 */

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`CSV syntax error at line ${line}, column ${column}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a UTF-8 BOM from Excel
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let column = 1;
  let i = 0;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted and has closed
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line (one empty unquoted field) is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          column += 2;
          continue;
        }
        quoted = false;
        wasQuoted = true;
      } else {
        field += c;
        if (c === '\n') {
          line += 1;
          column = 0;
        }
      }
      i += 1;
      column += 1;
      continue;
    }
    if (c === ',') {
      endField();
    } else if (c === '\r' && input[i + 1] === '\n') {
      endRecord();
      i += 1;
      line += 1;
      column = 0;
      recordLine = line;
    } else if (c === '\n') {
      endRecord();
      line += 1;
      column = 0;
      recordLine = line;
    } else if (c === '"') {
      if (field !== '' || wasQuoted)
        throw new CsvSyntaxError(
          line,
          column,
          'a quote inside an unquoted field; quote the whole field and double the quote',
        );
      quoted = true;
    } else {
      if (wasQuoted)
        throw new CsvSyntaxError(line, column, 'text after a closing quote; the field must end at the quote');
      field += c;
    }
    i += 1;
    column += 1;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 1, 'a quoted field is never closed (unterminated quote)');
  if (field !== '' || wasQuoted || fields.length > 0) endRecord();
  return records;
}

/** Formats records as CSV with CRLF line ends, quoting only fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}

function quoteField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
