/**
 * Resolves a system's connection settings for a connector, at connect time: every secret
 * reference becomes a `Secret` (which prints as its reference), plain settings pass through.
 * All missing secrets are reported together, by reference name, never by value.
 */
import type { SystemDef } from './model.ts';
import { isSecretRef, resolveSecret, type Secret, type SecretResolver } from './secret-ref.ts';

export type ResolvedSetting = string | number | boolean | Secret;

export type ConnectionResolution =
  | { ok: true; settings: Readonly<Record<string, ResolvedSetting>> }
  | { ok: false; errors: readonly string[] };

/**
 * @example
 * const resolved = resolveConnection(contract.systems.netsuite!, envSecretResolver());
 * if (resolved.ok) sign(request, (resolved.settings.tokenSecret as Secret).reveal());
 */
export function resolveConnection(system: SystemDef, resolver: SecretResolver): ConnectionResolution {
  const settings: Record<string, ResolvedSetting> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(system.connection)) {
    if (!isSecretRef(value)) {
      settings[key] = value;
      continue;
    }
    const resolved = resolveSecret(value, resolver);
    if (resolved.ok) settings[key] = resolved.secret;
    else errors.push(`system ${system.name}, connection.${key}: ${resolved.message}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings };
}
