/**
 * Where de-duplication state lives, so that a restart does not turn into a fresh burst of alerts.
 * The policy is `alert-group.ts`; a repo only stores groups and applies one step atomically (two
 * processes alerting for the same group never both send the "first" alert).
 *
 * Implementations: `sqlite/sqlite-alert-state-repo.ts` (in the store's file, its own migrations).
 *
 * @example
 *   const step = await repo.update(key, (current) => onEvent(current, key, sample, now, windowMs));
 */
import type { AlertGroup, AlertGroupKey, GroupStep } from './alert-group.ts';

export interface AlertStateRepo {
  /**
   * Reads the group, applies `step` and stores its result, in one transaction; returns the step.
   * `step` must be pure (it may run again if the implementation retries).
   */
  update(key: AlertGroupKey, step: (current: AlertGroup | undefined) => GroupStep): Promise<GroupStep>;
  get(key: AlertGroupKey): Promise<AlertGroup | undefined>;
  /** Groups with held-back events, oldest window first. */
  listHeldBack(): Promise<AlertGroup[]>;
}
