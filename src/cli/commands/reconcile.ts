/** `accord reconcile`: do the two systems of a flow agree — counts, totals and every record? */
import { existsSync, writeFileSync } from 'node:fs';
import { buildConnectors } from '../../connectors/registry.ts';
import { loadContract } from '../../contract/loader.ts';
import { envSecretResolver } from '../../contract/secret-ref.ts';
import { createLogger, SecretScrubber, scrubbingResolver } from '../../logging/index.ts';
import { AccordError, UserInputError } from '../../model/errors.ts';
import { progressDisplay } from '../../reconcile/progress-display.ts';
import { linkHintFrom, reconcile } from '../../reconcile/reconcile.ts';
import { alertOutOfTolerance } from '../../reconcile/reconcile-alert.ts';
import { planReconciliation, ruleNames } from '../../reconcile/reconcile-plan.ts';
import { formatReport, REPORT_FORMATS } from '../../reconcile/report-format.ts';
import { SqliteReconcileHistory } from '../../store/sqlite/sqlite-reconcile-history.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';
import type { Io } from '../io.ts';

const USAGE = [
  'usage: accord reconcile <contract.yaml> [--rule <r>] [--period YYYY-MM] [--format text|json|html]',
  '                        [--out <file>] [--store <accord.db>] [--use-links] [--no-progress]',
  '       accord reconcile history [--store <accord.db>] [--rule <r>] [--limit <n>] [--format text|json]',
  '',
  "Reads both systems of the rule's flow directly through their connectors (read-only; never the",
  "engine's state), pairs records by the flow's match key, totals them by the rule's groups with",
  "the contract's tolerance per currency, and lists every record that differs: missing, orphan,",
  'duplicate, value and status. The first line says whether the books agree.',
  '',
  'options:',
  '  --rule <r>          the reconciliation rule (required when the contract declares several)',
  '  --period YYYY-MM    only records whose periodField falls in that month',
  '  --format <f>        text (default), json, or html (one self-contained file for email)',
  '  --out <file>        write the report there; the verdict line still goes to stdout',
  '  --store <file>      the store: the run is added to its reconciliation history, and with',
  "                      --use-links the engine's links pair records (an opt-in hint)",
  '  --no-progress       no progress line on stderr',
  '',
  "Out of tolerance, the flow owner is alerted on the rule's (else the flow's) alert route:",
  'webhook (Slack-shaped), email outbox and/or log (JSON lines on stderr), de-duplicated per rule',
  'and month in the store (without --store, every run alerts).',
  'Exit codes: 0 the books agree, 1 out of tolerance, 2 bad usage or bad input.',
].join('\n');

const OPTIONS = {
  rule: { type: 'string', short: 'r' },
  period: { type: 'string' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  store: { type: 'string' },
  'use-links': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  limit: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

async function history(values: Values, io: Io): Promise<number> {
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a positive integer (got "${values.limit}")`);
  const file = values.store ?? 'accord.db';
  if (!existsSync(file)) {
    io.stdout.write(
      format === 'json' ? '[]\n' : `no reconciliation has been recorded yet (no store at ${file})\n`,
    );
    return EXIT.ok;
  }
  const store = await openSqliteStore(file);
  try {
    const runs = await SqliteReconcileHistory.open(store.connection).list({ rule: values.rule, limit });
    if (format === 'json') io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    else if (runs.length === 0) io.stdout.write('no reconciliation has been recorded yet\n');
    else
      for (const r of runs)
        io.stdout.write(`${r.startedAt}  ${r.agree ? 'agree   ' : 'DISAGREE'}  #${r.id}  ${r.summary}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function run(file: string, values: Values, io: Io): Promise<number> {
  const format = oneOf('format', values.format, REPORT_FORMATS, 'text');
  if (values['use-links'] && values.store === undefined)
    throw new UsageError('--use-links needs --store <file> to read the links from');
  const loaded = await loadContract(file);
  if (!loaded.ok) return printLoadErrors(io, loaded.errors);
  const contract = loaded.contract;
  const names = ruleNames(contract);
  const rule = values.rule ?? (names.length === 1 ? names[0] : undefined);
  if (rule === undefined) {
    throw new UsageError(
      `the contract declares ${names.length === 0 ? 'no reconciliation rules' : `several rules; choose one with --rule: ${names.join(', ')}`}`,
    );
  }
  const plan = planReconciliation(contract, rule);
  // Every secret resolved is registered with the scrubber, so no log or alert line can carry it.
  const scrubber = new SecretScrubber();
  const resolver = scrubbingResolver(envSecretResolver(process.env), scrubber);
  // The engine's registry, read-only: warehouses create no tables and open their database read-only.
  const connectors = Object.fromEntries(
    await buildConnectors(contract, {
      resolver,
      systems: [
        ...new Set([plan.source.system, plan.target.system, ...plan.references.map((r) => r.check.in)]),
      ],
      readOnly: true,
    }),
  );
  const store = values.store === undefined ? undefined : await openSqliteStore(values.store);
  try {
    const display = values['no-progress']
      ? undefined
      : progressDisplay(io.stderr, {
          tty: (io.stderr as { isTTY?: boolean }).isTTY === true,
          source: plan.source.system,
          target: plan.target.system,
        });
    const result = await reconcile({
      plan,
      connectors,
      period: values.period,
      links: values['use-links'] && store ? linkHintFrom(store.links, plan) : undefined,
      onProgress: display?.update,
    });
    const report = formatReport(result, format);
    if (values.out === undefined) io.stdout.write(report);
    else {
      writeFileSync(values.out, report);
      io.stdout.write(`${result.summary}\nreport: ${values.out}\n`);
    }
    const entry = store ? await SqliteReconcileHistory.open(store.connection).record(result) : undefined;
    if (!result.agree) {
      // Without --store the de-duplication state lives in memory: every run alerts.
      const alertStore = store ?? (await openSqliteStore(':memory:'));
      try {
        await alertOutOfTolerance({
          contract,
          plan,
          result,
          store: alertStore,
          logger: createLogger({
            level: 'warn',
            scrubber,
            destination: { write: (line) => io.stderr.write(line) },
          }),
          resolver,
          runId: entry?.id,
        });
      } finally {
        if (alertStore !== store) await alertStore.close();
      }
    }
    return result.agree ? EXIT.ok : EXIT.findings;
  } finally {
    await Promise.allSettled(Object.values(connectors).map((c) => c.close()));
    await store?.close();
  }
}

export const command: Command = {
  name: 'reconcile',
  summary: 'compare counts, totals and records of two systems independently of the sync; history',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    try {
      if (positionals[0] === 'history' && positionals.length === 1) return await history(values, io);
      if (positionals.length !== 1) throw new UsageError('expected exactly one contract file (or "history")');
      return await run(positionals[0]!, values, io);
    } catch (cause) {
      // Bad input (a rule that does not exist, a system the CLI cannot open, a bad --period) and a
      // system that refuses us (credentials, an unknown object type) are both the user's to fix.
      if (cause instanceof UserInputError || cause instanceof AccordError) {
        io.stderr.write(`accord reconcile: ${cause.message}\n`);
        return EXIT.badInput;
      }
      throw cause;
    }
  },
};
