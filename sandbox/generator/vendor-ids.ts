/**
 * Each vendor's id and timestamp formats, so generated records look like the real API's:
 * Shopify GraphQL global ids (`gid://shopify/Order/5000000001`), Salesforce 18-character ids with
 * their case-safe checksum suffix, HubSpot numeric strings, NetSuite internal ids (one sequence
 * shared by all transactions, as in a real account), Stripe's prefixed random ids.
 *
 * @example
 *   salesforceId('001', 1) // '001Dn0000000001IAA' — 15 characters + 3 checksum
 *   shopifyGid('Order', 5000000001) // 'gid://shopify/Order/5000000001'
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function shopifyGid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/**
 * A Salesforce id: key prefix (`001` Account, `003` Contact), pod `Dn`, a reserved `0`, a base-62
 * counter, then the 3-character suffix that makes the id case-insensitive-safe (one character per
 * 5-character chunk: a bit per uppercase letter, read least significant first).
 */
export function salesforceId(prefix: string, counter: number): string {
  let body = '';
  let n = counter;
  for (let i = 0; i < 9; i++) {
    body = BASE62[n % 62] + body;
    n = Math.floor(n / 62);
  }
  const id15 = `${prefix}Dn0${body}`;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM.charAt(bits);
  }
  return id15 + suffix;
}

/** Shopify `DateTime` (second resolution, `Z`). */
export function shopifyTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** NetSuite REST datetime (`2026-01-31T10:00:00Z`), as the account returns `lastModifiedDate`. */
export function netSuiteTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** NetSuite `tranDate` (a date without time). */
export function netSuiteDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Salesforce datetime (`2026-01-31T10:00:00.000+0000`). */
export function salesforceTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** ISO-8601 with milliseconds (HubSpot, the WMS). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Unix seconds (Stripe's `created`). */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
