/** `accord impact`: how many live records each mapping change between two contracts touches. */
import { applyEnvironment } from '../../contract/environments.ts';
import { loadContract } from '../../contract/loader.ts';
import { envSecretResolver } from '../../contract/secret-ref.ts';
import { DRIFT_FORMATS, formatImpact } from '../../drift/drift-format.ts';
import { measureImpact } from '../../drift/impact.ts';
import { mappingChanges } from '../../drift/mapping-changes.ts';
import { openConnectors } from '../../drift/open-connectors.ts';
import { AccordError } from '../../model/errors.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';
import type { Io } from '../io.ts';

export const command: Command = {
  name: 'impact',
  summary: 'count the live records each mapping change between two contracts would touch',
  usage: [
    'usage: accord impact <old.yaml> <new.yaml> [--env <name>] [--format text|json]',
    '',
    'Complements accord diff: for each changed mapping (path, transform, enum map, owner) and flow',
    '(added, removed, direction, match keys, record filter, fields), reads the systems — one scan',
    'per record type — and says how many records the change touches, with a few ids to look at.',
    "Systems are reached with the new contract's connection settings (or an environment of it).",
    '',
    'options:',
    '  --env <name>       read the systems of this environment (environments: in the new contract)',
    '  --format text|json output format (default text)',
    '',
    'Exit codes: 0 (informational), 2 bad usage, a contract that does not load, or a system that',
    'cannot be reached.',
  ].join('\n'),
  async run(args, io) {
    try {
      return await run(args, io);
    } catch (cause) {
      // A system that cannot be reached or a setting that is missing is not an internal error.
      if (!(cause instanceof AccordError)) throw cause;
      io.stderr.write(`accord impact: ${cause.message}\n`);
      return EXIT.badInput;
    }
  },
};

async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    env: { type: 'string' },
  });
  const format = oneOf('format', values.format, DRIFT_FORMATS, 'text');
  if (positionals.length !== 2) throw new UsageError('expected two contract files: <old> <new>');
  const [before, after] = await Promise.all(positionals.map((file) => loadContract(file)));
  if (!before?.ok || !after?.ok) {
    return printLoadErrors(io, [
      ...(before && !before.ok ? before.errors : []),
      ...(after && !after.ok ? after.errors : []),
    ]);
  }
  let target = after.contract;
  if (values.env) {
    const env = applyEnvironment(after.contract, values.env);
    if (!env.ok) {
      io.stderr.write(`accord impact: ${env.message}\n`);
      return EXIT.badInput;
    }
    target = env.contract;
  }
  const systems = [...new Set(mappingChanges(before.contract, after.contract).map((c) => c.system))].filter(
    (s) => target.systems[s],
  );
  const opened = await openConnectors(target, envSecretResolver(), systems);
  for (const s of opened.skipped) io.stderr.write(`accord impact: ${s.system} not read: ${s.reason}\n`);
  try {
    const report = await measureImpact({
      before: before.contract,
      after: after.contract,
      connectors: opened.connectors,
    });
    io.stdout.write(formatImpact(report, format));
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}
