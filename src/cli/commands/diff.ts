/** `accord diff`: what a contract change does, how risky each part is, and who must approve it. */
import { diffContracts } from '../../contract/diff.ts';
import { DIFF_FORMATS, formatDiff } from '../../contract/diff-format.ts';
import { loadContract } from '../../contract/loader.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';

export const command: Command = {
  name: 'diff',
  summary: 'show the impact of a contract change, with severities and required approvers',
  usage: [
    'usage: accord diff <old.yaml> <new.yaml> [--format text|markdown|json]',
    '',
    'Compares two versions of a contract: owner, direction, match key, transform, enum map and',
    'conflict-rule changes, added and removed fields and flows, each with a severity (high,',
    "medium, low) and the approvers the new contract's changeControl requires for it.",
    '',
    'options:',
    '  --format text|markdown|json   output format (default text); markdown suits a PR comment',
    '',
    'Exit codes: 0 (a diff is informational), 2 bad usage or a contract that does not load.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', short: 'f' } });
    const format = oneOf('format', values.format, DIFF_FORMATS, 'text');
    if (positionals.length !== 2) throw new UsageError('expected two contract files: <old> <new>');
    const [before, after] = await Promise.all(positionals.map((file) => loadContract(file)));
    if (!before?.ok || !after?.ok) {
      return printLoadErrors(io, [
        ...(before && !before.ok ? before.errors : []),
        ...(after && !after.ok ? after.errors : []),
      ]);
    }
    io.stdout.write(formatDiff(diffContracts(before.contract, after.contract), format));
    return EXIT.ok;
  },
};
