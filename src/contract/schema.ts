/**
 * The contract's YAML shape, as a zod schema. It checks the shape of each value only; names that
 * point at other parts of the contract (a flow's systems, a field's owner…) are checked by
 * `validate.ts`, which can say which names exist. Every object is strict, so a misspelt key is
 * an error with a "did you mean" rather than a setting silently ignored.
 *
 * @example
 * const parsed = contractSchema.safeParse(YAML.parse(text));
 */
import { z } from 'zod';
import { environmentsSchema } from './environments.ts';
import {
  currencyCodeSchema,
  decimalStringSchema,
  durationSchema,
  fieldNameSchema,
  fieldPathSchema,
  nameSchema,
  netsuiteAccountIdSchema,
  rateSchema,
  scheduleSchema,
  secretRefSchema,
  settingValueSchema,
} from './schema-primitives.ts';
import {
  CHANGE_KINDS,
  CONFLICT_RULES,
  DELETE_POLICIES,
  DIRECTIONS,
  FIELD_KINDS,
  LANES,
  LINE_FIELD_KINDS,
  LOG_LEVELS,
  NO_MATCH_POLICIES,
  NON_OWNER_CHANGE_POLICIES,
  NORMALISERS,
  SYSTEM_KINDS,
  TRANSFORMS,
} from './vocabulary.ts';

const text = z.string();
const names = z.array(nameSchema);

const systemSchema = z.strictObject({
  kind: z.enum(SYSTEM_KINDS).describe('Which application this is'),
  description: text.optional(),
  /** NetSuite only: the account id; a `_SB1` suffix names a sandbox realm. */
  accountId: netsuiteAccountIdSchema.describe('NetSuite account id; 123456_SB1 is sandbox 1').optional(),
  connection: z
    .record(z.string(), settingValueSchema)
    .describe('Connection settings; credentials only as references such as env:NETSUITE_TOKEN_SECRET')
    .optional(),
  limits: z
    .strictObject({
      concurrency: z.int().min(1).max(1000).optional(),
      rate: rateSchema.optional(),
    })
    .optional(),
});

const teamSchema = z.strictObject({
  description: text.optional(),
  contact: text.optional(),
  members: z.array(text).optional(),
  alert: nameSchema.optional(),
});

const alertRouteSchema = z.strictObject({
  description: text.optional(),
  webhook: secretRefSchema.optional(),
  email: z.array(z.email({ error: 'expected an email address' })).optional(),
  log: z.enum(LOG_LEVELS).optional(),
});

const lineFieldSchema = z.strictObject({
  kind: z.enum(LINE_FIELD_KINDS),
  description: text.optional(),
  required: z.boolean().optional(),
  values: z.array(z.string()).optional(),
  entity: nameSchema.optional(),
});

const fieldSchema = z.strictObject({
  kind: z.enum(FIELD_KINDS),
  description: text.optional(),
  required: z.boolean().optional(),
  /** enum: the declared canonical values. */
  values: z.array(z.string()).optional(),
  /** reference: the entity referred to. */
  entity: nameSchema.optional(),
  /** lines: the fields of each line. */
  fields: z.record(fieldNameSchema, lineFieldSchema).optional(),
  /** The system of record. A list is accepted only so that `accord check` can say it is wrong. */
  owner: z.union([nameSchema, names]).describe('The system of record for this field').optional(),
  conflict: z
    .enum(CONFLICT_RULES)
    .describe('When two systems changed this field since the last sync: who wins')
    .optional(),
  onNonOwnerChange: z
    .enum(NON_OWNER_CHANGE_POLICIES)
    .describe('When a system other than the owner changes it: revert it, or flag it for review')
    .optional(),
  /** string and email only: how two values are compared; values are stored and written as they are. */
  normalise: z
    .array(z.enum(NORMALISERS))
    .describe(
      'string and email: two values are the same when equal after these (e.g. [digits-only] for a phone a system reformats); never applied to what is written',
    )
    .optional(),
});

const transformList = z.union([z.enum(TRANSFORMS), z.array(z.enum(TRANSFORMS))]);

const lineFieldMappingSchema = z.union([
  fieldPathSchema,
  z.strictObject({
    path: fieldPathSchema,
    currency: fieldPathSchema.optional(),
    transform: transformList.optional(),
    map: z.record(z.string(), z.string()).optional(),
    readOnly: z.boolean().optional(),
  }),
]);

const fieldMappingSchema = z.union([
  fieldPathSchema,
  z.strictObject({
    path: fieldPathSchema,
    /** money: where the currency code sits beside the amount. */
    currency: fieldPathSchema.optional(),
    transform: transformList.optional(),
    /** enum: system value → canonical value. */
    map: z.record(z.string(), z.string()).optional(),
    /** Never written to this system (computed there), only read and compared. */
    readOnly: z.boolean().optional(),
    /** lines: each line field's path inside one line. */
    fields: z.record(fieldNameSchema, lineFieldMappingSchema).optional(),
  }),
]);

const mappingSchema = z.strictObject({
  record: z.string().min(1),
  id: fieldPathSchema,
  externalId: fieldPathSchema.optional(),
  fields: z.record(fieldNameSchema, fieldMappingSchema),
});

const entitySchema = z.strictObject({
  description: text.optional(),
  /** Default owner for fields that do not name one. */
  owner: nameSchema.optional(),
  onNonOwnerChange: z.enum(NON_OWNER_CHANGE_POLICIES).optional(),
  fields: z.record(fieldNameSchema, fieldSchema),
  mappings: z.record(nameSchema, mappingSchema),
});

const matchKeySchema = z.union([
  z.string(),
  z.strictObject({
    field: fieldNameSchema.optional(),
    fields: z.array(fieldNameSchema).min(1).optional(),
    normalise: z.array(z.enum(NORMALISERS)).optional(),
  }),
]);

const errorPolicySchema = z.strictObject({
  retries: z.int().min(0).max(100),
  backoff: z.strictObject({
    initial: durationSchema,
    max: durationSchema,
    jitter: z.boolean().optional(),
  }),
  deadLetter: z.boolean(),
});

const flowSchema = z.strictObject({
  description: text.optional(),
  entity: nameSchema,
  from: nameSchema,
  to: nameSchema,
  direction: z
    .enum(DIRECTIONS)
    .describe('one-way: from → to only; two-way: both sides may change shared fields'),
  /** Restrict the flow to these fields; all fields mapped on both sides otherwise. */
  fields: z.array(fieldNameSchema).optional(),
  /** Only records whose enum fields hold one of these canonical values: `{ stage: [closed-won] }`. */
  only: z.record(fieldNameSchema, z.array(z.string()).min(1)).optional(),
  trigger: z.strictObject({
    schedule: scheduleSchema.optional(),
    webhook: z.string().min(1).optional(),
  }),
  lane: z
    .enum(LANES)
    .describe('live: low latency; bulk: big batches that must not starve live traffic')
    .optional(),
  owner: nameSchema.describe('The team that owns this flow').optional(),
  alert: nameSchema.describe("Alert route; defaults to the owner team's").optional(),
  match: z
    .strictObject({
      keys: z
        .array(matchKeySchema)
        .describe(
          'Ways to find the same record on the other side, tried in order: external-id, a field, or { fields, normalise }',
        )
        .optional(),
      onNoMatch: z
        .enum(NO_MATCH_POLICIES)
        .describe('When nothing matches: create, review or skip')
        .optional(),
      onMultipleMatches: z
        .literal('review', {
          error: 'onMultipleMatches must be review: Accord never guesses between two possible matches',
        })
        .optional(),
    })
    .optional(),
  onDelete: z
    .enum(DELETE_POLICIES)
    .describe(
      'When the source record is deleted: ignore, flag (default: a review item per linked record) or propagate (delete, or inactivate in NetSuite, the linked target record)',
    )
    .optional(),
  errors: errorPolicySchema.optional(),
});

/** A reference a reconciliation checks: every record's referenced record must exist (orphans). */
const referenceCheckSchema = z
  .strictObject({
    description: text.optional(),
    entity: nameSchema.describe(
      'The referenced entity (salesOrder): its mapping in `in` names the record type',
    ),
    in: nameSchema.describe('The system that must hold the referenced record (shopify)'),
    paths: z
      .record(nameSchema, fieldPathSchema)
      .describe(
        'Per system of the rule, where its records hold the referenced id: { stripe: metadata.shopify_order_id }',
      ),
    by: fieldPathSchema
      .describe("The referenced record's field holding that id (default: its id)")
      .optional(),
  })
  .describe(
    'Reports a record whose reference points to nothing as an orphan (a payment with no order), with both ids',
  );

const reconciliationSchema = z.strictObject({
  description: text.optional(),
  flows: names.min(1),
  schedule: scheduleSchema,
  count: z.boolean().optional(),
  sum: z.array(fieldNameSchema).optional(),
  groupBy: z.array(fieldNameSchema).optional(),
  /** The date field that `groupBy: [period]` buckets by month. */
  periodField: fieldNameSchema.optional(),
  tolerance: z
    .record(z.union([currencyCodeSchema, z.literal('default')]), decimalStringSchema)
    .describe(
      'Allowed difference per currency (or default), as a quoted decimal: { default: "0.01", JPY: "0" }',
    )
    .optional(),
  where: z
    .record(nameSchema, z.record(fieldNameSchema, z.array(z.string()).min(1)))
    .describe(
      "Which records of a side the rule is about: per system, canonical field → the values it may take, e.g. { netsuite: { subsidiary: ['1'] } } (NetSuite holds every shop's orders; this rule is about one shop's)",
    )
    .optional(),
  key: z
    .union([z.literal('external-id'), fieldNameSchema, z.array(fieldNameSchema).min(1)])
    .describe(
      "Which of the flow's match keys pairs records: external-id, a field (email) or fields; default the first both sides can compute",
    )
    .optional(),
  alert: nameSchema.optional(),
  references: z
    .record(nameSchema, referenceCheckSchema)
    .describe('Reference checks by name (order): records pointing to a record that does not exist')
    .optional(),
});

const changeControlRuleSchema = z.strictObject({
  description: text.optional(),
  changes: z.array(z.union([z.enum(CHANGE_KINDS), z.literal('*')])).min(1),
  entities: names.optional(),
  approvers: names.min(1),
});

/** The whole contract file. */
export const contractSchema = z.strictObject({
  accord: z.literal(1, { error: 'expected accord: 1 (the contract format version)' }),
  name: nameSchema,
  description: text.optional(),
  systems: z.record(nameSchema, systemSchema),
  teams: z.record(nameSchema, teamSchema).optional(),
  alerts: z.record(nameSchema, alertRouteSchema).optional(),
  defaults: z
    .strictObject({
      lane: z.enum(LANES).optional(),
      errors: errorPolicySchema.optional(),
      onNonOwnerChange: z.enum(NON_OWNER_CHANGE_POLICIES).optional(),
    })
    .optional(),
  entities: z.record(nameSchema, entitySchema),
  flows: z.record(nameSchema, flowSchema),
  reconciliation: z.record(nameSchema, reconciliationSchema).optional(),
  changeControl: z
    .array(changeControlRuleSchema)
    .describe('Who must approve which kind of change (accord diff lists them)')
    .optional(),
  environments: environmentsSchema.optional(),
});

/** The contract as written, after shape validation and before cross-references are checked. */
export type ContractInput = z.infer<typeof contractSchema>;
export type FieldInput = z.infer<typeof fieldSchema>;
export type FieldMappingInput = z.infer<typeof fieldMappingSchema>;
export type LineFieldMappingInput = z.infer<typeof lineFieldMappingSchema>;
export type MatchKeyInput = z.infer<typeof matchKeySchema>;
export type ErrorPolicyInput = z.infer<typeof errorPolicySchema>;
