/**
 * A progress line on stderr while both systems are read: records per side and the rate. Redrawn in
 * place on a terminal, at most every `intervalMs`; on a pipe, one plain line every few seconds so a
 * log does not fill with redraws.
 *
 * @example
 *   const display = progressDisplay(process.stderr, { tty: process.stderr.isTTY === true, source: 'stripe', target: 'lake' });
 *   await reconcile({ plan, connectors, onProgress: display.update });
 */
import type { Writer } from '../cli/io.ts';
import type { ReconcileProgress } from './reconcile.ts';

export interface ProgressDisplayOptions {
  tty: boolean;
  source: string;
  target: string;
  intervalMs?: number | undefined;
  now?: () => number;
}

export function progressDisplay(writer: Writer, options: ProgressDisplayOptions) {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? (options.tty ? 200 : 5000);
  let last = 0;
  const fmt = (n: number) => n.toLocaleString('en');
  const line = (p: ReconcileProgress) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = Math.round((p.source + p.target) / seconds);
    return `reconcile: ${p.phase} — ${options.source} ${fmt(p.source)} · ${options.target} ${fmt(p.target)} records (${fmt(rate)}/s)`;
  };
  return {
    update: (p: ReconcileProgress): void => {
      const t = now();
      if (p.phase === 'reading' && t - last < interval) return;
      last = t;
      if (options.tty) writer.write(`\r\u001b[2K${line(p)}${p.phase === 'done' ? '\n' : ''}`);
      else writer.write(`${line(p)}\n`);
    },
  };
}
