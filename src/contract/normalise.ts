/**
 * Builds the normalised `Contract` from validated input: defaults applied, shorthands expanded,
 * durations and rates parsed, every part given its source location.
 */
import { normaliseEnvironments } from './environments.ts';
import type {
  ChangeControlRule,
  Contract,
  EntityDef,
  EntityMapping,
  ErrorPolicy,
  FieldDef,
  FieldMapping,
  FlowDef,
  LineFieldDef,
  MatchKey,
  Rate,
  SettingValue,
} from './model.ts';
import type { ContractInput, ErrorPolicyInput, FieldMappingInput, LineFieldMappingInput } from './schema.ts';
import { parseSecretRef } from './secret-ref.ts';
import type { SourceMap } from './source-map.ts';
import type { Normaliser, Transform } from './vocabulary.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s` → 30000. Input is already validated, so the pattern always matches. */
export function parseDuration(text: string): number {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(text);
  return Number(match?.[1] ?? 0) * (UNIT_MS[match?.[2] ?? 's'] ?? 1000);
}

/** `10/s` → { requests: 10, perMs: 1000 }. */
export function parseRate(text: string): Rate {
  const [count, unit] = text.split('/');
  return { requests: Number(count), perMs: UNIT_MS[unit ?? 's'] ?? 1000, text };
}

/** Drops keys whose value is undefined, so optional properties stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

function errorPolicy(input: ErrorPolicyInput | undefined): ErrorPolicy | undefined {
  if (input === undefined) return undefined;
  return {
    retries: input.retries,
    backoff: {
      initialMs: parseDuration(input.backoff.initial),
      maxMs: parseDuration(input.backoff.max),
      jitter: input.backoff.jitter ?? true,
    },
    deadLetter: input.deadLetter,
  };
}

function fieldMapping(
  field: string,
  input: FieldMappingInput | LineFieldMappingInput,
  map: SourceMap,
  path: PropertyKey[],
): FieldMapping {
  const at = map.at(path, { key: true });
  if (typeof input === 'string') return { field, path: input, transforms: [], readOnly: false, at };
  const lines =
    'fields' in input && input.fields !== undefined
      ? Object.fromEntries(
          Object.entries(input.fields).map(([name, m]) => [
            name,
            fieldMapping(name, m, map, [...path, 'fields', name]),
          ]),
        )
      : undefined;
  return {
    field,
    path: input.path,
    transforms: input.transform === undefined ? [] : ([input.transform].flat() as Transform[]),
    readOnly: input.readOnly ?? false,
    at,
    ...defined({ currencyPath: input.currency, enumMap: input.map, lines }),
  };
}

/**
 * @example
 * const contract = normalise(input, sourceMap);
 */
export function normalise(input: ContractInput, map: SourceMap): Contract {
  const systems = Object.fromEntries(
    Object.entries(input.systems).map(([name, s]) => {
      const connection: Record<string, SettingValue> = {};
      for (const [key, value] of Object.entries(s.connection ?? {})) {
        connection[key] = (typeof value === 'string' ? parseSecretRef(value) : undefined) ?? value;
      }
      const netsuite =
        s.accountId === undefined
          ? undefined
          : { accountId: s.accountId, sandbox: /_SB[0-9]+$/i.test(s.accountId) };
      const limits = defined({
        concurrency: s.limits?.concurrency,
        rate: s.limits?.rate === undefined ? undefined : parseRate(s.limits.rate),
      });
      const at = map.at(['systems', name], { key: true });
      return [
        name,
        { name, kind: s.kind, connection, limits, at, ...defined({ description: s.description, netsuite }) },
      ];
    }),
  );
  const teams = Object.fromEntries(
    Object.entries(input.teams ?? {}).map(([name, t]) => [
      name,
      {
        name,
        members: t.members ?? [],
        at: map.at(['teams', name], { key: true }),
        ...defined({ description: t.description, contact: t.contact, alert: t.alert }),
      },
    ]),
  );
  const alerts = Object.fromEntries(
    Object.entries(input.alerts ?? {}).map(([name, a]) => [
      name,
      {
        name,
        email: a.email ?? [],
        at: map.at(['alerts', name], { key: true }),
        ...defined({
          description: a.description,
          log: a.log,
          webhook: a.webhook === undefined ? undefined : parseSecretRef(a.webhook),
        }),
      },
    ]),
  );
  const entities: Record<string, EntityDef> = {};
  for (const [entityName, e] of Object.entries(input.entities)) {
    const fields: Record<string, FieldDef> = {};
    for (const [name, f] of Object.entries(e.fields)) {
      const declared = f.owner === undefined ? (e.owner === undefined ? [] : [e.owner]) : [f.owner].flat();
      const lines =
        f.fields === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(f.fields).map(([lineName, l]): [string, LineFieldDef] => [
                lineName,
                {
                  name: lineName,
                  kind: l.kind,
                  required: l.required ?? false,
                  ...defined({ values: l.values, entity: l.entity, description: l.description }),
                },
              ]),
            );
      fields[name] = {
        entity: entityName,
        name,
        kind: f.kind,
        required: f.required ?? false,
        declaredOwners: declared,
        at: map.at(['entities', entityName, 'fields', name], { key: true }),
        ...defined({
          description: f.description,
          values: f.values,
          references: f.entity,
          lines,
          owner: declared.length === 1 ? declared[0] : undefined,
          conflict: f.conflict,
          normalise: f.normalise === undefined || f.normalise.length === 0 ? undefined : f.normalise,
          onNonOwnerChange: f.onNonOwnerChange ?? e.onNonOwnerChange ?? input.defaults?.onNonOwnerChange,
        }),
      };
    }
    const mappings: Record<string, EntityMapping> = {};
    for (const [system, m] of Object.entries(e.mappings)) {
      const base = ['entities', entityName, 'mappings', system];
      mappings[system] = {
        entity: entityName,
        system,
        record: m.record,
        idPath: m.id,
        fields: Object.fromEntries(
          Object.entries(m.fields).map(([name, fm]) => [
            name,
            fieldMapping(name, fm, map, [...base, 'fields', name]),
          ]),
        ),
        at: map.at(base, { key: true }),
        ...defined({ externalIdPath: m.externalId }),
      };
    }
    entities[entityName] = {
      name: entityName,
      fields,
      mappings,
      at: map.at(['entities', entityName], { key: true }),
      ...defined({
        description: e.description,
        onNonOwnerChange: e.onNonOwnerChange ?? input.defaults?.onNonOwnerChange,
      }),
    };
  }
  const flows: Record<string, FlowDef> = {};
  for (const [name, f] of Object.entries(input.flows)) {
    const entity = entities[f.entity];
    const from = entity?.mappings[f.from];
    const to = entity?.mappings[f.to];
    const carried =
      f.fields ??
      Object.keys(entity?.fields ?? {}).filter((field) => from?.fields[field] && to?.fields[field]);
    const keys: MatchKey[] = (f.match?.keys ?? []).map((k) =>
      typeof k === 'string'
        ? k === 'external-id'
          ? { kind: 'external-id' }
          : { kind: 'fields', fields: [k], normalise: [] }
        : {
            kind: 'fields',
            fields: k.fields ?? (k.field === undefined ? [] : [k.field]),
            normalise: (k.normalise ?? []) as Normaliser[],
          },
    );
    const match =
      f.match === undefined
        ? undefined
        : {
            keys,
            onMultipleMatches: 'review' as const,
            at: map.at(['flows', name, 'match'], { key: true }),
            ...defined({ onNoMatch: f.match.onNoMatch }),
          };
    flows[name] = {
      name,
      entity: f.entity,
      from: f.from,
      to: f.to,
      direction: f.direction,
      fields: carried,
      trigger: defined({ schedule: f.trigger.schedule, webhook: f.trigger.webhook }),
      lane: f.lane ?? input.defaults?.lane ?? 'live',
      onDelete: f.onDelete ?? 'flag',
      at: map.at(['flows', name], { key: true }),
      ...defined({
        description: f.description,
        owner: f.owner,
        only: f.only,
        alert: f.alert ?? (f.owner === undefined ? undefined : input.teams?.[f.owner]?.alert),
        match,
        errors: errorPolicy(f.errors ?? input.defaults?.errors),
      }),
    };
  }
  const reconciliation = Object.fromEntries(
    Object.entries(input.reconciliation ?? {}).map(([name, r]) => [
      name,
      {
        name,
        flows: r.flows,
        schedule: r.schedule,
        count: r.count ?? false,
        sum: r.sum ?? [],
        groupBy: r.groupBy ?? [],
        tolerance: r.tolerance ?? {},
        where: r.where ?? {},
        ...(r.key === undefined
          ? {}
          : {
              key:
                r.key === 'external-id'
                  ? ('external-id' as const)
                  : typeof r.key === 'string'
                    ? [r.key]
                    : r.key,
            }),
        references: Object.entries(r.references ?? {}).map(([ref, c]) => ({
          name: ref,
          entity: c.entity,
          in: c.in,
          paths: c.paths,
          ...defined({ description: c.description, by: c.by }),
        })),
        at: map.at(['reconciliation', name], { key: true }),
        ...defined({ description: r.description, periodField: r.periodField, alert: r.alert }),
      },
    ]),
  );
  const changeControl: ChangeControlRule[] = (input.changeControl ?? []).map((c, i) => ({
    changes: c.changes,
    entities: c.entities ?? [],
    approvers: c.approvers,
    at: map.at(['changeControl', i]),
    ...defined({ description: c.description }),
  }));
  return {
    file: map.file,
    name: input.name,
    systems,
    teams,
    alerts,
    entities,
    flows,
    reconciliation,
    changeControl,
    ...defined({ description: input.description, environments: normaliseEnvironments(input.environments) }),
  };
}
