/** Snapshot files of the simulators that keep plain JSON rows: one versioned JSON document each. */
import { readFile, writeFile } from 'node:fs/promises';

export async function writeState(file: string, format: string, state: unknown): Promise<void> {
  await writeFile(file, JSON.stringify({ format, state }), 'utf8');
}

export async function readState<T>(file: string, format: string): Promise<T> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { format?: unknown; state?: T };
  if (parsed.format !== format || parsed.state === undefined) {
    throw new Error(
      `${file} is not a ${format} snapshot; delete it (the sandbox then reloads the generated data)`,
    );
  }
  return parsed.state;
}
