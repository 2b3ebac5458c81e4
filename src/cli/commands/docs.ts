/** `accord docs`: Markdown and a self-contained HTML page, generated from the contract. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderDocs } from '../../contract/docs.ts';
import { loadContract } from '../../contract/loader.ts';
import { type Command, EXIT, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';

export const command: Command = {
  name: 'docs',
  summary: 'write Markdown and one self-contained HTML page documenting a contract',
  usage: [
    'usage: accord docs <contract.yaml> --out <dir>',
    '',
    'Writes <dir>/<contract name>.md and <dir>/<contract name>.html: the systems and flows',
    '(with a diagram), who owns each field, conflict and error policies, reconciliation rules,',
    'who is alerted and who approves changes. The HTML has no external assets.',
    '',
    'options:',
    '  --out <dir>   directory to write into (created if missing)',
    '',
    'Exit codes: 0 written, 2 bad usage or a contract that does not load.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one contract file');
    if (values.out === undefined || values.out === '') throw new UsageError('--out <dir> is required');
    const loaded = await loadContract(positionals[0] ?? '');
    if (!loaded.ok) return printLoadErrors(io, loaded.errors);
    const docs = renderDocs(loaded.contract);
    try {
      await mkdir(values.out, { recursive: true });
      const md = join(values.out, `${docs.stem}.md`);
      const html = join(values.out, `${docs.stem}.html`);
      await writeFile(md, docs.markdown);
      await writeFile(html, docs.html);
      io.stdout.write(`wrote ${md}\nwrote ${html}\n`);
      return EXIT.ok;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      io.stderr.write(`accord docs: cannot write to ${values.out} (${code}); choose a writable directory\n`);
      return EXIT.badInput;
    }
  },
};
