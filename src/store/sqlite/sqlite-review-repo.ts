import { fromJsonText, toJsonText } from '../json-column.ts';
import type { NewReviewItem, ReviewItem, ReviewKind, ReviewRepo, ReviewState } from '../store.ts';
import { StoreNotFound } from '../store.ts';
import { reviewStates } from '../store-states.ts';
import type { SqliteScope } from './sqlite-scope.ts';

interface ReviewRow {
  id: number;
  kind: string;
  flow: string;
  entity: string;
  record_key: string;
  field: string;
  candidates_json: string;
  detail_json: string | null;
  run_id: string | null;
  state: string;
  decision_json: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

function toReview(row: ReviewRow): ReviewItem {
  return {
    id: row.id,
    kind: row.kind as ReviewKind,
    flow: row.flow,
    entity: row.entity,
    recordKey: row.record_key,
    field: row.field,
    candidates: fromJsonText(row.candidates_json) as unknown[],
    ...(row.detail_json === null ? {} : { detail: fromJsonText(row.detail_json) }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    state: row.state as ReviewState,
    ...(row.decision_json === null ? {} : { decision: fromJsonText(row.decision_json) }),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at }),
    createdAt: row.created_at,
  };
}

export class SqliteReviewRepo implements ReviewRepo {
  constructor(private readonly scope: SqliteScope) {}

  open(input: NewReviewItem): Promise<{ item: ReviewItem; created: boolean }> {
    return this.scope.exec(() => {
      const field = input.field ?? '';
      const where = `review ${input.kind} for ${input.flow} ${input.entity} ${input.recordKey}`;
      const existing = this.scope.conn
        .stmt(
          `SELECT * FROM review_items WHERE kind = ? AND flow = ? AND entity = ? AND record_key = ? AND field = ?
           AND state = 'open'`,
        )
        .get(input.kind, input.flow, input.entity, input.recordKey, field) as ReviewRow | undefined;
      if (existing) return { item: toReview(existing), created: false };
      const r = this.scope.conn
        .stmt(
          `INSERT INTO review_items (kind, flow, entity, record_key, field, candidates_json, detail_json, run_id, state, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
        )
        .run(
          input.kind,
          input.flow,
          input.entity,
          input.recordKey,
          field,
          toJsonText(input.candidates, `${where} candidates`),
          input.detail === undefined ? null : toJsonText(input.detail, `${where} detail`),
          input.runId ?? null,
          this.scope.nowIso(),
        );
      return { item: this.read(Number(r.lastInsertRowid)), created: true };
    });
  }

  get(id: number): Promise<ReviewItem | undefined> {
    return this.scope.exec(() => {
      const row = this.scope.conn.stmt('SELECT * FROM review_items WHERE id = ?').get(id) as
        | ReviewRow
        | undefined;
      return row && toReview(row);
    });
  }

  list(
    filter: {
      state?: ReviewState | undefined;
      kind?: ReviewKind | undefined;
      flow?: string | undefined;
      limit?: number | undefined;
    } = {},
  ): Promise<ReviewItem[]> {
    return this.scope.exec(() =>
      (
        this.scope.conn
          .stmt(
            `SELECT * FROM review_items WHERE (@state IS NULL OR state = @state) AND (@kind IS NULL OR kind = @kind)
             AND (@flow IS NULL OR flow = @flow) ORDER BY id LIMIT @limit`,
          )
          .all({
            state: filter.state ?? null,
            kind: filter.kind ?? null,
            flow: filter.flow ?? null,
            limit: filter.limit ?? -1,
          }) as ReviewRow[]
      ).map(toReview),
    );
  }

  decide(id: number, input: { decision: unknown; by: string }): Promise<ReviewItem> {
    return this.scope.exec(() => {
      const current = this.read(id);
      reviewStates.assert(current.state, 'decided', `review item ${id}`);
      this.scope.conn
        .stmt(
          `UPDATE review_items SET state = 'decided', decision_json = ?, decided_by = ?, decided_at = ?
           WHERE id = ? AND state = 'open'`,
        )
        .run(toJsonText(input.decision, `review item ${id} decision`), input.by, this.scope.nowIso(), id);
      return this.read(id);
    });
  }

  private read(id: number): ReviewItem {
    const row = this.scope.conn.stmt('SELECT * FROM review_items WHERE id = ?').get(id) as
      | ReviewRow
      | undefined;
    if (!row) throw new StoreNotFound(`review item ${id} does not exist`);
    return toReview(row);
  }
}
