/** `accord check`: the eight questions, answered for every flow of a contract. */
import { CHECK_FORMATS, formatCheckReport } from '../../contract/check-format.ts';
import { checkContract } from '../../contract/checklist.ts';
import { loadContract } from '../../contract/loader.ts';
import { type Command, EXIT, oneOf, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';

export const command: Command = {
  name: 'check',
  summary: 'answer the eight questions for every flow of a contract (PASS / WARN / FAIL)',
  usage: [
    'usage: accord check <contract.yaml> [--format text|json|junit]',
    '',
    'Loads the contract and answers, for every flow: system of record, sync direction, matching',
    'keys, conflict rules, error handling, volume and timing, reconciliation, audit trail.',
    'Each answer is PASS, WARN or FAIL with the exact gap and where it is in the file.',
    '',
    'options:',
    '  --format text|json|junit   output format (default text); junit gives one test case',
    '                             per question per flow, for CI',
    '',
    'Exit codes: 0 no FAIL, 1 at least one FAIL, 2 bad usage or a contract that does not load.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', short: 'f' } });
    const format = oneOf('format', values.format, CHECK_FORMATS, 'text');
    if (positionals.length !== 1) throw new UsageError('expected exactly one contract file');
    const loaded = await loadContract(positionals[0] ?? '');
    if (!loaded.ok) return printLoadErrors(io, loaded.errors);
    const report = checkContract(loaded.contract);
    io.stdout.write(formatCheckReport(report, format));
    return report.verdict === 'FAIL' ? EXIT.findings : EXIT.ok;
  },
};
