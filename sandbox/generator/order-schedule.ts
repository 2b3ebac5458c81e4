/**
 * When orders happen: the period's days weighted so the last three days of each month peak
 * (finance's month-end) and November–December run hotter (the holiday season), `total` orders
 * split over the days by largest remainder — exact, and deterministic.
 *
 * @example
 *   const perDay = scheduleOrders(100_000, 4); // perDay[i] orders on day i of the period
 */
import { PERIOD } from './regions.ts';

const DAY = 86_400_000;

export function periodDays(): number {
  return Math.round((PERIOD.end - PERIOD.start) / DAY);
}

export function isMonthEnd(time: number): boolean {
  const date = new Date(time);
  const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return next.getTime() - time <= 3 * DAY;
}

export function scheduleOrders(total: number, monthEndWeight: number): number[] {
  const days = periodDays();
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const start = PERIOD.start + d * DAY;
    const month = new Date(start).getUTCMonth();
    // Integer weights (tenths) so the split is exact integer arithmetic.
    const seasonal = month === 10 || month === 11 ? 13 : 10;
    weights.push(seasonal * (isMonthEnd(start) ? monthEndWeight : 1));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((total * w) / sum));
  let remainder = total - counts.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, fraction: (total * w) % sum }))
    .sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (remainder === 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    remainder -= 1;
  }
  return counts;
}

export const DAY_MS = DAY;
