/**
 * Fidelity: jsforce, unmodified, against the simulator — the calls an integration makes, with the
 * shapes and status codes Salesforce documents.
 */
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SalesforceSimulator, startSalesforceSimulator } from './salesforce-simulator.ts';

const failure = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error & { errorCode?: string; data?: unknown }) => e,
  );

describe('a Salesforce account created and edited through jsforce behaves as Salesforce documents', () => {
  let sim: SalesforceSimulator;
  let conn: jsforce.Connection;
  beforeAll(async () => {
    sim = await startSalesforceSimulator({ queryBatchSize: 2, dailyApiLimit: 500 });
    conn = new jsforce.Connection({
      version: '62.0',
      oauth2: { clientId: sim.clientId, clientSecret: sim.clientSecret, loginUrl: sim.url },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
  });
  afterAll(() => sim.close());

  it('gets a token by the OAuth 2.0 client-credentials and password flows and refuses a bad secret', async () => {
    expect(conn.instanceUrl).toBe(sim.url);
    expect(conn.accessToken).toMatch(/^00D\w+!/);
    const byPassword = new jsforce.Connection({
      version: '62.0',
      oauth2: { clientId: sim.clientId, clientSecret: sim.clientSecret, loginUrl: sim.url },
    });
    const user = await byPassword.loginByOAuth2(
      'integration@accord.test',
      (sim as unknown as { password: string }).password,
    );
    expect(user.organizationId).toMatch(/^00D/);
    const wrong = new jsforce.Connection({
      version: '62.0',
      oauth2: { clientId: sim.clientId, clientSecret: 'nope', loginUrl: sim.url },
    });
    expect((await failure(wrong.authorize({ grant_type: 'client_credentials' }))).name).toBe(
      'invalid_client_id',
    );
  });

  it('creates (201 {id, success, errors}), retrieves with attributes and stamps, and updates (204)', async () => {
    const created = await conn
      .sobject('Account')
      .create({ Name: 'Acme Corp', Phone: '+1 555 0100', Credit_Limit__c: 5000 });
    expect(created).toMatchObject({ success: true, errors: [] });
    expect(created.id).toMatch(/^001[0-9A-Za-z]{15}$/);
    const record = (await conn.sobject('Account').retrieve(created.id!)) as Record<string, unknown>;
    expect(record.attributes).toEqual({
      type: 'Account',
      url: `/services/data/v62.0/sobjects/Account/${created.id}`,
    });
    expect(record.SystemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
    expect(record.Credit_Limit__c).toBe(5000);
    expect(record.Sync_Enabled__c).toBe(true);
    const updated = await conn.sobject('Account').update({ Id: created.id!, Name: 'Acme Corporation' });
    expect(updated).toMatchObject({ id: created.id, success: true });
    const again = (await conn.sobject('Account').retrieve(created.id!)) as Record<string, unknown>;
    expect(again.Name).toBe('Acme Corporation');
    expect(Date.parse(String(again.LastModifiedDate).replace('+0000', 'Z'))).toBeGreaterThanOrEqual(
      Date.parse(String(record.LastModifiedDate).replace('+0000', 'Z')),
    );
  });

  it('upserts by the NetSuite_Id__c external id: 201 created, then 204 updated; a shared value answers 300', async () => {
    const first = (await conn
      .sobject('Account')
      .upsert({ Name: 'Globex', NetSuite_Id__c: 'NS-1001' }, 'NetSuite_Id__c')) as unknown as Record<
      string,
      unknown
    >;
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn
      .sobject('Account')
      .upsert({ Name: 'Globex Ltd', NetSuite_Id__c: 'NS-1001' }, 'NetSuite_Id__c');
    expect(second).toEqual({ success: true, errors: [] });
    const found = await conn.sobject('Account').find({ NetSuite_Id__c: 'NS-1001' }, ['Id', 'Name']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Id: first.id, Name: 'Globex Ltd' });
    await conn.sobject('Account').create([
      { Name: 'Twin A', Legacy_Id__c: 'L-1' },
      { Name: 'Twin B', Legacy_Id__c: 'L-1' },
    ]);
    const multiple = await failure(
      conn.sobject('Account').upsert({ Name: 'Which?', Legacy_Id__c: 'L-1' }, 'Legacy_Id__c'),
    );
    expect(multiple.errorCode).toBe('MULTIPLE_CHOICES');
    expect(multiple.data).toHaveLength(2);
  });

  it('answers errors as arrays of {message, errorCode, fields}', async () => {
    const missing = await failure(conn.sobject('Account').create({ Phone: '1' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(missing.data).toMatchObject({ fields: ['Name'] });
    const dup = await failure(conn.sobject('Account').create({ Name: 'Dup', NetSuite_Id__c: 'ns-1001' }));
    expect(dup.errorCode).toBe('DUPLICATE_VALUE');
    const unknown = await failure(conn.sobject('Account').create({ Name: 'X', Colour__c: 'red' }));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    const typed = await failure(conn.sobject('Account').create({ Name: 'X', AnnualRevenue: 'lots' }));
    expect(typed.errorCode).toBe('INVALID_TYPE_ON_FIELD_IN_RECORD');
    expect(typed.data).toMatchObject({ fields: ['AnnualRevenue'] });
    const readOnly = await failure(
      conn.sobject('Account').create({ Name: 'X', SystemModstamp: '2026-01-01T00:00:00Z' }),
    );
    expect(readOnly.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const soql = await failure(
      conn.query('SELECT Id FROM Account WHERE Name = 1 AND Phone = 2 OR Phone = 3'),
    );
    expect(soql.errorCode).toBe('MALFORMED_QUERY');
  });

  it('pages SOQL results through nextRecordsUrl and filters on SystemModstamp datetime literals', async () => {
    for (let i = 0; i < 5; i++)
      await conn.sobject('Contact').create({ LastName: `Page ${i}`, Email: `p${i}@example.test` });
    const first = await conn.query<Record<string, unknown>>('SELECT Id, LastName FROM Contact ORDER BY Id');
    expect(first).toMatchObject({ totalSize: 5, done: false });
    expect(first.records).toHaveLength(2);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g\w+-2$/);
    const rest = await conn.queryMore<Record<string, unknown>>(first.nextRecordsUrl!);
    expect(rest.records).toHaveLength(2);
    const all = await conn.query('SELECT Id FROM Contact').run({ autoFetch: true, maxFetch: 100 });
    expect(all.records).toHaveLength(5);
    const past = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const recent = await conn.query(`SELECT COUNT() FROM Contact WHERE SystemModstamp > ${past}`);
    expect(recent.totalSize).toBe(5);
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect((await conn.query(`SELECT Id FROM Contact WHERE SystemModstamp > ${future}`)).totalSize).toBe(0);
  });

  it('describes fields with types, nillable, createable, externalId and picklist values', async () => {
    const d = await conn.sobject('Account').describe();
    const field = (name: string) => d.fields.find((f) => f.name === name)!;
    expect(field('NetSuite_Id__c')).toMatchObject({
      type: 'string',
      externalId: true,
      unique: true,
      custom: true,
      length: 50,
    });
    expect(field('Name')).toMatchObject({ nillable: false, createable: true });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    expect(field('Customer_Tier__c').picklistValues?.map((p) => p.value)).toEqual([
      'Gold',
      'Silver',
      'Bronze',
    ]);
    expect(field('Credit_Limit__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2 });
  });

  it('deletes (204), then queryAll still sees the record with IsDeleted = true', async () => {
    const { id } = await conn.sobject('Account').create({ Name: 'Short-lived' });
    await conn.sobject('Account').destroy(id!);
    expect((await failure(conn.sobject('Account').retrieve(id!))).errorCode).toBe('NOT_FOUND');
    const gone = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, { scanAll: true });
    expect(gone.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('reports Sforce-Limit-Info on every response and answers 403 REQUEST_LIMIT_EXCEEDED past the allowance', async () => {
    await conn.query('SELECT Id FROM Account LIMIT 1');
    const usage = conn.limitInfo.apiUsage!;
    expect(usage).toEqual({ used: sim.apiUsage().used, limit: 500 });
    sim.setDailyApiLimit(500, 500);
    const limited = await failure(conn.query('SELECT Id FROM Account LIMIT 1'));
    expect(limited.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(limited.message).toBe('TotalRequests Limit exceeded.');
    sim.setDailyApiLimit(500, 0);
  });

  it('answers 401 INVALID_SESSION_ID for a bad bearer token', async () => {
    const stranger = new jsforce.Connection({
      instanceUrl: sim.url,
      accessToken: '00Dbogus!token',
      version: '58.0',
    });
    const error = await failure(stranger.sobject('Account').describe());
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.message).toBe('Session expired or invalid');
  });
});
