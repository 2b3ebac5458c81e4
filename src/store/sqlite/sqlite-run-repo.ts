import { randomUUID } from 'node:crypto';
import { assertCountDelta, RUN_COUNT_NAMES, type RunCounts, runBalance } from '../run-counts.ts';
import type { Run, RunRepo, RunStatus } from '../store.ts';
import { StoreConflict, StoreNotFound } from '../store.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface RunRow {
  id: string;
  flow: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  captured: number;
  written: number;
  unchanged: number;
  echoes: number;
  deleted: number;
  dead_lettered: number;
  in_review: number;
  pending: number;
  balanced: number | null;
  note: string | null;
}

const COLUMN: Record<keyof RunCounts, string> = {
  captured: 'captured',
  written: 'written',
  unchanged: 'unchanged',
  echoes: 'echoes',
  deleted: 'deleted',
  deadLettered: 'dead_lettered',
  inReview: 'in_review',
  pending: 'pending',
};

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    flow: row.flow,
    status: row.status as RunStatus,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    counts: {
      captured: row.captured,
      written: row.written,
      unchanged: row.unchanged,
      echoes: row.echoes,
      deleted: row.deleted,
      deadLettered: row.dead_lettered,
      inReview: row.in_review,
      pending: row.pending,
    },
    ...(row.balanced === null ? {} : { balanced: row.balanced === 1 }),
    ...(row.note === null ? {} : { note: row.note }),
  };
}

export class SqliteRunRepo implements RunRepo {
  constructor(private readonly scope: SqliteScope) {}

  start(input: { flow: string; id?: string | undefined }): Promise<Run> {
    return this.scope.exec(() => {
      const id = input.id ?? randomUUID();
      this.scope.conn
        .stmt("INSERT INTO runs (id, flow, status, started_at) VALUES (?, ?, 'running', ?)")
        .run(id, input.flow, this.scope.nowIso());
      return this.read(id);
    });
  }

  addCounts(runId: string, delta: Partial<RunCounts>): Promise<Run> {
    return this.scope.exec(() => {
      assertCountDelta(delta, runId);
      const names = RUN_COUNT_NAMES.filter((n) => delta[n] !== undefined && delta[n] !== 0);
      if (names.length > 0) {
        const set = names.map((n) => `${COLUMN[n]} = ${COLUMN[n]} + ?`).join(', ');
        try {
          const r = this.scope.conn
            .stmt(`UPDATE runs SET ${set} WHERE id = ?`)
            .run(...names.map((n) => delta[n]), runId);
          if (r.changes === 0) throw new StoreNotFound(`run ${runId} does not exist`);
        } catch (error) {
          if (error instanceof Error && /CHECK constraint/.test(error.message)) {
            const run = this.read(runId);
            throw new RangeError(
              `run ${runId}: adding ${JSON.stringify(delta)} to ${JSON.stringify(run.counts)} would make a count negative`,
            );
          }
          throw error;
        }
      }
      return this.read(runId);
    });
  }

  finish(
    runId: string,
    input: { status: Exclude<RunStatus, 'running'>; note?: string | undefined },
  ): Promise<Run> {
    return this.scope.exec(() => {
      const run = this.read(runId);
      if (run.status !== 'running') {
        throw new StoreConflict(
          `run ${runId} already finished (${run.status} at ${run.finishedAt}); a run finishes once`,
        );
      }
      const balance = runBalance(run.counts);
      this.scope.conn
        .stmt('UPDATE runs SET status = ?, finished_at = ?, balanced = ?, note = ? WHERE id = ?')
        .run(input.status, this.scope.nowIso(), balance.balanced ? 1 : 0, input.note ?? null, runId);
      return this.read(runId);
    });
  }

  get(runId: string): Promise<Run | undefined> {
    return this.scope.exec(() => {
      const row = this.scope.conn.stmt('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
      return row && toRun(row);
    });
  }

  list(filter: { flow?: string | undefined; limit?: number | undefined } = {}): Promise<Run[]> {
    return this.scope.exec(() => {
      const rows = (
        filter.flow === undefined
          ? this.scope.conn
              .stmt('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
              .all(filter.limit ?? -1)
          : this.scope.conn
              .stmt('SELECT * FROM runs WHERE flow = ? ORDER BY started_at DESC, rowid DESC LIMIT ?')
              .all(filter.flow, filter.limit ?? -1)
      ) as RunRow[];
      return rows.map(toRun);
    });
  }

  private read(runId: string): Run {
    const row = this.scope.conn.stmt('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!row) throw new StoreNotFound(`run ${runId} does not exist`);
    return toRun(row);
  }
}
