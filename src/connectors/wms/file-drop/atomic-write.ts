/**
 * Writes a file so that no reader ever sees it half-written: the bytes go to `<base>.tmp`, are
 * flushed to disk, and the file is then renamed to its final name — rename(2) within one folder
 * is atomic, and readers of a drop folder ignore `*.tmp`.
 *
 * @example
 *   await writeFileAtomic('/drop/outbound/orders-42.csv', csvText);
 */
import { open, rename, rm } from 'node:fs/promises';

const CHUNK = 64 * 1024;

export function tmpPathOf(path: string): string {
  return path.replace(/\.[^./]*$/, '') + '.tmp';
}

export async function writeFileAtomic(path: string, content: string | Buffer): Promise<void> {
  const tmp = tmpPathOf(path);
  const handle = await open(tmp, 'w');
  try {
    // Written in chunks, as a large batch streams out; readers must still never see a part.
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    for (let at = 0; at < bytes.length; at += CHUNK) await handle.write(bytes.subarray(at, at + CHUNK));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
}
