/**
 * Salesforce record ids: a 3-character key prefix (`001` Account), an instance/pod part, a base-62
 * serial, and the 3-character case-safety suffix that turns the 15-character id into the
 * 18-character one the REST API returns. Serials are allocated in increasing order, so ids of one
 * object sort by creation, as real ids mostly do.
 *
 * @example
 *   salesforceId('001', 1) // '001Ak0000000001AAA': 15 characters + 3 checksum characters
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character suffix: one bit per character of each 5-character chunk that is upper case. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i] ?? '';
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return suffix;
}

/** An 18-character id for the given key prefix and serial number. */
export function salesforceId(keyPrefix: string, serial: number): string {
  let digits = '';
  let n = serial;
  for (let i = 0; i < 9; i++) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  const id15 = `${keyPrefix}Ak0${digits}`;
  return id15 + caseSafeSuffix(id15);
}

/** True for a syntactically valid 15- or 18-character id (with a correct suffix when 18). */
export function isSalesforceId(value: string): boolean {
  if (!/^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/.test(value)) return false;
  return value.length === 15 || caseSafeSuffix(value.slice(0, 15)) === value.slice(15);
}

/** The 18-character form of a 15- or 18-character id. */
export function toId18(value: string): string {
  return value.length === 15 ? value + caseSafeSuffix(value) : value;
}
