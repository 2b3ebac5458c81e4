import type { FlowState, FlowStateRepo } from '../store.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface FlowStateRow {
  flow: string;
  paused: number;
  reason: string | null;
  updated_by: string | null;
  updated_at: string | null;
}

function toFlowState(row: FlowStateRow): FlowState {
  return {
    flow: row.flow,
    paused: row.paused === 1,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.updated_by === null ? {} : { updatedBy: row.updated_by }),
    ...(row.updated_at === null ? {} : { updatedAt: row.updated_at }),
  };
}

const UPSERT = `INSERT INTO flow_state (flow, paused, reason, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (flow) DO UPDATE SET paused = excluded.paused, reason = excluded.reason,
  updated_by = excluded.updated_by, updated_at = excluded.updated_at`;

export class SqliteFlowStateRepo implements FlowStateRepo {
  constructor(private readonly scope: SqliteScope) {}

  get(flow: string): Promise<FlowState> {
    return this.scope.exec(() => this.read(flow));
  }

  pause(flow: string, input: { reason: string; by: string }): Promise<FlowState> {
    return this.scope.exec(() => {
      if (!input.reason.trim()) throw new RangeError(`pausing flow ${flow}: say why (reason is empty)`);
      this.scope.conn.stmt(UPSERT).run(flow, 1, input.reason, input.by, this.scope.nowIso());
      return this.read(flow);
    });
  }

  resume(flow: string, input: { by: string }): Promise<FlowState> {
    return this.scope.exec(() => {
      this.scope.conn.stmt(UPSERT).run(flow, 0, null, input.by, this.scope.nowIso());
      return this.read(flow);
    });
  }

  private read(flow: string): FlowState {
    const row = this.scope.conn.stmt('SELECT * FROM flow_state WHERE flow = ?').get(flow) as
      | FlowStateRow
      | undefined;
    return row ? toFlowState(row) : { flow, paused: false };
  }
}
