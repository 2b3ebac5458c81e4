/**
 * Shared by the cross-reference validators: the parsed input, where things were written, and
 * the collected errors. Reference checks say which names do exist and suggest the closest.
 */
import { suggest } from './did-you-mean.ts';
import { formatPath, type LocatedError } from './located-error.ts';
import type { ContractInput } from './schema.ts';
import type { SourceMap } from './source-map.ts';

export type Path = readonly PropertyKey[];

export class ValidationContext {
  readonly errors: LocatedError[] = [];
  readonly input: ContractInput;
  readonly map: SourceMap;

  constructor(input: ContractInput, map: SourceMap) {
    this.input = input;
    this.map = map;
  }

  /** Records an error at `path` (at its key when `key` is set). */
  error(path: Path, message: string, fix: string, key = false): void {
    this.errors.push({ ...this.map.at(path, { key }), path: formatPath(path), message, fix });
  }

  /**
   * Checks that `name` is one of `declared`; records "X is not a declared Y — did you mean…".
   * Returns whether it was found.
   */
  reference(path: Path, name: string, declared: readonly string[], what: string, key = false): boolean {
    if (declared.includes(name)) return true;
    this.error(
      path,
      `${formatPath(path)} names ${what} "${name}", which is not declared`,
      suggest(name, declared, `declared ${what}s`),
      key,
    );
    return false;
  }

  systemNames(): string[] {
    return Object.keys(this.input.systems);
  }

  teamNames(): string[] {
    return Object.keys(this.input.teams ?? {});
  }

  alertNames(): string[] {
    return Object.keys(this.input.alerts ?? {});
  }

  entityNames(): string[] {
    return Object.keys(this.input.entities);
  }

  flowNames(): string[] {
    return Object.keys(this.input.flows);
  }
}
