/**
 * Opening a contract's systems for the drift and impact commands. The library calls take ready
 * connectors; the CLI needs them built from the contract's `systems`, which is the connector
 * registry's job (being written on the engine branch). Until it lands, this is the minimal
 * factory drift needs — NetSuite and Shopify, the systems whose customisations drift most — as a
 * table of builders by kind (a new kind is a new entry, not a branch in shared code).
 *
 * @example
 *   const opened = openConnectors(contract, envSecretResolver());
 *   try { await checkDrift({ contract, store, connectors: opened.connectors }); } finally { await opened.close(); }
 */
import type { Connector } from '../connectors/connector.ts';
import { createNetSuiteConnector } from '../connectors/netsuite/netsuite-connector.ts';
import { DEFAULT_DESCRIBED_TYPES } from '../connectors/netsuite/netsuite-schema.ts';
import { ShopifyConnector } from '../connectors/shopify/shopify-connector.ts';
import type { Contract, SystemDef } from '../contract/model.ts';
import { type ResolvedSetting, resolveConnection } from '../contract/resolve-connection.ts';
import { Secret, type SecretResolver } from '../contract/secret-ref.ts';
import { UserInputError } from '../model/errors.ts';

type Settings = Readonly<Record<string, ResolvedSetting>>;
type Builder = (system: SystemDef, settings: Settings, contract: Contract) => Connector;

function setting(settings: Settings, key: string, system: string, fallback?: string): string {
  const value = settings[key];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UserInputError(
      `system ${system}: connection.${key} is required to read its schema; add it to the contract`,
      {
        system,
      },
    );
  }
  return value instanceof Secret ? value.reveal() : String(value);
}

function optional(settings: Settings, key: string): string | undefined {
  const value = settings[key];
  return value === undefined ? undefined : value instanceof Secret ? value.reveal() : String(value);
}

const BUILDERS: Readonly<Partial<Record<SystemDef['kind'], Builder>>> = {
  netsuite: (system, s, contract) => {
    const baseUrl = optional(s, 'baseUrl');
    // describe() reports a default set of record types: add every one the contract maps, or a
    // mapped type outside the defaults would look removed.
    const mapped = Object.values(contract.entities).flatMap((e) => e.mappings[system.name]?.record ?? []);
    return createNetSuiteConnector({
      system: system.name,
      accountId: system.netsuite?.accountId ?? setting(s, 'accountId', system.name),
      // Drift and impact read schemas and scan by id: no SuiteQL timestamps are compared, so the
      // account's time zone only matters when the contract states it.
      timeZone: setting(s, 'timeZone', system.name, 'UTC'),
      auth: {
        kind: 'tba',
        consumerKey: setting(s, 'consumerKey', system.name),
        consumerSecret: setting(s, 'consumerSecret', system.name),
        tokenId: setting(s, 'tokenId', system.name),
        tokenSecret: setting(s, 'tokenSecret', system.name),
      },
      describeTypes: [...new Set([...DEFAULT_DESCRIBED_TYPES, ...mapped])],
      ...(baseUrl ? { baseUrl } : {}),
      ...(system.limits.concurrency ? { concurrency: system.limits.concurrency } : {}),
    });
  },
  shopify: (system, s) => {
    const baseUrl = optional(s, 'baseUrl');
    const apiVersion = optional(s, 'apiVersion');
    return new ShopifyConnector({
      system: system.name,
      storeDomain: setting(s, 'shop', system.name),
      accessToken: setting(s, 'accessToken', system.name),
      ...(apiVersion ? { apiVersion } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(system.limits.concurrency ? { concurrency: system.limits.concurrency } : {}),
    });
  },
};

export interface OpenedConnectors {
  connectors: Record<string, Connector>;
  /** Systems not opened, with why (an unsupported kind): reported, never silently skipped. */
  skipped: { system: string; reason: string }[];
  close(): Promise<void>;
}

/** Connectors for the named systems (default: every system of the contract). */
export function openConnectors(
  contract: Contract,
  resolver: SecretResolver,
  systems: readonly string[] = Object.keys(contract.systems),
): OpenedConnectors {
  const connectors: Record<string, Connector> = {};
  const skipped: { system: string; reason: string }[] = [];
  const errors: string[] = [];
  for (const name of systems) {
    const system = contract.systems[name];
    if (!system) throw new UserInputError(`system "${name}" is not declared in ${contract.file}`);
    const build = BUILDERS[system.kind];
    if (!build) {
      skipped.push({ system: name, reason: `drift cannot open ${system.kind} systems from the CLI yet` });
      continue;
    }
    const resolved = resolveConnection(system, resolver);
    if (!resolved.ok) {
      errors.push(...resolved.errors);
      continue;
    }
    connectors[name] = build(system, resolved.settings, contract);
  }
  const close = async () => {
    await Promise.all(Object.values(connectors).map((c) => c.close()));
  };
  if (errors.length > 0) {
    void close();
    throw new UserInputError(`cannot connect: ${errors.join('; ')}`);
  }
  return { connectors, skipped, close };
}
