import { describe, expect, it } from 'vitest';
import { parseSoql, SoqlSyntaxError } from './soql.ts';
import { planQuery, runQuery, SoqlSemanticError, type StoredRecord } from './soql-evaluate.ts';

const at = (iso: string) => Date.parse(iso);
const records: StoredRecord[] = [
  {
    Id: '001Ak0000000001AAA',
    Name: 'Acme',
    Phone: null,
    AnnualRevenue: 100,
    SystemModstamp: at('2026-11-28T14:00:00Z'),
    Type: 'Prospect',
  },
  {
    Id: '001Ak0000000002AAA',
    Name: 'acme Corp',
    Phone: '555',
    AnnualRevenue: 250,
    SystemModstamp: at('2026-11-28T14:00:00Z'),
    Type: 'Other',
  },
  {
    Id: '001Ak000000000aAAA',
    Name: "O'Brien Ltd",
    Phone: '777',
    AnnualRevenue: null,
    SystemModstamp: at('2026-11-28T14:00:05Z'),
    Type: 'Prospect',
  },
  {
    Id: '001Ak000000000BAAA',
    Name: 'Zeta',
    Phone: '555',
    AnnualRevenue: 900,
    SystemModstamp: at('2026-11-28T13:59:59Z'),
    Type: null,
  },
];
const ids = (q: string) => runQuery(planQuery(parseSoql(q)), records).map((r) => r.Id);

describe('SOQL parser and evaluator', () => {
  it('parses fields, object, ORDER BY with direction and nulls, LIMIT and OFFSET, case-insensitively', () => {
    const q = parseSoql('select Id, Name from Account order by Name desc nulls first, Id limit 5 offset 2');
    expect(q).toMatchObject({ fields: ['Id', 'Name'], object: 'Account', limit: 5, offset: 2, count: false });
    expect(q.orderBy).toEqual([
      { field: 'Name', descending: true, nullsLast: false },
      { field: 'Id', descending: false, nullsLast: false },
    ]);
    expect(parseSoql('SELECT COUNT() FROM Account').count).toBe(true);
  });

  it('compares datetimes against datetime literals with and without milliseconds or offsets', () => {
    expect(ids('SELECT Id FROM Account WHERE SystemModstamp > 2026-11-28T14:00:00Z')).toEqual([
      '001Ak000000000aAAA',
    ]);
    expect(ids('SELECT Id FROM Account WHERE SystemModstamp >= 2026-11-28T14:00:00.000Z')).toHaveLength(3);
    expect(ids('SELECT Id FROM Account WHERE SystemModstamp < 2026-11-28T15:00:00+01:00')).toEqual([
      '001Ak000000000BAAA',
    ]);
  });

  it('implements the (SystemModstamp, Id) keyset cursor with case-sensitive id order', () => {
    const q =
      "SELECT Id FROM Account WHERE (SystemModstamp > 2026-11-28T14:00:00Z OR (SystemModstamp = 2026-11-28T14:00:00Z AND Id >= '001Ak0000000002AAA')) ORDER BY SystemModstamp, Id";
    expect(ids(q)).toEqual(['001Ak0000000002AAA', '001Ak000000000aAAA']);
    // Uppercase sorts before lowercase in ids, as in Salesforce's binary order.
    expect(ids('SELECT Id FROM Account ORDER BY Id')).toEqual([
      '001Ak0000000001AAA',
      '001Ak0000000002AAA',
      '001Ak000000000BAAA',
      '001Ak000000000aAAA',
    ]);
  });

  it('matches text case-insensitively with =, LIKE and IN, and handles null and escaped quotes', () => {
    expect(ids("SELECT Id FROM Account WHERE Name = 'ACME'")).toEqual(['001Ak0000000001AAA']);
    expect(ids("SELECT Id FROM Account WHERE Name LIKE 'acme%' ORDER BY Id")).toHaveLength(2);
    expect(ids("SELECT Id FROM Account WHERE Name LIKE 'Zet_'")).toEqual(['001Ak000000000BAAA']);
    expect(ids("SELECT Id FROM Account WHERE Name = 'O\\'Brien Ltd'")).toEqual(['001Ak000000000aAAA']);
    expect(ids("SELECT Id FROM Account WHERE Phone IN ('555', '777') AND Type != null ORDER BY Id")).toEqual([
      '001Ak0000000002AAA',
      '001Ak000000000aAAA',
    ]);
    // Unlike SQL, SOQL's != and NOT IN also return records whose field is null.
    expect(ids("SELECT Id FROM Account WHERE Phone NOT IN ('555') ORDER BY Id")).toEqual([
      '001Ak0000000001AAA',
      '001Ak000000000aAAA',
    ]);
    expect(ids('SELECT Id FROM Account WHERE Phone = null')).toEqual(['001Ak0000000001AAA']);
    expect(ids("SELECT Id FROM Account WHERE NOT (Name LIKE 'acme%') ORDER BY Id")).toEqual([
      '001Ak000000000BAAA',
      '001Ak000000000aAAA',
    ]);
  });

  it('orders numbers numerically with nulls first ascending and last descending', () => {
    expect(ids('SELECT Id FROM Account ORDER BY AnnualRevenue')[0]).toBe('001Ak000000000aAAA');
    expect(ids('SELECT Id FROM Account ORDER BY AnnualRevenue DESC')).toEqual([
      '001Ak000000000BAAA',
      '001Ak0000000002AAA',
      '001Ak0000000001AAA',
      '001Ak000000000aAAA',
    ]);
    expect(ids('SELECT Id FROM Account ORDER BY AnnualRevenue DESC LIMIT 1 OFFSET 1')).toEqual([
      '001Ak0000000002AAA',
    ]);
  });

  it('refuses malformed queries with the position, as MALFORMED_QUERY', () => {
    const bad = (q: string) => {
      try {
        parseSoql(q);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(bad('SELECT FROM Account')).toBeInstanceOf(SoqlSyntaxError);
    expect(bad("SELECT Id FROM Account WHERE Name = 'x' AND Phone = '1' OR Phone = '2'")).toBeInstanceOf(
      SoqlSyntaxError,
    );
    expect((bad("SELECT Id FROM Account WHERE Name = 'unterminated") as SoqlSyntaxError).position).toBe(36);
    expect(bad('SELECT Id FROM Account LIMIT -1')).toBeInstanceOf(SoqlSyntaxError);
  });

  it('refuses unknown objects and fields, and a quoted datetime, as Salesforce does', () => {
    const plan = (q: string) => () => planQuery(parseSoql(q));
    expect(plan('SELECT Id FROM Acount')).toThrow(SoqlSemanticError);
    expect(plan('SELECT Id, Nmae FROM Account')).toThrow(/No such column 'Nmae'/);
    expect(plan("SELECT Id FROM Account WHERE SystemModstamp > '2026-11-28T14:00:00Z'")).toThrow(
      /dateTime and should not be enclosed in quotes/,
    );
    expect(plan("SELECT Id FROM Account WHERE AnnualRevenue > '5'")).toThrow(SoqlSemanticError);
  });
});
