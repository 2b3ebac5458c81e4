/**
 * The optional `environments:` section: the same contract pointed at another account — a
 * NetSuite sandbox instead of production, a development shop — by overriding each system's
 * account id and connection settings. `accord drift compare --from sandbox --to production` uses
 * it; a system an environment does not mention keeps its own settings.
 *
 * ```yaml
 * environments:
 *   production:
 *     systems:
 *       netsuite:
 *         accountId: "1234567"
 *         connection: { tokenId: env:NS_PROD_TOKEN_ID, tokenSecret: env:NS_PROD_TOKEN_SECRET }
 *   sandbox:
 *     systems:
 *       netsuite: { accountId: 1234567_SB1 }
 * ```
 *
 * @example
 *   const prod = applyEnvironment(contract, 'production');
 *   if (prod.ok) connect(prod.contract.systems.netsuite);
 */
import { z } from 'zod';
import type { Contract, SettingValue, SystemDef } from './model.ts';
import { nameSchema, netsuiteAccountIdSchema, settingValueSchema } from './schema-primitives.ts';
import { parseSecretRef } from './secret-ref.ts';

const environmentSystemSchema = z.strictObject({
  accountId: netsuiteAccountIdSchema.optional(),
  connection: z
    .record(z.string(), settingValueSchema)
    .describe('Connection settings replacing the base ones; credentials only as references')
    .optional(),
});

/** The YAML shape of `environments:`. */
export const environmentsSchema = z
  .record(
    nameSchema,
    z.strictObject({
      description: z.string().optional(),
      systems: z.record(nameSchema, environmentSystemSchema),
    }),
  )
  .describe('Other accounts the same contract can point at (sandbox, production), for accord drift compare');

export type EnvironmentsInput = z.infer<typeof environmentsSchema>;

export interface EnvironmentSystemDef {
  readonly accountId?: string;
  readonly connection: Readonly<Record<string, SettingValue>>;
}

export interface EnvironmentDef {
  readonly name: string;
  readonly description?: string;
  readonly systems: Readonly<Record<string, EnvironmentSystemDef>>;
}

/** The normalised section: secret references parsed like a system's own connection. */
export function normaliseEnvironments(
  input: EnvironmentsInput | undefined,
): Record<string, EnvironmentDef> | undefined {
  if (input === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(input).map(([name, env]) => [
      name,
      {
        name,
        ...(env.description === undefined ? {} : { description: env.description }),
        systems: Object.fromEntries(
          Object.entries(env.systems).map(([system, s]) => {
            const connection: Record<string, SettingValue> = {};
            for (const [key, value] of Object.entries(s.connection ?? {})) {
              connection[key] = (typeof value === 'string' ? parseSecretRef(value) : undefined) ?? value;
            }
            return [system, { connection, ...(s.accountId === undefined ? {} : { accountId: s.accountId }) }];
          }),
        ),
      },
    ]),
  );
}

export type EnvironmentResult = { ok: true; contract: Contract } | { ok: false; message: string };

/** The contract as seen in one environment: each named system's settings overridden. */
export function applyEnvironment(contract: Contract, name: string): EnvironmentResult {
  const env = contract.environments?.[name];
  const known = Object.keys(contract.environments ?? {});
  if (!env) {
    return {
      ok: false,
      message: `environment "${name}" is not declared in ${contract.file}; ${
        known.length > 0 ? `declared: ${known.join(', ')}` : 'add an environments: section naming it'
      }`,
    };
  }
  const systems: Record<string, SystemDef> = { ...contract.systems };
  for (const [system, override] of Object.entries(env.systems)) {
    const base = contract.systems[system];
    if (!base) {
      return {
        ok: false,
        message: `environment "${name}" overrides system "${system}", which ${contract.file} does not declare; systems: ${Object.keys(contract.systems).join(', ')}`,
      };
    }
    const accountId = override.accountId ?? base.netsuite?.accountId;
    systems[system] = {
      ...base,
      connection: { ...base.connection, ...override.connection },
      ...(accountId === undefined ? {} : { netsuite: { accountId, sandbox: /_SB[0-9]+$/i.test(accountId) } }),
    };
  }
  return { ok: true, contract: { ...contract, systems } };
}
