/**
 * How the demo talks: one header per step, short indented lines under it, and a closing verdict.
 * Everything goes through the command's `Io`, so tests can capture it.
 */
import type { Writer } from '../cli/io.ts';
import type { StepResult } from './demo-summary.ts';

const MARK: Record<StepResult['status'], string> = { ran: 'ok', unavailable: '--', failed: '!!' };

export class DemoPrinter {
  constructor(private readonly out: Writer) {}

  step(n: number, title: string): void {
    this.out.write(`\n${n} · ${title}\n`);
  }

  line(text = ''): void {
    for (const l of text.split('\n')) this.out.write(l === '' ? '\n' : `  ${l}\n`);
  }

  /** A command's own output, shown as the user would see it after `$ accord …`. */
  command(argv: readonly string[], output: string): void {
    this.out.write(`  $ accord ${argv.map(quoteArg).join(' ')}\n`);
    for (const l of output.replace(/\n+$/, '').split('\n')) this.out.write(`    ${l}\n`);
  }

  result(result: StepResult): void {
    this.out.write(`  [${MARK[result.status]}] ${result.detail}\n`);
    for (const p of result.problems ?? []) this.out.write(`       missing: ${p}\n`);
  }

  /** Raw text (a progress line that rewrites itself with \r). */
  raw(text: string): void {
    this.out.write(text);
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
