/**
 * The small value types the contract schema is built from: names, durations, rates, schedules,
 * secret references and decimal strings. Each carries the message a user sees when a value does
 * not fit, written as "what is expected, with an example".
 */
import { z } from 'zod';

/** A name for a system, entity, flow, team, alert route or rule: `shopify`, `sales-orders`. */
export const nameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: 'expected a name of letters, digits, - and _ (e.g. orders)' });

/** A canonical field name: an identifier, so it can appear in paths and templates (`email`). */
export const fieldNameSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9_]*$/, { error: 'expected a camelCase field name (e.g. companyName)' });

/** A dotted path into a system record: `totalPriceSet.shopMoney.amount`, `item.items`. */
export const fieldPathSchema = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/, {
  error: 'expected a dotted field path (e.g. totalPriceSet.shopMoney.amount)',
});

/** `30s`, `5m`, `2h`, `1d`. */
export const durationSchema = z
  .string()
  .regex(/^[1-9][0-9]*(ms|s|m|h|d)$/, { error: 'expected a duration such as 30s, 5m, 2h or 1d' });

/** Requests per unit of time: `10/s`, `600/m`, `5000/h`. */
export const rateSchema = z
  .string()
  .regex(/^[1-9][0-9]*\/(s|m|h)$/, { error: 'expected a rate such as 10/s, 600/m or 5000/h' });

/** A five-field cron expression in UTC (`0 6 * * *`) or `every <duration>` (`every 15m`). */
export const scheduleSchema = z
  .string()
  .regex(
    /^(every [1-9][0-9]*(s|m|h|d)|[0-9*,/-]+ [0-9*,/-]+ [0-9*,/-]+ [0-9*,/A-Za-z-]+ [0-9*,/A-Za-z-]+)$/,
    {
      error: 'expected a cron schedule such as "*/15 * * * *" (UTC) or "every 15m"',
    },
  );

/**
 * A reference to a secret held outside the contract: `env:NETSUITE_TOKEN_SECRET`. The contract
 * never holds the value itself; it is resolved late, at connect time.
 */
export const secretRefSchema = z.string().regex(/^env:[A-Z_][A-Z0-9_]*$/, {
  error: 'expected a secret reference such as env:NETSUITE_TOKEN_SECRET',
});

/**
 * A decimal written as a string (`"0.005"`). Money is never a JS number: YAML would read 0.1 as
 * a binary float, so the contract insists on quotes.
 */
export const decimalStringSchema = z
  .string({ error: 'expected a decimal written as a quoted string, e.g. "0.01" (never a bare number)' })
  .regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, { error: 'expected a non-negative decimal string such as "0.01"' });

/** ISO 4217 alphabetic currency code, upper case: `USD`, `KWD`, `JPY`. */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as USD' });

/** NetSuite account id, with the sandbox / release-preview suffix when there is one. */
export const netsuiteAccountIdSchema = z.string().regex(/^[A-Za-z0-9]+(_(SB|RP)[0-9]+)?$/, {
  error: 'expected a NetSuite account id such as 123456 or 123456_SB1 for a sandbox',
});

/** Scalars allowed in a system's connection settings. */
export const settingValueSchema = z.union([z.string(), z.number(), z.boolean()]);
