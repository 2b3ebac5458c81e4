/**
 * The payments contract with its Stripe side replaced by a ledger table in the lake's own DuckDB
 * file: both sides of `payments-daily` in one database, so the comparison can be pushed down into
 * SQL. The ledger keeps its own status words (`PAID`, `AUTH`…), mapped by an enum map.
 *
 * @example
 *   const contract = ledgerContract(await readFile(PAYMENTS_CONTRACT, 'utf8'), '/tmp/finance.duckdb');
 */
import type { Contract } from '../../src/contract/model.ts';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import { PAYMENTS_CONTRACT } from './payments-fixture.ts';

/** The ledger's status word for each canonical status. */
export const LEDGER_STATUS: Readonly<Record<string, string>> = {
  authorized: 'AUTH',
  captured: 'PAID',
  canceled: 'VOID',
  processing: 'PEND',
  'awaiting-method': 'NEW',
};

/** Where the two tables live: a DuckDB file, or one PostgreSQL database (schema per test). */
export type LedgerDatabase =
  | { kind: 'duckdb'; path: string }
  | { kind: 'postgres'; host: string; port: number; database: string; user: string; schema: string };

export function ledgerContract(text: string, where: string | LedgerDatabase): Contract {
  const db: LedgerDatabase = typeof where === 'string' ? { kind: 'duckdb', path: where } : where;
  const path = db.kind === 'duckdb' ? db.path : 'unused.duckdb';
  const ledgerSystem = `  ledger:\n    kind: duckdb\n    connection:\n      path: ${JSON.stringify(path)}\n      schema: accord\n    limits: { concurrency: 1 }\n`;
  const ledgerMapping = `      ledger:
        record: ledger_payment
        id: id
        fields:
          amount: { path: amount.amount, currency: amount.currency }
          status:
            path: state
            map: { AUTH: authorized, PAID: captured, VOID: canceled, PEND: processing, NEW: awaiting-method }
          paidOn: paidOn
          paymentIntentId: paymentIntentId
`;
  const out = text
    .replace(/ {2}stripe:\n {4}kind: stripe\n[\s\S]*?limits: \{ concurrency: 4 \}\n/, ledgerSystem)
    .replace('path: lake.duckdb', `path: ${JSON.stringify(path)}`)
    .replace(/ {6}stripe:\n {8}record: payment_intent[\s\S]*?paymentIntentId: id\n/, ledgerMapping)
    .replace('entity: payment\n    from: stripe', 'entity: payment\n    from: ledger')
    .replace('owner: stripe', 'owner: ledger');
  if (db.kind === 'duckdb') return contractFromText(out, PAYMENTS_CONTRACT);
  const connection = `kind: postgres\n    connection:\n      host: ${db.host}\n      port: ${db.port}\n      database: ${db.database}\n      user: ${db.user}\n      schema: ${db.schema}`;
  const both = out.replaceAll(
    `kind: duckdb\n    connection:\n      path: ${JSON.stringify(path)}\n      schema: accord`,
    connection,
  );
  return contractFromText(both, PAYMENTS_CONTRACT);
}
