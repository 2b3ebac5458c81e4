/**
 * The configuration reference, rendered from the contract's JSON Schema (`contractJsonSchema()`),
 * so the page cannot drift from what `accord check` accepts. `generate-config-reference.ts` writes
 * it to docs/configuration.md; a test fails when the committed page is stale.
 *
 * @example
 *   import { contractJsonSchema } from '../src/contract/index.ts';
 *   const markdown = renderConfigReference(contractJsonSchema());
 */

type Schema = Record<string, unknown>;

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/**
 * Plain-words notes for settings whose schema carries no description yet. The schema's own
 * description wins when it has one; a note whose path left the schema is simply never shown.
 */
const NOTES: Record<string, string> = {
  accord: 'Contract format version.',
  name: "The contract's name: shown in reports, alerts and the audit trail.",
  'systems.<name>.limits':
    "Accord never exceeds these; NetSuite's account-wide pool is shared with other integrations.",
  'systems.<name>.limits.concurrency': 'Most requests in flight at once to this system, across all workers.',
  'systems.<name>.limits.rate': 'Most requests per second, minute or hour (`10/s`).',
  'teams.<name>.contact': 'Where people reach the team.',
  'teams.<name>.alert': "The alert route paged when one of the team's flows fails.",
  'alerts.<name>.webhook': 'A webhook URL, by reference (Slack-compatible JSON is posted).',
  'alerts.<name>.email': 'Addresses that receive the alert.',
  'alerts.<name>.log': 'Write the alert to the log at this level.',
  'defaults.lane': '`live` for changes people wait for, `bulk` for big catch-ups that must not delay them.',
  'defaults.errors.retries': 'Attempts after the first before a failing record is parked as a dead letter.',
  'defaults.errors.backoff': 'Wait between attempts, doubling from `initial` up to `max`.',
  'defaults.errors.deadLetter': 'Park a record that keeps failing, with its reason; never drop it.',
  'defaults.onNonOwnerChange':
    'What to do when a system that does not own a field changes it: `flag` or `revert`.',
  'entities.<name>.owner': "Default system of record for the entity's fields.",
  'entities.<name>.fields.<name>.kind':
    "The field's kind; `money` carries its currency, `lines` nests fields.",
  'entities.<name>.fields.<name>.owner': "System of record for this field (overrides the entity's owner).",
  'entities.<name>.fields.<name>.values':
    'The allowed values of an enum; an unknown value becomes a review item.',
  'entities.<name>.fields.<name>.entity': 'The entity a `reference` field points at.',
  'entities.<name>.mappings': 'How each system stores the entity, one entry per system.',
  'entities.<name>.mappings.<name>.record':
    'The record type in that system (`salesOrder`, `Order`, `payment_intent`…).',
  'entities.<name>.mappings.<name>.id': "The path of the record's own id in that system.",
  'entities.<name>.mappings.<name>.externalId':
    "Where Accord writes the source record's id, for idempotent upserts and tracing.",
  'entities.<name>.mappings.<name>.fields':
    'Field name to path (`defaultAddress.company`), or an object with options.',
  'entities.<name>.mappings.<name>.fields.<name>.path': "Dotted path of the value in the system's record.",
  'entities.<name>.mappings.<name>.fields.<name>.currency':
    'Path of the currency code beside a money amount.',
  'entities.<name>.mappings.<name>.fields.<name>.transform': 'Transforms applied when reading, in order.',
  'entities.<name>.mappings.<name>.fields.<name>.map':
    'System value to canonical enum value, explicitly; no default.',
  'entities.<name>.mappings.<name>.fields.<name>.readOnly':
    'Read and compared, never written (a total the system computes).',
  'flows.<name>.entity': 'The entity the flow moves.',
  'flows.<name>.from': 'The source system.',
  'flows.<name>.to': 'The target system.',
  'flows.<name>.fields': 'Only these fields (default: every field both systems map).',
  'flows.<name>.trigger': 'A webhook topic, a schedule (`every 10m` or cron), or both.',
  'flows.<name>.match': 'How a record finds its counterpart, and what happens with none or several.',
  'flows.<name>.match.keys[].field': 'A canonical field compared after normalising.',
  'flows.<name>.match.keys[].fields': 'Several fields compared together (a composite key).',
  'flows.<name>.match.onMultipleMatches': 'Always `review`: two possible matches are never guessed.',
  'flows.<name>.errors': 'Overrides `defaults.errors` for this flow.',
  'reconciliation.<name>.flows': 'The flows whose two systems are compared.',
  'reconciliation.<name>.count': 'Compare record counts.',
  'reconciliation.<name>.sum': 'Money or number fields to total and compare.',
  'reconciliation.<name>.groupBy': 'Compare totals per group (currency, period, status…).',
  'reconciliation.<name>.periodField': 'The date field that places a record in a period.',
  'reconciliation.<name>.alert': 'The alert route told about a disagreement.',
  'changeControl[].changes': 'Kinds of change this rule covers (`*` for all).',
  'changeControl[].entities': 'Only changes to these entities.',
  'changeControl[].approvers': 'Teams that must approve such a change.',
};

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

/** One schema's type in words: `string`, `integer 1–1000`, `one of: a, b`, `map of object`. */
function typeOf(schema: Schema): string {
  const variants = schema.anyOf;
  if (Array.isArray(variants)) return variants.filter(isSchema).map(typeOf).join(' or ');
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => code(String(v))).join(', ')}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' / ') : String(schema.type ?? 'any');
  if (type === 'array') {
    const items = isSchema(schema.items) ? typeOf(schema.items) : 'any';
    const min = typeof schema.minItems === 'number' ? ` (at least ${schema.minItems})` : '';
    return `list of ${items}${min}`;
  }
  if (type === 'object' && !isSchema(schema.properties) && isSchema(schema.additionalProperties)) {
    return `map of ${typeOf(schema.additionalProperties)}`;
  }
  const bounds: string[] = [];
  if (typeof schema.minimum === 'number') bounds.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') bounds.push(`≤ ${schema.maximum}`);
  if (typeof schema.pattern === 'string') bounds.push(`matching ${code(schema.pattern)}`);
  return bounds.length > 0 ? `${type} ${bounds.join(', ')}` : type;
}

/** Every documented setting below `schema`, depth first, in the schema's own order. */
function rowsOf(schema: Schema, path: string, required: boolean, out: Row[]): void {
  if (path !== '') {
    out.push({
      path,
      type: typeOf(schema),
      required,
      description: typeof schema.description === 'string' ? schema.description : (NOTES[path] ?? ''),
    });
  }
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const requiredNames = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const [name, child] of Object.entries(properties)) {
    if (isSchema(child))
      rowsOf(child, path === '' ? name : `${path}.${name}`, requiredNames.includes(name), out);
  }
  if (isSchema(schema.additionalProperties) && !isSchema(schema.properties)) {
    descend(schema.additionalProperties, `${path}.<name>`, out);
  }
  if (isSchema(schema.items)) descend(schema.items, `${path}[]`, out);
  if (Array.isArray(schema.anyOf)) {
    // A setting that is "a string or an object": the object form's settings are listed under it.
    for (const variant of schema.anyOf.filter(isSchema)) {
      if (isSchema(variant.properties)) descend(variant, path, out);
    }
  }
}

/** Children of a map value or a list item, without a row for the placeholder itself when it is plain. */
function descend(schema: Schema, path: string, out: Row[]): void {
  if (isSchema(schema.properties)) {
    const requiredNames = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [name, child] of Object.entries(schema.properties)) {
      if (isSchema(child)) rowsOf(child, `${path}.${name}`, requiredNames.includes(name), out);
    }
    return;
  }
  if (isSchema(schema.additionalProperties)) descend(schema.additionalProperties, `${path}.<name>`, out);
  if (isSchema(schema.items)) descend(schema.items, `${path}[]`, out);
  if (Array.isArray(schema.anyOf)) {
    for (const variant of schema.anyOf.filter(isSchema)) {
      if (isSchema(variant.properties)) descend(variant, path, out);
    }
  }
}

const SECTION_INTRO: Record<string, string> = {
  systems: 'The applications Accord connects, one entry per instance, with their connection and limits.',
  teams: 'Who owns flows, and where their alerts go.',
  alerts: 'Alert routes: a webhook, e-mail addresses or the log.',
  defaults: 'Policies every flow inherits unless it sets its own.',
  entities: 'Business records: their fields, who owns each one, and how each system stores them.',
  flows: 'Movements of one entity between two systems: direction, trigger, matching, conflicts, errors.',
  reconciliation: 'Independent checks that counts and totals agree across systems.',
  changeControl: 'Who must approve which kinds of contract change.',
};

/**
 * The whole reference page, in Markdown.
 *
 * @example
 *   writeFileSync('docs/configuration.md', renderConfigReference(contractJsonSchema()));
 */
export function renderConfigReference(schema: Schema): string {
  const lines: string[] = [
    '# Contract configuration reference',
    '',
    '<!-- Generated by `npx tsx scripts/generate-config-reference.ts` from the contract schema',
    '     (src/contract/schema.ts). Do not edit by hand: a test fails when this page is stale. -->',
    '',
    typeof schema.description === 'string' ? schema.description : '',
    '',
    '`<name>` stands for a name you choose (a system, an entity, a field…); `[]` for each item of a list.',
    'Credentials are never written in a contract: a secret setting takes a reference such as',
    '`env:NETSUITE_TOKEN_SECRET`, resolved when Accord connects. Decimal amounts are quoted strings.',
    'Editors validate a contract as you type with `npx accord schema > accord.schema.json` and',
    '`# yaml-language-server: $schema=accord.schema.json` at the top of the file.',
    '',
  ];
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const requiredTop = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const scalars: Row[] = [];
  const sections: [string, Row[]][] = [];
  for (const [name, child] of Object.entries(properties)) {
    if (!isSchema(child)) continue;
    const rows: Row[] = [];
    rowsOf(child, name, requiredTop.includes(name), rows);
    if (rows.length === 1) scalars.push(...rows);
    else sections.push([name, rows]);
  }
  lines.push('## Top level', '', ...table(scalars), '');
  for (const [name, rows] of sections) {
    lines.push(`## \`${name}\``, '');
    const intro = SECTION_INTRO[name];
    if (intro) lines.push(intro, '');
    lines.push(...table(rows), '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function table(rows: readonly Row[]): string[] {
  return [
    '| setting | type | required | description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${code(r.path)} | ${r.type} | ${r.required ? 'yes' : ''} | ${r.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ),
  ];
}
