/**
 * The account-wide concurrency pool. NetSuite counts every concurrent web services and RESTlet
 * request of the account against one limit (5 on a shared tier without SuiteCloud Plus),
 * whichever integration sends it; a request beyond the limit is refused at once (REST: 429
 * CONCURRENCY_LIMIT_EXCEEDED), it is not queued. "Other integrations" occupy slots at random so a
 * client can rehearse sharing the pool.
 *
 * @example
 *   const pool = new GovernancePool(5, random);
 *   if (!pool.tryAcquire()) throw concurrencyLimitExceeded(pool.capacity);
 *   try { await handle() } finally { pool.release() }
 */
export interface OtherIntegrations {
  /** At most this many slots are held by others at any moment. */
  maxSlots: number;
  /** Each occupation lasts a uniformly random time in this range. */
  holdMs: { min: number; max: number };
}

export class GovernancePool {
  private ours = 0;
  private others = 0;
  private timer: NodeJS.Timeout | undefined;
  private rejectedCount = 0;

  constructor(
    readonly capacity: number,
    private readonly random: () => number,
  ) {}

  /** Slots held by clients of this simulator. */
  get inUse(): number {
    return this.ours;
  }

  /** Slots held by simulated other integrations. */
  get heldByOthers(): number {
    return this.others;
  }

  /** Requests refused with 429 since start. */
  get rejected(): number {
    return this.rejectedCount;
  }

  tryAcquire(): boolean {
    if (this.ours + this.others >= this.capacity) {
      this.rejectedCount += 1;
      return false;
    }
    this.ours += 1;
    return true;
  }

  release(): void {
    this.ours = Math.max(0, this.ours - 1);
  }

  setOtherIntegrations(config: OtherIntegrations | undefined): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.others = 0;
    if (!config || config.maxSlots <= 0) return;
    const cycle = () => {
      // Others only get slots that are free: they are subject to the same pool.
      const wanted = Math.floor(this.random() * (config.maxSlots + 1));
      this.others = Math.min(wanted, this.capacity - this.ours);
      const hold = config.holdMs.min + this.random() * (config.holdMs.max - config.holdMs.min);
      this.timer = setTimeout(cycle, Math.max(1, hold));
      this.timer.unref();
    };
    cycle();
  }

  close(): void {
    this.setOtherIntegrations(undefined);
  }
}
