/** `accord audit verify`: the audit trail's hash chain, checked end to end. */
import { verifyAudit } from '../../audit/audit-log.ts';
import { type Command, EXIT, parseCommandArgs, UsageError } from '../command.ts';
import { STORE_OPTION, STORE_USAGE, withStore } from '../format/store-option.ts';

export const command: Command = {
  name: 'audit',
  summary: 'verify the audit trail: every event hash-chained to the one before',
  usage: [
    'usage: accord audit verify [--store <path>]',
    '',
    'Walks the audit trail from its first event and recomputes each hash from the event and the',
    'hash before it. A changed, removed or reordered event breaks the chain there; the first',
    'broken sequence number is reported. Prints the head (last sequence number and hash): keep it',
    'somewhere else to detect events cut off the end.',
    '',
    'options:',
    STORE_USAGE,
    '',
    'Exit codes: 0 the chain verifies, 1 it is broken, 2 bad usage or no store.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTION);
    const [action, ...rest] = positionals;
    if (action === undefined) throw new UsageError('expected an action: verify');
    if (action !== 'verify') throw new UsageError(`unknown action "${action}": expected verify`);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    return withStore('audit', io, values.store, async (store) => {
      const result = await verifyAudit(store);
      if (result.ok) {
        io.stdout.write(
          result.head === undefined
            ? 'audit trail verified: it is empty\n'
            : `audit trail verified: ${result.events} events, head ${result.head.seq} ${result.head.hash}\n`,
        );
        return EXIT.ok;
      }
      io.stdout.write(
        `audit trail BROKEN at event ${result.brokenAt} (${result.problem}): ${result.message}\n` +
          `${result.events} event${result.events === 1 ? '' : 's'} before it verify.\n`,
      );
      return EXIT.findings;
    });
  },
};
