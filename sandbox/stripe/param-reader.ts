/**
 * Reading and validating form parameters the way Stripe reports problems: unknown names are
 * `parameter_unknown`, wrong integers `parameter_invalid_integer`, missing ones
 * `parameter_missing` — all HTTP 400 `invalid_request_error` naming the `param`.
 */

import type { FormParams, FormValue } from './form-params.ts';
import { invalidParam, missingParam, StripeApiError } from './stripe-api-error.ts';
import { SUPPORTED, THREE_DECIMAL } from './stripe-currency-rules.ts';

/** Parameters every endpoint accepts besides its own. */
const ALWAYS = ['expand'];

export function allowOnly(params: FormParams, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name) && !ALWAYS.includes(name)) {
      throw invalidParam(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    }
  }
}

export function optionalString(params: FormParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(`Invalid string: ${JSON.stringify(value)}`, name);
  return value;
}

export function requiredString(params: FormParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

export function optionalInteger(params: FormParams, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidParam(`Invalid integer: ${JSON.stringify(value)}`, name, 'parameter_invalid_integer');
  }
  return Number(value);
}

export function optionalBoolean(params: FormParams, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw invalidParam(`Invalid boolean: ${JSON.stringify(value)}`, name);
  return value === 'true';
}

export function oneOf<T extends string>(
  params: FormParams,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw invalidParam(`Invalid ${name}: must be one of ${values.join(', ')}`, name);
  }
  return value as T;
}

/** A lowercase currency Stripe supports. */
export function requiredCurrency(params: FormParams, name = 'currency'): string {
  const raw = requiredString(params, name);
  const currency = raw.toLowerCase();
  if (!SUPPORTED.has(currency)) {
    throw invalidParam(
      `Invalid currency: ${raw}. Stripe currently supports these currencies: ${[...SUPPORTED].sort().join(', ')}`,
      name,
    );
  }
  return currency;
}

/**
 * An amount in Stripe's minor units for the currency, enforcing the documented rules: a positive
 * integer, and for three-decimal currencies a multiple of ten.
 */
export function requiredAmount(params: FormParams, name: string, currency: string): number {
  const amount = optionalInteger(params, name);
  if (amount === undefined) throw missingParam(name);
  return checkAmount(amount, name, currency);
}

export function checkAmount(amount: number, name: string, currency: string): number {
  if (amount < 1) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'This value must be greater than or equal to 1.',
      { code: 'parameter_invalid_integer', param: name },
      false,
    );
  }
  if (THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Amounts in ${currency} must have 0 as the least significant digit (got ${amount}); ` +
        `round to the nearest ten, e.g. ${Math.floor(amount / 10) * 10} or ${Math.ceil(amount / 10) * 10}.`,
      { code: 'invalid_charge_amount', param: name },
      false,
    );
  }
  // ISK became zero-decimal but keeps two-decimal API amounts for backwards compatibility, so
  // Stripe requires them to be evenly divisible by 100.
  if (currency === 'isk' && amount % 100 !== 0) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Amounts in isk must be evenly divisible by 100 (got ${amount}).`,
      { code: 'invalid_charge_amount', param: name },
      false,
    );
  }
  if (currency === 'usd' && amount < 50) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'Amount must be at least $0.50 usd',
      { code: 'amount_too_small', param: name },
      false,
    );
  }
  return amount;
}

/**
 * Metadata as Stripe stores it: up to 50 keys, keys up to 40 characters, values up to 500; an
 * empty value unsets the key, and `metadata=` (empty) unsets them all.
 */
export function mergeMetadata(
  current: Record<string, string>,
  raw: FormValue | undefined,
): Record<string, string> {
  if (raw === undefined) return current;
  if (raw === '') return {};
  if (typeof raw === 'string' || Array.isArray(raw)) throw invalidParam('Invalid hash', 'metadata');
  const next = { ...current };
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw invalidParam('Invalid hash', `metadata[${key}]`);
    if (key.length > 40) {
      throw invalidParam(
        `Metadata keys can have up to 40 characters; "${key}" has ${key.length}.`,
        'metadata',
      );
    }
    if (value.length > 500) {
      throw invalidParam(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${value.length} characters.`,
        `metadata[${key}]`,
      );
    }
    if (value === '') delete next[key];
    else next[key] = value;
  }
  if (Object.keys(next).length > 50) {
    throw invalidParam('You can have at most 50 keys in metadata.', 'metadata');
  }
  return next;
}
