/**
 * `accord` — the command line. `main` returns the exit code instead of exiting, so it can be
 * called from tests; bin/accord.mjs sets `process.exitCode` from it.
 */
import { closestMatch } from '../contract/did-you-mean.ts';
import { toError } from '../model/errors.ts';
import { type Command, EXIT, UsageError } from './command.ts';
import { type Io, processIo } from './io.ts';
import { loadCommands } from './registry.ts';

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'accord — every disagreement between two systems decided in advance, or made loud.',
    '',
    'usage: accord <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run accord <command> --help for its options.',
    'Exit codes: 0 ok, 1 findings (a failed check), 2 bad usage or bad input.',
    '',
  ].join('\n');
}

/**
 * Runs one command line.
 *
 * @example
 * process.exitCode = await main(['check', 'examples/shopify-stripe-netsuite.yaml']);
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let commands: Command[];
  try {
    commands = await loadCommands();
  } catch (cause) {
    io.stderr.write(`accord: internal error loading commands: ${toError(cause).message}\n`);
    return EXIT.badInput;
  }
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(topic ? `${topic.usage}\n` : overview(commands));
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const near = closestMatch(
      name,
      commands.map((c) => c.name),
    );
    io.stderr.write(
      `accord: unknown command "${name}"${near ? ` — did you mean "${near}"?` : ''}\n\n${overview(commands)}`,
    );
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr.write(`accord ${command.name}: ${cause.message}\n\n${command.usage}\n`);
      return EXIT.badInput;
    }
    // Not the user's mistake: say so plainly, without a stack trace unless asked for.
    const error = toError(cause);
    io.stderr.write(`accord ${command.name}: internal error: ${error.message}\n`);
    if (process.env.ACCORD_DEBUG) io.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT.badInput;
  }
}
