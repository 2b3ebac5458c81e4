/**
 * The property both mutation test files assert: whatever is done to a contract's text, the
 * loader returns (never throws), and every rejection is located inside the file, says what is
 * wrong and how to fix it, and never repeats a literal secret.
 */
import fc from 'fast-check';
import { checkContract } from '../../src/contract/checklist.ts';
import { parseContract } from '../../src/contract/loader.ts';
import { isSecretKey } from '../../src/contract/secret-ref.ts';
import { LITERAL_SECRET, mutate, mutationsArbitrary } from './mutations.ts';

/** This file's share of the 10,000 mutations (or of ACCORD_MUTATION_RUNS). */
export function mutationRuns(share: number): number {
  const total = Number(process.env.ACCORD_MUTATION_RUNS ?? 10_000);
  return Math.max(1, Math.round((Number.isFinite(total) ? total : 10_000) * share));
}

export function assertLoaderSurvivesMutations(
  text: string,
  numRuns: number,
): { rejected: number; accepted: number } {
  const tally = { rejected: 0, accepted: 0 };
  fc.assert(
    fc.property(mutationsArbitrary, (ops) => {
      const mutant = ops.reduce((t, [m, a, b, junk]) => mutate(t, m, a, b, junk), text);
      const result = parseContract(mutant, 'mutant.yaml');
      if (result.ok) {
        tally.accepted++;
        checkContract(result.contract);
        return;
      }
      tally.rejected++;
      // Plain checks rather than expect(): this loop runs thousands of times.
      const lineCount = mutant.split('\n').length;
      if (result.errors.length === 0) throw new Error('rejected with no error');
      for (const error of result.errors) {
        const where = `${error.file}:${error.line}:${error.col}`;
        if (error.file !== 'mutant.yaml') throw new Error(`wrong file in ${where}`);
        if (!(error.line >= 1 && error.line <= lineCount + 1 && error.col >= 1))
          throw new Error(`bad location ${where}`);
        if (error.message.length === 0 || error.fix.length === 0)
          throw new Error(`no message or fix at ${where}`);
        const last = error.path.split('.').at(-1) ?? '';
        if (isSecretKey(last) && `${error.message} ${error.fix}`.includes(LITERAL_SECRET)) {
          throw new Error(`secret repeated at ${where}: ${error.message}`);
        }
      }
    }),
    { numRuns },
  );
  return tally;
}
