/**
 * Loads a contract file: YAML → shape (zod) → cross-references → normalised `Contract`. A user's
 * mistake is never thrown: the result lists every error found, each with file:line:col, what is
 * wrong and how to fix it.
 */
import { readFile } from 'node:fs/promises';
import { type Document, isMap, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { toError } from '../model/errors.ts';
import type { LocatedError } from './located-error.ts';
import type { Contract } from './model.ts';
import { normalise } from './normalise.ts';
import { contractSchema } from './schema.ts';
import { SourceMap } from './source-map.ts';
import { validateEntities } from './validate-entities.ts';
import { validateFlows } from './validate-flows.ts';
import { validateSystems } from './validate-systems.ts';
import { ValidationContext } from './validation-context.ts';
import { issuesToErrors } from './zod-issues.ts';

export type LoadResult = { ok: true; contract: Contract } | { ok: false; errors: LocatedError[] };

const YAML_FIXES: Record<string, string> = {
  DUPLICATE_KEY: 'each name may appear once in a mapping; rename one of them or merge the two entries',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'line the key up with its siblings (two spaces per level)',
  MISSING_CHAR: 'add the missing character (a closing quote or bracket, or the colon after a key)',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name)',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; add the missing colon or quote the text',
  BLOCK_AS_IMPLICIT_KEY: 'a key must be a plain name followed by a colon',
};

function yamlError(error: YAMLError, text: string, map: SourceMap): LocatedError {
  const [start] = error.pos;
  const at = map.atOffset(start);
  let message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(start, start + 200))?.[1]?.trim() ?? '';
    message = `duplicate key "${key}"`;
  }
  // yaml says which bracket a flow collection is missing ("… and end with a }"); say it plainly.
  const closer = /end with an? (\S)/.exec(message)?.[1];
  return {
    ...at,
    path: '',
    message: `invalid YAML: ${message}`,
    fix:
      closer !== undefined
        ? `close the collection opened above with ${closer}, or indent its continuation further`
        : (YAML_FIXES[error.code] ??
          'fix the YAML syntax here (indentation, a missing colon, an unclosed quote or bracket)'),
  };
}

/** `*name` with no `&name` before it: yaml parses it, but only fails later when reading values. */
function unresolvedAliases(doc: Document, map: SourceMap): LocatedError[] {
  const errors: LocatedError[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        errors.push({
          ...map.atOffset(node.range?.[0] ?? 0),
          path: '',
          message: `invalid YAML: the alias *${node.source} has no anchor`,
          fix: `define &${node.source} on an earlier node, or write the value out`,
        });
      }
    },
  });
  return errors;
}

/**
 * Parses contract text. `file` is only used in error locations.
 *
 * @example
 * const result = parseContract(text, 'accord.yaml');
 * if (!result.ok) for (const e of result.errors) console.error(formatLocatedError(e));
 */
export function parseContract(text: string, file: string): LoadResult {
  try {
    const lines = new LineCounter();
    // uniqueKeys: a duplicated flow or field name is an error, not "the last one wins".
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const map = new SourceMap(file, doc, lines);
    if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => yamlError(e, text, map)) };
    if (!isMap(doc.contents)) {
      return {
        ok: false,
        errors: [
          {
            ...map.at([]),
            path: '',
            message:
              doc.contents === null ? 'the contract is empty' : 'the contract must be a mapping of keys',
            fix: 'start from an example: accord: 1, name:, systems:, entities:, flows:',
          },
        ],
      };
    }
    // Only walk the tree for aliases when the text can hold one (`*name`; cron's `* *` cannot).
    const aliases = /(^|[\s[{,])\*[^\s,\]}]/m.test(text) ? unresolvedAliases(doc, map) : [];
    if (aliases.length > 0) return { ok: false, errors: aliases };
    const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
    const parsed = contractSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, errors: issuesToErrors(parsed.error.issues, raw, map, contractSchema) };
    const ctx = new ValidationContext(parsed.data, map);
    validateSystems(ctx);
    validateEntities(ctx);
    validateFlows(ctx);
    if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
    return { ok: true, contract: normalise(parsed.data, map) };
  } catch (cause) {
    // A bug in Accord, not a user mistake; still reported as a located error, with its message
    // only, so the command can exit 2 without a stack trace (and without echoing any values).
    return {
      ok: false,
      errors: [
        {
          file,
          line: 1,
          col: 1,
          path: '',
          message: `the contract could not be read: ${toError(cause).message}`,
          fix: 'simplify the YAML (anchors, tags) and report this as a bug in Accord',
        },
      ],
    };
  }
}

/**
 * Reads and parses a contract file.
 *
 * @example
 * const result = await loadContract('examples/shopify-stripe-netsuite.yaml');
 */
export async function loadContract(file: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return {
      ok: false,
      errors: [
        {
          file,
          line: 1,
          col: 1,
          path: '',
          message:
            code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? toError(cause).message})`,
          fix: 'check the path; contracts are YAML files such as examples/shopify-stripe-netsuite.yaml',
        },
      ],
    };
  }
  return parseContract(text, file);
}
