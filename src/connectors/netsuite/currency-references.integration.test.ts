/**
 * References on the way into NetSuite, against the simulator over loopback: a currency given by
 * its ISO code is written by internal id and read back with its code beside NetSuite's name; a
 * reference NetSuite cannot set (a name only, an unknown code) is refused with a message naming
 * the value — never sent as `eid:undefined`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED } from '../../../sandbox/netsuite/index.ts';
import { type NetSuiteKit, startNetSuiteKit } from '../../../test/connectors/netsuite-simulator-kit.ts';
import { toError, ValidationRejected } from '../../model/errors.ts';
import type { NetSuiteConnector } from './netsuite-connector.ts';

describe('NetSuite connector: currency and other references', () => {
  let kit: NetSuiteKit;
  let connector: NetSuiteConnector;
  beforeAll(async () => {
    kit = await startNetSuiteKit('netsuite-sb1');
    connector = kit.connector;
  });
  afterAll(async () => {
    await kit.close();
  });

  const customer = (tag: string, extra: Record<string, unknown>) => ({
    companyName: `Currency ${tag}`,
    email: `${tag}@example.test`,
    subsidiary: { id: SEEDED.subsidiaries.us },
    ...extra,
  });

  it('writes a currency given by ISO code as its internal id and reads the code back as currency.symbol', async () => {
    const written = await connector.upsert({
      objectType: 'customer',
      externalId: 'cur-usd',
      fields: customer('usd', { currency: { symbol: 'usd' } }),
      idempotencyKey: 'cur-usd-1',
    });
    // NetSuite's refName is the currency's name; the code sits beside it.
    expect(written.record?.fields.currency).toMatchObject({
      id: SEEDED.currencies.usd,
      refName: 'US Dollar',
      symbol: 'USD',
    });
    const read = await connector.get('customer', written.id);
    expect((read?.fields.currency as { symbol?: string } | undefined)?.symbol).toBe('USD');
  });

  it('refuses a currency code the account does not have, naming it', async () => {
    const error = await connector
      .upsert({
        objectType: 'customer',
        externalId: 'cur-xyz',
        fields: customer('xyz', { currency: { symbol: 'XYZ' } }),
        idempotencyKey: 'cur-xyz-1',
      })
      .then(
        () => undefined,
        (e: unknown) => toError(e),
      );
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('"XYZ"');
    expect(error?.message).toContain('USD');
    expect(error?.message).not.toContain('undefined');
  });

  it('refuses a reference given by name only, saying to map its id', async () => {
    const error = await connector
      .upsert({
        objectType: 'customer',
        externalId: 'cur-name',
        fields: customer('name', { subsidiary: { refName: 'Accord Inc. (US)' } }),
        idempotencyKey: 'cur-name-1',
      })
      .then(
        () => undefined,
        (e: unknown) => toError(e),
      );
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('subsidiary');
    expect(error?.message).toContain('"Accord Inc. (US)"');
    expect(error?.message).toContain('subsidiary.id');
    expect(error?.message).not.toContain('eid:undefined');
    expect(await connector.getByExternalId('customer', 'cur-name')).toBeUndefined();
  });
});
