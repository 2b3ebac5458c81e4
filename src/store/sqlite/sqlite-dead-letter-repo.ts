import { fromJsonText, toJsonText } from '../json-column.ts';
import { redactSecrets } from '../redact.ts';
import type { DeadLetter, DeadLetterRepo, DeadLetterState, NewDeadLetter } from '../store.ts';
import { StoreNotFound } from '../store.ts';
import { deadLetterStates } from '../store-states.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface DeadLetterRow {
  id: number;
  flow: string;
  record_key: string;
  job_id: number | null;
  job_key: string | null;
  run_id: string | null;
  payload_json: string;
  request_json: string | null;
  response_json: string | null;
  reason: string;
  classification: string;
  attempts: number;
  state: string;
  resolution_reason: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    flow: row.flow,
    recordKey: row.record_key,
    ...(row.job_id === null ? {} : { jobId: row.job_id }),
    ...(row.job_key === null ? {} : { jobKey: row.job_key }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    payload: fromJsonText(row.payload_json),
    ...(row.request_json === null ? {} : { request: fromJsonText(row.request_json) }),
    ...(row.response_json === null ? {} : { response: fromJsonText(row.response_json) }),
    reason: row.reason,
    classification: row.classification,
    attempts: row.attempts,
    state: row.state as DeadLetterState,
    ...(row.resolution_reason === null
      ? {}
      : {
          resolution: { reason: row.resolution_reason, by: row.resolved_by ?? '', at: row.resolved_at ?? '' },
        }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteDeadLetterRepo implements DeadLetterRepo {
  constructor(private readonly scope: SqliteScope) {}

  open(input: NewDeadLetter): Promise<DeadLetter> {
    return this.scope.exec(() => {
      const where = `dead letter for ${input.flow} record ${input.recordKey}`;
      if (!input.reason.trim()) throw new RangeError(`${where}: a reason is required, in plain words`);
      const now = this.scope.nowIso();
      const r = this.scope.conn
        .stmt(
          `INSERT INTO dead_letters (flow, record_key, job_id, job_key, run_id, payload_json, request_json, response_json,
             reason, classification, attempts, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(
          input.flow,
          input.recordKey,
          input.jobId ?? null,
          input.jobKey ?? null,
          input.runId ?? null,
          toJsonText(input.payload, `${where} payload`),
          input.request === undefined ? null : toJsonText(redactSecrets(input.request), `${where} request`),
          input.response === undefined
            ? null
            : toJsonText(redactSecrets(input.response), `${where} response`),
          input.reason,
          input.classification,
          input.attempts,
          now,
          now,
        );
      return this.read(Number(r.lastInsertRowid));
    });
  }

  get(id: number): Promise<DeadLetter | undefined> {
    return this.scope.exec(() => {
      const row = this.scope.conn.stmt('SELECT * FROM dead_letters WHERE id = ?').get(id) as
        | DeadLetterRow
        | undefined;
      return row && toDeadLetter(row);
    });
  }

  list(
    filter: {
      state?: DeadLetterState | undefined;
      flow?: string | undefined;
      limit?: number | undefined;
    } = {},
  ): Promise<DeadLetter[]> {
    return this.scope.exec(() =>
      (
        this.scope.conn
          .stmt(
            `SELECT * FROM dead_letters WHERE (@state IS NULL OR state = @state) AND (@flow IS NULL OR flow = @flow)
             ORDER BY id LIMIT @limit`,
          )
          .all({
            state: filter.state ?? null,
            flow: filter.flow ?? null,
            limit: filter.limit ?? -1,
          }) as DeadLetterRow[]
      ).map(toDeadLetter),
    );
  }

  markRetried(id: number, input: { by: string; reason: string }): Promise<DeadLetter> {
    return this.move(id, 'retried', input);
  }

  resolve(id: number, input: { by: string; reason: string }): Promise<DeadLetter> {
    return this.move(id, 'resolved', input);
  }

  private move(id: number, to: DeadLetterState, input: { by: string; reason: string }): Promise<DeadLetter> {
    return this.scope.exec(() => {
      const current = this.read(id);
      deadLetterStates.assert(current.state, to, `dead letter ${id}`);
      if (!input.reason.trim())
        throw new RangeError(`dead letter ${id}: say why it is ${to} (reason is empty)`);
      const now = this.scope.nowIso();
      this.scope.conn
        .stmt(
          `UPDATE dead_letters SET state = ?, resolution_reason = ?, resolved_by = ?, resolved_at = ?, updated_at = ?
           WHERE id = ? AND state = ?`,
        )
        .run(to, input.reason, input.by, now, now, id, current.state);
      return this.read(id);
    });
  }

  private read(id: number): DeadLetter {
    const row = this.scope.conn.stmt('SELECT * FROM dead_letters WHERE id = ?').get(id) as
      | DeadLetterRow
      | undefined;
    if (!row) throw new StoreNotFound(`dead letter ${id} does not exist`);
    return toDeadLetter(row);
  }
}
