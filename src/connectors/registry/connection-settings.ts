/**
 * Typed reads of a system's resolved connection settings, with errors that name the system and
 * the setting to add — never the value (a secret is revealed only at the point of use).
 */
import { type ResolvedSetting, Secret } from '../../contract/index.ts';
import { UserInputError } from '../../model/errors.ts';

export class ConnectionSettings {
  constructor(
    readonly system: string,
    private readonly settings: Readonly<Record<string, ResolvedSetting>>,
  ) {}

  has(key: string): boolean {
    return this.settings[key] !== undefined;
  }

  /** A plain (non-secret) setting, or a secret's value when the contract made it one anyway. */
  text(key: string): string | undefined {
    const v = this.settings[key];
    if (v === undefined) return undefined;
    return v instanceof Secret ? v.reveal() : String(v);
  }

  number(key: string): number | undefined {
    const v = this.settings[key];
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : Number(v instanceof Secret ? v.reveal() : v);
    if (!Number.isFinite(n))
      throw new UserInputError(`system ${this.system}: connection.${key} must be a number`);
    return n;
  }

  require(key: string, what: string): string {
    const v = this.text(key);
    if (v === undefined || v === '') {
      throw new UserInputError(`system ${this.system}: connection.${key} is missing; set it to ${what}`);
    }
    return v;
  }
}
