/** `accord schema`: the contract's JSON Schema, for editors. */
import { contractJsonSchema } from '../../contract/json-schema.ts';
import { type Command, EXIT, parseCommandArgs, UsageError } from '../command.ts';

export const command: Command = {
  name: 'schema',
  summary: 'print the contract JSON Schema (for editor validation)',
  usage: [
    'usage: accord schema > accord.schema.json',
    '',
    'Prints the JSON Schema of the contract format. Point your editor at it, e.g. with a first line',
    '  # yaml-language-server: $schema=./accord.schema.json',
    '',
    'Exit codes: 0 ok, 2 bad usage.',
  ].join('\n'),
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    io.stdout.write(`${JSON.stringify(contractJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  },
};
