/** `accord demo`: a realistic integration in a sandbox, the disagreements it catches, where to look next. */
import { runDemo } from '../../demo/run-demo.ts';
import { type Command, EXIT, parseCommandArgs, UsageError } from '../command.ts';

const positiveInteger = (option: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${option} must be a positive integer (got "${value}")`);
  return n;
};

export const command: Command = {
  name: 'demo',
  summary: 'run the whole story in a sandbox: sync, storm, parked records, reconciliation, trace',
  usage: [
    'usage: accord demo [<dir> | --dir <dir>] [--seed <n>] [--scale <records>] [--scenario <name>]',
    '',
    'Starts every simulator on loopback with one seeded business and its planted disagreements,',
    'checks the contract (the eight questions), runs the flows with live progress through a',
    'concurrency storm from other NetSuite integrations, parks what must not be guessed,',
    'reconciles and shows the findings, traces one value to its source, and writes the docs page',
    'and the HTML reconciliation report. Everything goes to one folder; nothing is configured.',
    'A step this build cannot run says so; nothing is pretended.',
    '',
    'options:',
    '  <dir>, --dir <dir>   where everything is written (default ./accord-demo; its previous demo',
    '                       files are replaced)',
    '  --seed <n>           the business to generate (default 7: the same data every time)',
    '  --scale <records>    about how many records across all systems (default 2000)',
    '  --scenario <name>    the sandbox scenario (default full: awkward cases and planted disagreements)',
    '',
    'Writes <dir>/demo-summary.json: every step, ran or not, with its figures.',
    'Exit codes: 0 the story ran as designed, 1 a step did not run or did not show what it should,',
    '2 bad usage.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      dir: { type: 'string', short: 'd' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      scenario: { type: 'string' },
    });
    // The folder may be given as `accord demo ./here` or `accord demo --dir ./here`, not both ways.
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    const [positionalDir] = positionals;
    if (positionalDir !== undefined && values.dir !== undefined && positionalDir !== values.dir)
      throw new UsageError(
        `two folders given ("${positionalDir}" and --dir "${values.dir}"); give the folder once`,
      );
    const summary = await runDemo(
      {
        dir: positionalDir ?? values.dir ?? './accord-demo',
        seed: positiveInteger('seed', values.seed, 7),
        scale: positiveInteger('scale', values.scale, 2_000),
        scenario: values.scenario ?? 'full',
      },
      io,
    );
    return summary.asDesigned ? EXIT.ok : EXIT.findings;
  },
};
