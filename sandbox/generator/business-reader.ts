/**
 * Reads a generated business back from its directory, one record at a time, for loaders (the
 * simulators' `accord sandbox up`) and reconciliation tests: `summary.json` says which files
 * exist; each NDJSON file is streamed line by line, so a million-record business loads in bounded
 * memory.
 *
 * @example
 *   for await (const order of readBusinessRecords(dir, 'shopify/accord-goods-eu/orders')) load(order);
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BusinessSummary } from './business.ts';

export function readBusinessSummary(dir: string): BusinessSummary {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) {
    throw new Error(
      `${file} not found: generate the business first (generateBusinessToDirectory or writeBusiness)`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as BusinessSummary;
}

/** The records of one path (`netsuite/salesOrder`), in the order they were generated. */
export async function* readBusinessRecords(
  dir: string,
  path: string,
): AsyncGenerator<Record<string, unknown>> {
  const file = join(dir, `${path}.ndjson`);
  if (!existsSync(file)) throw new Error(`${file} not found: no records for "${path}" in this business`);
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line === '') continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(
        `${file}:${lineNumber}: not a JSON record (${(error as Error).message}); regenerate the business`,
      );
    }
  }
}
