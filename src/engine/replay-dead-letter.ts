/**
 * `accord errors retry`: a dead letter's original change goes back in the queue with fresh
 * attempts, after the data or the contract was fixed. Its run's counts move the change from
 * `deadLettered` back to `pending`, and the operator's action is audited — one transaction.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { UserInputError } from '../model/errors.ts';
import type { Job } from '../queue/queue.ts';
import type { EngineDeps } from './engine-deps.ts';

export async function replayDeadLetter(
  deps: EngineDeps,
  deadLetterId: number,
  input: { by: string; reason?: string | undefined },
): Promise<Job> {
  const dl = await deps.store.deadLetters.get(deadLetterId);
  if (!dl)
    throw new UserInputError(`dead letter ${deadLetterId} does not exist; list them with accord errors list`);
  if (dl.state !== 'open') {
    throw new UserInputError(
      `dead letter ${deadLetterId} is ${dl.state}, not open; only an open dead letter can be retried`,
    );
  }
  if (dl.jobId === undefined) throw new UserInputError(`dead letter ${deadLetterId} has no job to replay`);
  const jobId = dl.jobId;
  const reason = input.reason ?? 'replayed after a fix';
  return deps.store.transaction(async (tx) => {
    const job = await deps.queue.retryDead(jobId, { by: input.by, reason }, { tx });
    if (job.runId) await tx.runs.addCounts(job.runId, { deadLettered: -1, pending: 1 });
    await appendAudit(
      tx,
      {
        kind: 'operator-action',
        actor: input.by,
        action: 'dead-letter-retried',
        flow: dl.flow,
        recordKey: dl.recordKey,
        runId: dl.runId,
        detail: { deadLetterId, jobId, reason },
      },
      deps.clock,
    );
    return job;
  });
}
