/**
 * Maps a path in the parsed contract (`['flows', 'orders', 'direction']`) back to a line and
 * column in the YAML text, so every error can point at what the user wrote.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from './located-error.ts';

export class SourceMap {
  readonly #doc: Document;
  readonly #lines: LineCounter;
  readonly file: string;

  constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file;
    this.#doc = doc;
    this.#lines = lines;
  }

  /** Location of a byte offset in the text. */
  atOffset(offset: number): SourceLocation {
    const pos = this.#lines.linePos(Math.max(0, offset));
    return { file: this.file, line: Math.max(1, pos.line), col: Math.max(1, pos.col) };
  }

  /**
   * Location of the node at `path`; with `key: true`, of its key instead of its value. When the
   * path does not exist (a missing key), the nearest written ancestor's key is returned: a
   * missing `direction` points at the flow that lacks it.
   */
  at(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourceLocation {
    let node: unknown = this.#doc.contents;
    let anchor: Node | null = null;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      node = this.#resolve(node);
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) return this.#position(anchor ?? (node as Node));
        const key = isScalar(pair.key) ? pair.key : null;
        if (last && options.key && key) return this.#position(key);
        anchor = key ?? anchor;
        node = pair.value;
        if (node === null || node === undefined) return this.#position(anchor ?? null);
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined || item === null) return this.#position(anchor ?? (node as Node));
        node = item;
        anchor = isScalar(item) || isMap(item) || isSeq(item) ? (item as Node) : anchor;
      } else {
        return this.#position(anchor ?? null);
      }
    }
    return this.#position((this.#resolve(node) as Node | null) ?? anchor);
  }

  #resolve(node: unknown): unknown {
    // An alias (`*defaults`) stands for its anchor's node; follow it so paths through it resolve.
    return isAlias(node) ? node.resolve(this.#doc) : node;
  }

  #position(node: Node | null): SourceLocation {
    const offset = node && 'range' in node && Array.isArray(node.range) ? node.range[0] : 0;
    return this.atOffset(offset ?? 0);
  }
}
