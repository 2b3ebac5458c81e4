/** Schema snapshots for drift detection, part of the store port (see `store.ts`). */
import type { IsoTime } from './store.ts';

export interface SchemaSnapshot {
  id: number;
  system: string;
  takenAt: IsoTime;
  schema: unknown;
  approved: boolean;
  approvedBy?: string | undefined;
  approvedAt?: IsoTime | undefined;
}

export interface SchemaSnapshotRepo {
  add(input: { system: string; schema: unknown; takenAt?: IsoTime | undefined }): Promise<SchemaSnapshot>;
  /** The newest snapshot of a system (only approved ones with `approvedOnly`). */
  latest(
    system: string,
    options?: { approvedOnly?: boolean | undefined },
  ): Promise<SchemaSnapshot | undefined>;
  approve(id: number, by: string): Promise<SchemaSnapshot>;
  /** Newest first. */
  list(system: string): Promise<SchemaSnapshot[]>;
}
