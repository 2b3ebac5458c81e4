/**
 * Record-level comparison of two streams, with bounded memory: a hash-bucketed join.
 *
 * Each record (already seen through the mapping) is reduced to one compact JSON line
 * `side␞id␞key␞values…` and dropped into one of `partitions` buckets by a hash of its match
 * key, so both sides' records for one key always land in the same bucket. Buckets live in memory
 * until their total size passes `memoryBytes`; then every bucket is appended to its own file in a
 * temporary folder and emptied. At the end, buckets are compared one at a time, so memory holds one
 * bucket's records (≈ total / partitions), not both systems.
 *
 * Why this method (measured by `npm run bench -- reconcile`, 1,000,000 vs 1,000,000 records on
 * this 2-core machine; figures in the bench's output and the report): the sources are arbitrary
 * connectors (APIs with no SQL, paged in no promised order), so a sort-merge or a database join
 * would first need a full copy of both sides; checksum bisection needs ranged queries that only the
 * warehouses have. Bucketing needs one pass over each stream, one sequential write and read per
 * record when spilling, and compares a bucket with a plain Map. Spilling is cheap: at 1M vs 1M the
 * default 64 MiB budget (two spills) used 11.7 s CPU and 522 MB peak RSS, holding everything in
 * memory (256 MiB budget, no spill) 12.1 s and 817 MB. DuckDB's full outer join on the same
 * data, already loaded, is printed beside it by the bench: 0.32-0.55 s, 25-35× faster. So when
 * both sides are tables of one SQL database, reconcile() does not use this class for reading but
 * pushes the comparison down (sql-comparer.ts; 0.32-0.51 s at 1M vs 1M, load 3.2-4.7) and only
 * the rows of keys that may differ come through here. Re-measured 2026-11-28 with totals counted
 * at pairing (below): 10.3 s wall, 11.5 s CPU including both generated streams, 579 MB peak RSS
 * at load average 3.8 (16.3 s wall, 10.6 s CPU at load 11-15). `accord reconcile` runs with a
 * larger young generation (bin/young-generation.mjs: its churn of short-lived strings): -13% CPU
 * in paired runs, 9.5 s wall / 9.5 s CPU at load 4.3. Re-measured 2026-11-28 (third session) with the agreeing-pair
 * path (below, {@link RecordComparer.pairAgrees}): 6.2-7.3 s wall, 6.1-6.6 s CPU, 500-769 MB in
 * five runs at load 3.4-4.4 (-7% CPU in three paired runs).
 *
 * Totals are counted here, when a key's records are paired, not as records are read: a key's
 * records count in ONE group, the source record's (see group-totals.ts), and so does each of its
 * findings.
 *
 * @example
 *   const comparer = new RecordComparer(plan, tolerance);
 *   comparer.add('source', view); comparer.add('target', other);
 *   const findings = await comparer.finish();
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliseText } from '../contract/text-normalisers.ts';
import type { Normaliser } from '../contract/vocabulary.ts';
import { decodeEntry, type Entry, EntryLayout, encodeEntry } from './entry-layout.ts';
import type { ReconcileFinding } from './finding.ts';
import { GroupTotals, groupLabel } from './group-totals.ts';
import type { ComparedField, ReconcilePlan, SideRole } from './reconcile-plan.ts';
import type { RecordView } from './record-view.ts';
import type { Tolerance } from './tolerance.ts';

export interface ComparerOptions {
  /** Buckets (default 64). */
  partitions?: number | undefined;
  /** Bytes of buffered records before spilling to disk (default 64 MiB). */
  memoryBytes?: number | undefined;
  /** Folder for spill files (default the OS temp folder). */
  spillDir?: string | undefined;
}

/** The records of one side sharing a key (the duplicate case). */
class Several {
  constructor(readonly entries: Entry[]) {}
}

const listOf = (value: Entry | Several): Entry[] => (value instanceof Several ? value.entries : [value]);
const NONE: Entry[] = [];

/** FNV-1a, 32 bits: fast, and spreads keys evenly enough for bucketing. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class RecordComparer {
  private readonly partitions: number;
  private readonly memoryBytes: number;
  private readonly buffers: string[][];
  private buffered = 0;
  private dir: string | undefined;
  private readonly unkeyed: ReconcileFinding[] = [];
  private readonly layout: EntryLayout;
  /** Times buffers were written out, for the progress display and the bench. */
  spills = 0;

  /**
   * @param totals counts every record the comparer is given in its key's group (see
   *   group-totals.ts), and each finding in the group of its key.
   */
  constructor(
    private readonly plan: ReconcilePlan,
    private readonly tolerance: Tolerance,
    private readonly options: ComparerOptions = {},
    readonly totals: GroupTotals = new GroupTotals(plan),
  ) {
    this.layout = new EntryLayout(plan, totals);
    this.partitions = options.partitions ?? 64;
    this.memoryBytes = options.memoryBytes ?? 64 * 1024 * 1024;
    this.buffers = Array.from({ length: this.partitions }, () => []);
  }

  add(role: SideRole, view: RecordView): void {
    if (view.key === undefined) {
      const side = role === 'source' ? this.plan.source : this.plan.target;
      const other = role === 'source' ? this.plan.target : this.plan.source;
      const here = { system: side.system, id: view.id };
      const dims = this.totals.dimensionValues(view);
      this.totals.addRecord(role, dims, this.totals.summedValues(view));
      this.totals.addFinding(dims);
      this.unkeyed.push({
        category: 'unkeyed',
        group: groupLabel(dims),
        source: role === 'source' ? here : { system: other.system },
        target: role === 'target' ? here : { system: other.system },
        detail: `${side.system} ${side.objectType} ${view.id} has no value for the match key, so it cannot be paired; fill it in ${side.system}`,
      });
      return;
    }
    const line = encodeEntry(this.layout.entryOf(role, view));
    this.buffers[hash(view.key) % this.partitions]!.push(line);
    this.buffered += line.length + 16;
    if (this.buffered > this.memoryBytes) this.spill();
  }

  /** Compares bucket by bucket; removes the spill files. */
  async finish(): Promise<ReconcileFinding[]> {
    const findings: ReconcileFinding[] = [...this.unkeyed];
    try {
      for (let p = 0; p < this.partitions; p++) {
        const lines = this.dir ? readLines(join(this.dir, `${p}.ndjson`)) : [];
        for (const line of this.buffers[p]!) lines.push(line);
        this.buffers[p] = [];
        this.compareBucket(lines, findings);
        // Let other work (progress, signals) run between buckets.
        if (p % 8 === 7) await new Promise((r) => setImmediate(r));
      }
    } finally {
      if (this.dir) rmSync(this.dir, { recursive: true, force: true });
      this.dir = undefined;
    }
    return findings.sort(compareFindings);
  }

  private spill(): void {
    this.dir ??= mkdtempSync(join(this.options.spillDir ?? tmpdir(), 'accord-reconcile-'));
    for (let p = 0; p < this.partitions; p++) {
      const buffer = this.buffers[p]!;
      if (buffer.length === 0) continue;
      appendFileSync(join(this.dir, `${p}.ndjson`), `${buffer.join('\n')}\n`);
      this.buffers[p] = [];
    }
    this.buffered = 0;
    this.spills += 1;
  }

  private compareBucket(lines: string[], findings: ReconcileFinding[]): void {
    // One Map per side holding the entry itself (a list only for a key seen twice): a bucket of
    // single records allocates nothing per key beyond the Map slot.
    const sides = [new Map<string, Entry | Several>(), new Map<string, Entry | Several>()] as const;
    for (const line of lines) {
      const entry = decodeEntry(line);
      const map = sides[entry[0] === '0' ? 0 : 1];
      const key = entry[2]!;
      const seen = map.get(key);
      if (seen === undefined) map.set(key, entry);
      else if (seen instanceof Several) seen.entries.push(entry);
      else map.set(key, new Several([seen, entry]));
    }
    const [sources, targets] = sides;
    for (const [key, s] of sources) {
      const t = targets.get(key);
      if (t === undefined) {
        this.compareKey(key, listOf(s), NONE, findings);
        continue;
      }
      targets.delete(key);
      // The common case, one record on each side that agree: counted, compared, nothing allocated.
      if (!(s instanceof Several) && !(t instanceof Several) && this.pairAgrees(s, t)) {
        this.countPair(s, t);
        continue;
      }
      this.compareKey(key, listOf(s), listOf(t), findings);
    }
    for (const [key, t] of targets) this.compareKey(key, NONE, listOf(t), findings);
  }

  /** Whether one source and one target record agree on every compared field. */
  private pairAgrees(s: Entry, t: Entry): boolean {
    const compared = this.plan.compared;
    for (let i = 0; i < compared.length; i++) {
      if (this.differs(compared[i]!, s[3 + i] ?? null, t[3 + i] ?? null)) return false;
    }
    return true;
  }

  /** Counts an agreeing pair in the source record's group, as {@link countInGroup} would. */
  private countPair(s: Entry, t: Entry): void {
    const layout = this.layout;
    const group = layout.dims(s);
    const c = layout.currencyDim;
    this.totals.addRecord('source', group, layout.sums(s));
    this.totals.addRecord(
      'target',
      c >= 0 && layout.dim(t, c) !== group[c] ? layout.dims(t) : group,
      layout.sums(t),
    );
  }

  private compareKey(rawKey: string, s: Entry[], t: Entry[], findings: ReconcileFinding[]): void {
    const { source, target } = this.plan;
    const key = rawKey.replaceAll('\u001f', ' + ');
    if (s.length > 1) s.sort(byId);
    if (t.length > 1) t.sort(byId);
    const first = s[0];
    const other = t[0];
    const before = findings.length;
    const group = this.countInGroup(first ?? other!, s, t);
    for (const dup of s.slice(1)) {
      findings.push({
        category: 'duplicate',
        key,
        source: { system: source.system, id: dup[1]!, value: `same key as ${first![1]}` },
        target: { system: target.system, id: other?.[1] ?? undefined },
        detail: `${source.system} holds ${s.length} records for key ${key}: ${s.map((e) => e[1]).join(', ')}`,
      });
    }
    for (const dup of t.slice(1)) {
      findings.push({
        category: 'duplicate',
        key,
        source: { system: source.system, id: first?.[1] ?? undefined },
        target: { system: target.system, id: dup[1]!, value: `same key as ${other![1]}` },
        detail: `${target.system} holds ${t.length} records for key ${key}: ${t.map((e) => e[1]).join(', ')}`,
      });
    }
    if (first && !other) {
      findings.push({
        category: 'missing',
        key,
        source: { system: source.system, id: first[1]! },
        target: { system: target.system },
        detail: `${source.system} ${source.objectType} ${first[1]} is not in ${target.system}`,
      });
    } else if (!first && other) {
      findings.push({
        category: 'orphan',
        key,
        source: { system: source.system },
        target: { system: target.system, id: other[1]! },
        detail: `${target.system} ${target.objectType} ${other[1]} has no ${source.system} ${source.objectType} behind it`,
      });
    } else if (first && other) {
      const compared = this.plan.compared;
      for (let i = 0; i < compared.length; i++) {
        const field = compared[i]!;
        const a = first[3 + i] ?? null;
        const b = other[3 + i] ?? null;
        if (!this.differs(field, a, b)) continue;
        findings.push({
          category: field.category,
          key,
          field: field.name,
          source: { system: source.system, id: first[1]!, value: a },
          target: { system: target.system, id: other[1]!, value: b },
          detail: `${field.name}: ${source.system} ${show(a)}, ${target.system} ${show(b)}`,
        });
      }
    }
    const label = groupLabel(group);
    for (let i = before; i < findings.length; i++) {
      findings[i]!.group = label;
      this.totals.addFinding(group);
    }
  }

  /**
   * Counts the key's records in the key's group, decided once: the group of its (first) source
   * record, or of its target record when there is none; a record of another currency than the
   * group's counts in a group of its own currency instead. Returns the key's group.
   */
  private countInGroup(lead: Entry, s: readonly Entry[], t: readonly Entry[]): string[] {
    const layout = this.layout;
    const group = layout.dims(lead);
    const c = layout.currencyDim;
    for (const [role, entries] of [
      ['source', s],
      ['target', t],
    ] as const) {
      for (const entry of entries) {
        let dims = entry === lead ? group : undefined;
        if (dims === undefined && c >= 0 && layout.dim(entry, c) !== group[c]) dims = layout.dims(entry);
        this.totals.addRecord(role, dims ?? group, layout.sums(entry));
      }
    }
    return group;
  }

  private differs(field: ComparedField, a: string | null, b: string | null): boolean {
    if (a === b) return false;
    // A field the contract normalises (a phone NetSuite formats on save): equal when its normalised
    // texts are, a text normalised to nothing being no value, as the engine compares it.
    if (field.normalise !== undefined)
      return normalisedOrNull(a, field.normalise) !== normalisedOrNull(b, field.normalise);
    if (a === null || b === null) return true;
    if (field.kind !== 'money' && field.kind !== 'decimal') return true;
    const [amountA = '', currencyA = ''] = a.split(' ');
    const [amountB = '', currencyB = ''] = b.split(' ');
    if (currencyA !== currencyB || amountA.startsWith('?') || amountB.startsWith('?')) return true;
    return !this.tolerance.within(currencyA, amountA, amountB);
  }
}

function normalisedOrNull(value: string | null, normalisers: readonly Normaliser[]): string | null {
  return value === null ? null : normaliseText(value, normalisers) || null;
}

function readLines(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

const byId = (a: Entry, b: Entry) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0);
/** `?X` marks a value the mapping could not read: an enum value the contract does not map, or money that is not a decimal. */
const show = (v: string | null) =>
  v === null
    ? '(empty)'
    : v.startsWith('?')
      ? `"${v.slice(1)}" (not mapped by the contract, or unreadable)`
      : v;

/** The report's order: category, key, field, then ids. */
export function compareFindings(a: ReconcileFinding, b: ReconcileFinding): number {
  return (
    a.category.localeCompare(b.category) ||
    (a.key ?? '').localeCompare(b.key ?? '') ||
    (a.field ?? '').localeCompare(b.field ?? '') ||
    (a.source.id ?? a.target.id ?? '').localeCompare(b.source.id ?? b.target.id ?? '') ||
    (a.target.id ?? '').localeCompare(b.target.id ?? '')
  );
}
