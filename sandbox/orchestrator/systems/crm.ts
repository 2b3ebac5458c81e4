/**
 * The CRMs in the sandbox. Salesforce: the org simulator with a fixed connected app, integration
 * user and session token; generated sObjects (API JSON) go in stored form (no `attributes`,
 * datetimes as epoch ms) keeping their ids. HubSpot: the portal simulator with a fixed private-app
 * token; generated objects go in as they are (timestamps as epoch ms). Both snapshot their stored
 * rows as JSON (neither simulator has snapshots of its own).
 */
import { randomBytes } from 'node:crypto';
import { readBusinessRecords } from '../../generator/index.ts';
import type { HubSpotObject } from '../../hubspot/hubspot-portal.ts';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../hubspot/hubspot-simulator.ts';
import { type SalesforceSimulator, startSalesforceSimulator } from '../../salesforce/salesforce-simulator.ts';
import type { StoredRecord } from '../../salesforce/soql-evaluate.ts';
import type { StartContext, SystemDriver } from '../sandbox-system.ts';
import { readState, writeState } from './json-state.ts';

const SF_FORMAT = 'accord-salesforce-org/1';
const SF_OBJECTS = ['Account', 'Contact'];
const SF_DATETIMES = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'];

export const salesforceDriver: SystemDriver<SalesforceSimulator> = {
  name: 'salesforce',
  newCredentials: () => ({
    clientId: `3MVG9${randomBytes(12).toString('base64url')}`,
    clientSecret: randomBytes(16).toString('hex'),
    username: 'integration@accord-sandbox.test',
    password: randomBytes(8).toString('hex'),
    accessToken: `00DAk0000000001!${randomBytes(24).toString('base64url')}`,
  }),
  async start({ port, credentials, source }: StartContext) {
    const sim = await startSalesforceSimulator({
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      username: credentials.username ?? '',
      password: credentials.password ?? '',
      accessToken: credentials.accessToken ?? '',
      ...(port ? { port } : {}),
    });
    try {
      if (source.kind === 'generated') {
        for (const object of SF_OBJECTS) {
          for await (const record of readBusinessRecords(source.dir, `salesforce/${object}`)) {
            const { attributes: _attributes, ...row } = record;
            for (const field of SF_DATETIMES) {
              if (typeof row[field] === 'string')
                row[field] = Date.parse(String(row[field]).replace('+0000', 'Z'));
            }
            sim.org.insertStored(object, row as StoredRecord);
          }
        }
      } else {
        const state = await readState<Record<string, StoredRecord[]>>(source.file, SF_FORMAT);
        for (const [object, rows] of Object.entries(state))
          for (const row of rows) sim.org.insertStored(object, row);
      }
    } catch (error) {
      await sim.close();
      throw error;
    }
    return {
      name: 'salesforce',
      url: sim.url,
      port: Number(new URL(sim.url).port),
      credentials: {
        instanceUrl: sim.url,
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
        username: credentials.username ?? '',
        password: credentials.password ?? '',
        accessToken: sim.accessToken,
      },
      env: {
        SALESFORCE_CLIENT_ID: sim.clientId,
        SALESFORCE_CLIENT_SECRET: sim.clientSecret,
      },
      sim,
      snapshot: (file) =>
        writeState(file, SF_FORMAT, Object.fromEntries(SF_OBJECTS.map((o) => [o, sim.org.all(o, true)]))),
      close: () => sim.close(),
    };
  },
};

const HS_FORMAT = 'accord-hubspot-portal/1';
const HS_TYPES = ['companies', 'contacts'];

export const hubspotDriver: SystemDriver<HubSpotSimulator> = {
  name: 'hubspot',
  newCredentials: () => ({ accessToken: `pat-na1-${randomBytes(16).toString('hex')}` }),
  async start({ port, credentials, source }: StartContext) {
    const sim = await startHubSpotSimulator({
      accessToken: credentials.accessToken ?? '',
      ...(port ? { port } : {}),
    });
    try {
      if (source.kind === 'generated') {
        for (const type of HS_TYPES) {
          for await (const record of readBusinessRecords(source.dir, `hubspot/${type}`)) {
            sim.portal.insertStored(type, {
              id: String(record.id),
              properties: record.properties as Record<string, string | null>,
              createdAt: Date.parse(String(record.createdAt)),
              updatedAt: Date.parse(String(record.updatedAt)),
              archived: record.archived === true,
            });
          }
        }
      } else {
        const state = await readState<Record<string, HubSpotObject[]>>(source.file, HS_FORMAT);
        for (const [type, rows] of Object.entries(state))
          for (const row of rows) sim.portal.insertStored(type, row);
      }
    } catch (error) {
      await sim.close();
      throw error;
    }
    return {
      name: 'hubspot',
      url: sim.url,
      port: Number(new URL(sim.url).port),
      credentials: { accessToken: sim.accessToken },
      env: { HUBSPOT_ACCESS_TOKEN: sim.accessToken },
      sim,
      snapshot: (file) =>
        writeState(
          file,
          HS_FORMAT,
          Object.fromEntries(
            HS_TYPES.map((t) => [t, [...sim.portal.all(t, false), ...sim.portal.all(t, true)]]),
          ),
        ),
      close: () => sim.close(),
    };
  },
};
