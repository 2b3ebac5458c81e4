/** `accord trace`: "why does this say that?" for one record, per system, in plain words. */
import {
  type FieldTrace,
  type SystemTrace,
  type TraceReport,
  traceRecord,
} from '../../engine/operations/trace-record.ts';
import type { AuditRecord } from '../../store/store.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, UsageError } from '../command.ts';
import { formatValue } from '../format/plain-text.ts';
import { STORE_OPTION, STORE_USAGE, withStore } from '../format/store-option.ts';

const FORMATS = ['text', 'json'] as const;

const usage = [
  'usage: accord trace <entity> <key> [--field <field>] [--format text|json] [--store <path>]',
  '',
  'For each system holding the record: the value now (as Accord last saw it), who set it',
  '(Accord, from which system and record version, in which run, flow and rule), when, and the',
  'value before. A value changed in a system after Accord wrote it says so. A record two flows',
  'sync shows the latest value either saw, and when each flow last saw it. With --field, the',
  "field's whole history. <key> is the record's key (<source system>:<id>, e.g. shopify:1001),",
  'a record id in any system, or a value Accord wrote (an email, an order number).',
  '',
  'options:',
  '  --field <field>      one field, with its full history',
  STORE_USAGE,
  '  --format text|json   output format (default text)',
  '',
  'Exit codes: 0 traced, 1 no such record in the store, 2 bad usage or no store.',
].join('\n');

function origin(w: NonNullable<FieldTrace['lastWrite']>): string {
  const from = w.sourceSystem
    ? `from ${w.sourceSystem}${w.sourceVersion ? ` (record version ${w.sourceVersion})` : ''}`
    : '';
  const how = [w.runId && `run ${w.runId}`, w.flow && `flow ${w.flow}`, w.rule && `rule ${w.rule}`].filter(
    Boolean,
  );
  return [`by ${w.actor === 'accord' ? 'Accord' : w.actor}`, from, how.length ? `in ${how.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}

function fieldText(system: SystemTrace, f: FieldTrace, withHistory: boolean): string[] {
  const by = system.flows.length > 1 && f.seenBy ? ` (as flow ${f.seenBy} last saw it)` : '';
  const now = f.seen
    ? `${formatValue(f.now)}${by}`
    : `${formatValue(f.now)} (not seen since Accord wrote it)`;
  const lines = [`  ${f.field} = ${now}`];
  const w = f.lastWrite;
  if (!w) {
    lines.push(`    set in ${system.system} itself: Accord never wrote this field here`);
  } else if (f.changedSince) {
    lines.push(
      `    changed in ${system.system} itself, after Accord wrote ${formatValue(w.value)} there at ${w.at}`,
      `    (that write: ${origin(w)}; before it: ${formatValue(w.before)})`,
    );
  } else {
    lines.push(`    set at ${w.at} ${origin(w)}`, `    before: ${formatValue(w.before)}`);
  }
  if (withHistory && f.history.length > 1) {
    lines.push('    history:');
    for (const h of f.history)
      lines.push(`      #${h.seq} ${h.at}  ${formatValue(h.before)} → ${formatValue(h.value)}  ${origin(h)}`);
  }
  return lines;
}

function actionText(e: AuditRecord): string {
  return `  #${e.seq} ${e.at}  ${e.actor}: ${e.action ?? 'action'}${e.field ? ` (${e.field})` : ''} ${JSON.stringify(e.detail)}`;
}

function reportText(report: TraceReport, withHistory: boolean): string {
  const out = [
    `${report.entity} ${report.key}${report.recordKeys.length > 0 && !report.recordKeys.includes(report.key) ? ` (key ${report.recordKeys.join(', ')})` : ''}`,
  ];
  for (const system of report.systems) {
    const seen = system.seenAt
      ? `last seen ${system.seenAt}${system.seenVersion ? `, version ${system.seenVersion}` : ''}`
      : 'never read back';
    out.push('', `${system.system} record ${system.recordId} (${seen})`);
    // Each flow over the record keeps its own baseline: with several, say when each last saw it.
    if (system.flows.length > 1)
      for (const f of system.flows) out.push(`  flow ${f.flow} last saw it at ${f.seenAt}`);
    if (system.fields.length === 0) out.push('  (no such field here)');
    for (const f of system.fields) out.push(...fieldText(system, f, withHistory));
  }
  if (report.operatorActions.length > 0) {
    out.push('', 'operator actions:', ...report.operatorActions.map(actionText));
  }
  return `${out.join('\n')}\n`;
}

export const command: Command = {
  name: 'trace',
  summary: 'why does this say that? a record field by field: value, who set it, when, before',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTION,
      field: { type: 'string' },
      format: { type: 'string', short: 'f' },
    });
    const format = oneOf('format', values.format, FORMATS, 'text');
    if (positionals.length !== 2)
      throw new UsageError('expected an entity and a record key, e.g. trace customer ann@x.test');
    const [entity, key] = positionals as [string, string];
    return withStore('trace', io, values.store, async (store) => {
      const report = await traceRecord(store, { entity, key, field: values.field });
      if (report.ambiguous) {
        io.stderr.write(
          `accord trace: "${key}" is a value of several ${entity} records; trace one of them by its key:\n` +
            report.ambiguous
              .map((m) => `  accord trace ${entity} ${m.recordKey}   (its ${m.field})\n`)
              .join(''),
        );
        return EXIT.findings;
      }
      if (report.systems.length === 0) {
        io.stderr.write(
          `accord trace: no ${entity} "${key}" in the audit trail or baselines; check the entity name and the key ` +
            '(a record key, a record id, or <system>:<id>)\n',
        );
        return EXIT.findings;
      }
      if (values.field !== undefined && report.systems.every((s) => s.fields.length === 0)) {
        io.stderr.write(`accord trace: ${entity} "${key}" has no field "${values.field}" in any system\n`);
        return EXIT.findings;
      }
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : reportText(report, values.field !== undefined),
      );
      return EXIT.ok;
    });
  },
};
