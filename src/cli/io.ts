/**
 * Where a command's output goes. Commands never touch `process.stdout` directly, so tests can
 * capture what they print.
 */

export interface Writer {
  write(chunk: string): unknown;
}

export interface Io {
  readonly stdout: Writer;
  readonly stderr: Writer;
}

/** The real terminal. */
export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/**
 * An Io that keeps everything written, for tests.
 *
 * @example
 * const io = captureIo();
 * await main(['check', 'x.yaml'], io);
 * io.out(); // what was printed
 */
export function captureIo(): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    out: () => out,
    err: () => err,
  };
}
