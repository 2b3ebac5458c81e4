/**
 * Builds a warehouse's {@link SystemSchema} from its live catalogue (information_schema columns
 * plus the column comments written by the DDL), for drift detection. Columns are folded back to
 * canonical fields (a money field's currency column joins its amount); a column without Accord's
 * comment — added by hand — is reported as a custom field under its column name; a table no
 * entity declares is reported as a custom object.
 *
 * @example
 *   describeWarehouse(adapter, 'analytics', layouts, await session.query(adapter.catalogueSql, ['analytics']))
 */
import type { FieldSchema, ObjectSchema, SystemSchema } from '../connector.ts';
import { KEY, type TableLayout } from './table-layout.ts';
import type { Row, WarehouseAdapter } from './warehouse-adapter.ts';
import { COMMENT_PREFIX, type ColumnComment } from './warehouse-ddl.ts';

export function describeWarehouse(
  adapter: WarehouseAdapter,
  schema: string,
  layouts: readonly TableLayout[],
  rows: readonly Row[],
): SystemSchema {
  const byTable = new Map<string, Row[]>();
  for (const row of rows) {
    const table = row.table_name ?? '';
    if (table.startsWith('_accord')) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), row]);
  }
  const objects: ObjectSchema[] = [];
  for (const [table, columns] of byTable) {
    const layout = layouts.find((l) => l.table === table);
    const fields: FieldSchema[] = [];
    const keyName = layout?.entity.keyName;
    if (keyName && columns.some((row) => row.column_name === KEY)) {
      fields.push({ name: keyName, type: 'string:text', required: true, custom: false });
    }
    for (const row of columns) {
      const column = row.column_name ?? '';
      if (column.startsWith('_accord') || column === 'valid_from' || column === 'valid_to') continue;
      const comment = parseComment(row.comment ?? null);
      if (comment?.part === 'currency') continue;
      const nullable = row.is_nullable === 'YES' || row.is_nullable === 'true';
      fields.push({
        name: comment?.field ?? column,
        type: comment ? `${comment.kind}:${row.data_type ?? ''}` : (row.data_type ?? ''),
        required: !nullable,
        custom: comment === undefined,
        enumValues: comment?.values,
        references: comment?.references,
      });
    }
    objects.push({ name: layout?.entity.name ?? table, custom: layout === undefined, fields });
  }
  return {
    kind: adapter.kind,
    apiVersion: adapter.apiVersion,
    objects,
    configuration: {
      schema: [schema],
      historyEntities: layouts.filter((l) => l.history).map((l) => l.entity.name),
    },
  };
}

function parseComment(text: string | null): ColumnComment | undefined {
  if (!text?.startsWith(COMMENT_PREFIX)) return undefined;
  try {
    return JSON.parse(text.slice(COMMENT_PREFIX.length)) as ColumnComment;
  } catch {
    return undefined;
  }
}
