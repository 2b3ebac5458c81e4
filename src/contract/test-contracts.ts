/**
 * Test helper: load a contract from a file or from text, or fail the test with its errors.
 */
import { readFileSync } from 'node:fs';
import { parseContract } from './loader.ts';
import { formatLocatedError } from './located-error.ts';
import type { Contract } from './model.ts';

export function contractFromText(text: string, file = 'test.yaml'): Contract {
  const result = parseContract(text, file);
  if (!result.ok) throw new Error(result.errors.map(formatLocatedError).join('\n'));
  return result.contract;
}

export function contractFromFile(file: string): Contract {
  return contractFromText(readFileSync(file, 'utf8'), file);
}

/** Text of a file with one or more exact replacements, each required to apply. */
export function edited(file: string, ...replacements: [from: string, to: string][]): string {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`test edit does not apply to ${file}: ${from}`);
    text = text.replace(from, to);
  }
  return text;
}
