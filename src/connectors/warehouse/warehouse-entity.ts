/**
 * The description a warehouse table is created from: a canonical entity from the contract (name
 * plus typed fields). The warehouse connectors turn it into a table layout ({@link tableLayoutOf})
 * and DDL; the same description drives value encoding and decoding, so what is written and what
 * is read back cannot disagree.
 *
 * @example
 *   const invoice: WarehouseEntity = {
 *     name: 'invoice',
 *     fields: [
 *       { name: 'number', kind: 'string', required: true },
 *       { name: 'status', kind: 'enum', values: ['open', 'paid'] },
 *       { name: 'total', kind: 'money' },
 *     ],
 *     history: true,
 *   };
 */
import { UserInputError } from '../../model/errors.ts';

export type WarehouseFieldKind =
  | 'string'
  | 'email'
  | 'decimal'
  | 'money'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'boolean'
  | 'integer'
  | 'reference'
  | 'lines';

export interface WarehouseField {
  /** The canonical field name (camelCase); the column is its snake_case form unless `column` says. */
  name: string;
  kind: WarehouseFieldKind;
  /** NOT NULL in the table: a row without it is refused by the database. */
  required?: boolean | undefined;
  /** Allowed values of an `enum` field, enforced by a CHECK constraint. */
  values?: readonly string[] | undefined;
  /** The entity a `reference` field points at (its column holds that record's key). */
  references?: string | undefined;
  /** Explicit column name, when the snake_case form is not wanted. */
  column?: string | undefined;
}

export interface WarehouseEntity {
  /** The canonical entity name; it is the connector's object type. */
  name: string;
  fields: readonly WarehouseField[];
  /** Keep every version of a record with `valid_from`/`valid_to` (SCD type 2). */
  history?: boolean | undefined;
  /** Explicit table name, when the snake_case form of `name` is not wanted. */
  table?: string | undefined;
  /**
   * What the contract calls the record's key (its mapping's `id`, e.g. `netsuite_id`). The key
   * column itself stays `_accord_key` (every statement, the ledger and bulk loads address it);
   * records and `describe()` show it under this name too, so mapping and schema agree.
   */
  keyName?: string | undefined;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED_PREFIX = '_accord';

/** `companyName` → `company_name`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
}

/**
 * Checks an entity description before any DDL is built from it: identifiers must be plain SQL
 * names (so quoting never hides a typo), enum fields must list their values, names are unique.
 * @throws UserInputError naming the entity and field, and how to fix it.
 */
export function assertValidEntity(entity: WarehouseEntity): void {
  const where = `warehouse entity "${entity.name}"`;
  const table = entity.table ?? snakeCase(entity.name);
  if (!IDENTIFIER.test(table) || table.startsWith(RESERVED_PREFIX)) {
    throw new UserInputError(
      `${where}: table name "${table}" is not a plain SQL identifier (lower-case letters, digits, _; not starting with _accord); set "table" explicitly`,
    );
  }
  if (entity.fields.length === 0) throw new UserInputError(`${where}: has no fields; declare at least one`);
  const columns = new Set<string>();
  for (const field of entity.fields) {
    const column = field.column ?? snakeCase(field.name);
    const at = `${where}, field "${field.name}"`;
    if (!IDENTIFIER.test(column) || column.startsWith(RESERVED_PREFIX) || column.startsWith('valid_')) {
      throw new UserInputError(
        `${at}: column "${column}" is not a plain SQL identifier or is reserved (_accord*, valid_*); set "column" explicitly`,
      );
    }
    const owned = field.kind === 'money' ? [column, `${column}_currency`] : [column];
    for (const c of owned) {
      if (columns.has(c)) throw new UserInputError(`${at}: column "${c}" is used twice; rename one field`);
      columns.add(c);
    }
    if (field.kind === 'enum' && (!field.values || field.values.length === 0)) {
      throw new UserInputError(`${at}: an enum needs its "values" listed`);
    }
    if (field.values?.some((v) => v.includes("'") || v.includes('\\'))) {
      // Enum values become SQL literals in a CHECK constraint; refusing quotes keeps that safe.
      throw new UserInputError(`${at}: enum values may not contain quotes or backslashes`);
    }
  }
}
