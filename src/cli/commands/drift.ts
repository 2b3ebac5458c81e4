/** `accord drift`: snapshot, check and approve the systems' schemas; compare two environments. */
import { userInfo } from 'node:os';
import { applyEnvironment } from '../../contract/environments.ts';
import { loadContract } from '../../contract/loader.ts';
import type { Contract } from '../../contract/model.ts';
import { envSecretResolver } from '../../contract/secret-ref.ts';
import { compareAccounts } from '../../drift/compare-accounts.ts';
import { DRIFT_FORMATS, formatComparison, formatDriftReport } from '../../drift/drift-format.ts';
import { approveDrift, checkDrift, takeSnapshot } from '../../drift/drift-service.ts';
import { type OpenedConnectors, openConnectors } from '../../drift/open-connectors.ts';
import { AccordError } from '../../model/errors.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';
import type { Io } from '../io.ts';

const ACTIONS = ['snapshot', 'check', 'approve', 'compare'] as const;

function storePath(flag: string | undefined): string {
  return flag ?? (process.env.ACCORD_STORE || 'accord.db');
}

function operator(flag: string | undefined): string {
  return flag ?? (process.env.ACCORD_OPERATOR || userInfo().username);
}

function reportSkipped(io: Io, opened: OpenedConnectors): void {
  for (const s of opened.skipped) io.stderr.write(`accord drift: ${s.system} not checked: ${s.reason}\n`);
}

async function withSystems<T>(
  io: Io,
  contract: Contract,
  systems: readonly string[] | undefined,
  fn: (opened: OpenedConnectors) => Promise<T>,
): Promise<T> {
  const opened = await openConnectors(contract, envSecretResolver(), systems);
  reportSkipped(io, opened);
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

async function withStoreAt<T>(path: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(path);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const command: Command = {
  name: 'drift',
  summary: 'catch schema and configuration changes in the systems before they break a mapping',
  usage: [
    'usage: accord drift snapshot <contract.yaml> [--store <path>]',
    '       accord drift check    <contract.yaml> [--store <path>] [--format text|json]',
    '       accord drift approve  <contract.yaml> [--store <path>] [--by <name>] [--note <text>]',
    '       accord drift compare  <contract.yaml> --from <env> --to <env> [--format text|json]',
    '',
    'snapshot  records, per system, what the contract depends on: fields and types, required fields,',
    '          enum/list values, custom fields and record types, subsidiaries, currencies, tax',
    '          nexuses, API versions.',
    'check     compares the live systems with the last approved snapshot and with the contract.',
    '          Blocking: a mapped field removed or renamed (with the likely new name), a type change,',
    '          a new required field in a target, a removed subsidiary/currency, an API version change;',
    '          a new enum value the contract does not map blocks only records carrying it.',
    '          Informational: new unmapped fields, new custom record types.',
    'approve   accepts the current state after review (audited) and resumes flows drift paused.',
    'compare   compares two environments declared under environments: in the contract (a sandbox',
    '          and production): custom fields, list values, subsidiaries, currencies, scripts.',
    '',
    'options:',
    '  --store <path>   the store file (default $ACCORD_STORE, else ./accord.db)',
    '  --systems a,b    only these systems (default: every system of the contract)',
    '  --by <name>      who approves (default $ACCORD_OPERATOR, else the login name)',
    '  --format text|json',
    '',
    'Exit codes: 0 no blocking drift (compare: the environments mirror each other),',
    '1 blocking drift (compare: differences), 2 bad usage, a contract that does not load, or a',
    'system that cannot be reached.',
  ].join('\n'),
  async run(args, io) {
    try {
      return await run(args, io);
    } catch (cause) {
      // A system that cannot be reached or a setting that is missing is not an internal error.
      if (!(cause instanceof AccordError)) throw cause;
      io.stderr.write(`accord drift: ${cause.message}\n`);
      return EXIT.badInput;
    }
  },
};

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    store: { type: 'string' },
    format: { type: 'string', short: 'f' },
    by: { type: 'string' },
    note: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    systems: { type: 'string' },
  });
  const systems = values.systems
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const [action, file, ...rest] = positionals;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`expected one of ${ACTIONS.join(', ')} (got ${action ? `"${action}"` : 'nothing'})`);
  }
  if (!file || rest.length > 0) throw new UsageError('expected exactly one contract file');
  const format = oneOf('format', values.format, DRIFT_FORMATS, 'text');
  const loaded = await loadContract(file);
  if (!loaded.ok) return printLoadErrors(io, loaded.errors);
  const contract = loaded.contract;

  if (action === 'compare') {
    if (!values.from || !values.to) throw new UsageError('compare needs --from <env> and --to <env>');
    const sides = [values.from, values.to].map((env) => ({ env, result: applyEnvironment(contract, env) }));
    for (const { result } of sides)
      if (!result.ok) io.stderr.write(`accord drift compare: ${result.message}\n`);
    if (sides.some((s) => !s.result.ok)) return EXIT.badInput;
    const [from, to] = sides.map((s) => (s.result.ok ? s.result.contract : contract)) as [Contract, Contract];
    const results = await withSystems(io, from, systems, (a) =>
      withSystems(io, to, systems, (b) =>
        compareAccounts({
          contract,
          from: { name: values.from!, connectors: a.connectors },
          to: { name: values.to!, connectors: b.connectors },
        }),
      ),
    );
    io.stdout.write(formatComparison(results, format));
    return results.every((r) => r.mirrors) ? EXIT.ok : EXIT.findings;
  }

  return withStoreAt(storePath(values.store), (store) =>
    withSystems(io, contract, systems, async ({ connectors }) => {
      if (action === 'snapshot') {
        const taken = await takeSnapshot({ contract, store, connectors });
        for (const s of taken) io.stdout.write(`${s.system}: snapshot #${s.id} recorded (not approved)\n`);
        io.stdout.write('Review with accord drift check; accept with accord drift approve.\n');
        return EXIT.ok;
      }
      if (action === 'check') {
        const report = await checkDrift({ contract, store, connectors, census: true });
        io.stdout.write(formatDriftReport(report, format));
        return report.blocking > 0 ? EXIT.findings : EXIT.ok;
      }
      const by = operator(values.by);
      const result = await approveDrift({ contract, store, connectors, by, note: values.note });
      for (const s of result.approved) io.stdout.write(`${s.system}: snapshot #${s.id} approved by ${by}\n`);
      if (result.resumed.length > 0)
        io.stdout.write(`Resumed flows drift had paused: ${result.resumed.join(', ')}\n`);
      return EXIT.ok;
    }),
  );
}
