/**
 * A counting semaphore that also records how many holders it has had at once, so a connector can
 * both enforce its concurrency cap and report `maxInFlight` honestly.
 *
 * @example
 *   const gate = new Gate(4);
 *   await gate.run(() => session.query('SELECT 1'));
 *   gate.maxInFlight // ≤ 4
 */
export class Gate {
  inFlight = 0;
  maxInFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new RangeError(`concurrency cap must be a positive integer, got ${cap}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.cap) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so inFlight never dips and overshoots.
      if (next) next();
      else this.inFlight -= 1;
    }
  }
}
