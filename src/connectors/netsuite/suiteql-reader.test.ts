import { describe, expect, it } from 'vitest';
import { keysetCondition, keysetQuery } from './suiteql-reader.ts';
import { suiteqlColumnOf, suiteqlString, suiteqlTableOf } from './suiteql-tables.ts';

describe('SuiteQL keyset queries', () => {
  it('spells (lastmodifieddate, id) >= cursor out with full local timestamps, never a date', () => {
    const inclusive = keysetCondition('modified', { modified: '2026-11-27 22:00:00', id: '42' }, true);
    expect(inclusive).toBe(
      "(lastmodifieddate > TO_TIMESTAMP('2026-11-27 22:00:00', 'YYYY-MM-DD HH24:MI:SS') OR " +
        "(lastmodifieddate = TO_TIMESTAMP('2026-11-27 22:00:00', 'YYYY-MM-DD HH24:MI:SS') AND id >= 42))",
    );
    expect(keysetCondition('modified', { modified: '2026-11-27 22:00:00', id: '42' }, false)).toContain(
      'id > 42',
    );
    expect(keysetCondition('id', { id: '7' }, false)).toBe('id > 7');
  });

  it('orders by the keyset, selects the full timestamp and adds the record type filter', () => {
    const q = keysetQuery(
      { table: suiteqlTableOf('salesOrder'), order: 'modified', pageSize: 1000, columns: ['tranid'] },
      undefined,
      true,
    );
    expect(q).toBe(
      "SELECT id, externalid, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS accord_modified, tranid " +
        "FROM transaction WHERE (type = 'SalesOrd') ORDER BY lastmodifieddate ASC, id ASC",
    );
  });

  it('refuses what could inject SQL: non-integer ids, odd field names; escapes string literals', () => {
    expect(() => keysetCondition('id', { id: '1 OR 1=1' }, true)).toThrow(/integer/);
    expect(() => suiteqlColumnOf('email; DROP')).toThrow(/not a NetSuite field name/);
    expect(suiteqlColumnOf('companyName')).toBe('companyname');
    expect(suiteqlString("O'Brien")).toBe("'O''Brien'");
    expect(suiteqlTableOf('inventoryItem')).toEqual({ table: 'item', filter: "itemtype = 'InvtPart'" });
    expect(suiteqlTableOf('customerRefund')).toEqual({ table: 'transaction', filter: "type = 'CustRfnd'" });
    expect(suiteqlTableOf('customrecord_tier')).toEqual({ table: 'customrecord_tier' });
  });
});
