/**
 * NetSuite's currencies by ISO 4217 code. A transaction's `currency` is a reference to a currency
 * record: `{ id: "7", refName: "Kuwaiti Dinar" }` — the refName is the currency's *name*, which the
 * account administrator may spell as he likes; the ISO code is the currency record's `symbol`.
 * NetSuite sets a reference on write only by `id` or `externalId` (never by refName), so a contract
 * that speaks ISO codes needs the account's id ↔ symbol table: read once per connector with
 * SuiteQL (`SELECT id, symbol FROM currency`, a handful of rows) and kept.
 *
 * - Read: `currency: { id: "7", refName: "Kuwaiti Dinar" }` gains `symbol: "KWD"`, so a mapping
 *   reads `currency.symbol`.
 * - Write: `currency: { symbol: "KWD" }` becomes `{ id: "7" }`; a code the account does not have
 *   is a `ValidationRejected` naming it (never a reference sent without an id).
 *
 * @example
 *   const codes = new CurrencyCodes('netsuite', (q) => suiteqlAll(http, q));
 *   await codes.idOf('KWD', 'customerPayment eid:stripe:pi_1') // '7'
 *   await codes.symbolOf('7')                                  // 'KWD'
 */
import { ValidationRejected } from '../../model/errors.ts';
import type { SuiteQlRow } from './suiteql-reader.ts';

interface CurrencyTable {
  symbolById: Map<string, string>;
  idBySymbol: Map<string, string>;
}

export class CurrencyCodes {
  private table: Promise<CurrencyTable> | undefined;

  constructor(
    private readonly system: string,
    private readonly query: (q: string) => Promise<SuiteQlRow[]>,
  ) {}

  /** The ISO code of a currency internal id, or undefined when the account has no such currency. */
  async symbolOf(id: string): Promise<string | undefined> {
    return (await this.load()).symbolById.get(id);
  }

  /** The internal id of an ISO code; refuses a code the account does not have. */
  async idOf(symbol: string, recordId: string): Promise<string> {
    const table = await this.load();
    const id = table.idBySymbol.get(symbol.trim().toUpperCase());
    if (id !== undefined) return id;
    throw new ValidationRejected(
      `NetSuite system "${this.system}" has no currency whose symbol is "${symbol}" (it has ${[...table.idBySymbol.keys()].join(', ') || 'none'}); ` +
        'add the currency in NetSuite (Lists > Accounting > Currencies) or correct the record, then retry.',
      { path: 'currency' },
      { system: this.system, recordId },
    );
  }

  private load(): Promise<CurrencyTable> {
    if (!this.table) {
      this.table = this.query('SELECT id, symbol FROM currency ORDER BY id').then((rows) => {
        const symbolById = new Map<string, string>();
        const idBySymbol = new Map<string, string>();
        for (const row of rows) {
          if (row.id == null || typeof row.symbol !== 'string') continue;
          const symbol = row.symbol.trim().toUpperCase();
          symbolById.set(String(row.id), symbol);
          idBySymbol.set(symbol, String(row.id));
        }
        return { symbolById, idBySymbol };
      });
      // A failed read (a 429 storm, a network blip) is not cached: the next record tries again.
      this.table.catch(() => {
        this.table = undefined;
      });
    }
    return this.table;
  }
}
