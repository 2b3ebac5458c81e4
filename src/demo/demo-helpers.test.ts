import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { checkContract, loadContract, parseContract } from '../contract/index.ts';
import type { DeadLetter, ReviewItem } from '../store/store.ts';
import { demoContractText } from './demo-contract.ts';
import { EXAMPLE_CONTRACT } from './run-demo.ts';
import { parseEnvFile } from './sandbox-part.ts';
import { flowOrder } from './steps/flows-step.ts';
import { externalReferences } from './steps/outputs-step.ts';
import { expectedParked, scriptMessage } from './steps/parked-step.ts';
import { kwdRounding, paidButAuthorised, type ReportView } from './steps/reconcile-step.ts';

const report = (over: Partial<ReportView>): ReportView => ({
  rule: 'r',
  agree: false,
  summary: '',
  counts: {},
  findings: [],
  groups: [],
  ...over,
});

describe('demo helpers', () => {
  it('finds the KWD rounding in a KWD group whose totals differ, and not in groups that agree', () => {
    const agreeing = report({
      groups: [
        {
          label: 'KWD',
          group: { currency: 'KWD' },
          difference: { count: 0, sums: { total: '0.000' } },
          withinTolerance: true,
        },
      ],
    });
    expect(kwdRounding([agreeing])).toBeUndefined();
    const rounded = report({
      rule: 'orders-daily',
      groups: [
        {
          label: 'KWD · 2026-09',
          group: { currency: 'KWD' },
          difference: { count: 2, sums: { total: '848.12' } },
          withinTolerance: false,
        },
        {
          label: 'KWD · 2026-10',
          group: { currency: 'KWD' },
          difference: { count: 0, sums: { total: '-0.005' } },
          withinTolerance: true,
        },
      ],
    });
    expect(kwdRounding([agreeing, rounded])).toMatch(
      /orders-daily: KWD · 2026-10, the same records on both sides, differs by total -0.005 KWD — within/,
    );
  });

  it('finds a status finding that is paid on one side and authorised on the other, only that', () => {
    const finding = (source: string, target: string) => ({
      category: 'status',
      source: { system: 'stripe', value: source },
      target: { system: 'netsuite', value: target },
      detail: `${source} vs ${target}`,
    });
    expect(paidButAuthorised([report({ findings: [finding('captured', 'refunded')] })])).toBeUndefined();
    expect(paidButAuthorised([report({ findings: [finding('authorized', 'captured')] })])).toBe(
      'r: authorized vs captured',
    );
  });

  it('reads an env file: comments, quotes, export prefixes', () => {
    expect(parseEnvFile('# x\nexport A=1\nB="two words"\n\nC=\'3\'\nnot a line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
    });
  });

  it('orders flows: customers first, what reads from NetSuite last', async () => {
    const loaded = await loadContract(EXAMPLE_CONTRACT);
    if (!loaded.ok) throw new Error('example contract does not load');
    const order = flowOrder(loaded.contract);
    expect(order[0]).toBe('customers');
    expect(order.indexOf('orders')).toBeLessThan(order.indexOf('payments'));
    expect(order.slice(-2).sort()).toEqual(['inventory', 'orders-to-warehouse']);
  });

  it('tells a self-contained page from one that fetches', () => {
    expect(externalReferences('<style>a{}</style><svg></svg><a href="https://x.test">link</a>')).toEqual([]);
    expect(externalReferences('<script src="https://cdn.test/x.js"></script>')).toEqual([
      'https://cdn.test/x.js',
    ]);
    expect(externalReferences('<link rel="stylesheet" href="//fonts.test/a.css">')).toEqual([
      '//fonts.test/a.css',
    ]);
  });
});

describe('the demo contract', () => {
  it("adds the sandbox NetSuite account's time zone and Stripe's URL when missing, and still loads", async () => {
    const sandboxLike = [
      'accord: 1',
      'name: accord-sandbox',
      'systems:',
      '  netsuite: { kind: netsuite, accountId: 123456_SB1, connection: { baseUrl: "http://127.0.0.1:1" } }',
      '  stripe: { kind: stripe, connection: { host: 127.0.0.1, port: 4242, protocol: http } }',
    ].join('\n');
    const { text, changes } = demoContractText(sandboxLike);
    expect(changes.map((c) => c.path)).toEqual([
      'systems.netsuite.connection.timeZone',
      'systems.stripe.connection.baseUrl',
    ]);
    expect(text).toContain('timeZone: America/Los_Angeles');
    expect(text).toContain('baseUrl: http://127.0.0.1:4242');
    expect(text).toContain('name: accord-demo');
  });

  it('adds the two-way CRM flow when the sandbox has a CRM, and the result passes accord check', async () => {
    const example = await readFile(EXAMPLE_CONTRACT, 'utf8');
    const withCrm = `${example}\n`.replace(
      /^systems:\n/m,
      'systems:\n  salesforce:\n    kind: salesforce\n    connection: { instanceUrl: "http://127.0.0.1:1", clientId: env:SF_ID, clientSecret: env:SF_SECRET }\n',
    );
    const { text, changes } = demoContractText(withCrm);
    expect(changes.map((c) => c.path)).toContain('flows.customers-crm');
    const parsed = parseContract(text, 'accord-demo.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    expect(parsed.contract.flows['customers-crm']?.direction).toBe('two-way');
    const report = checkContract(parsed.contract);
    expect(report.answers.filter((a) => a.verdict === 'FAIL')).toEqual([]);
  });

  it('leaves settings the contract already has alone', () => {
    const complete =
      'systems:\n  netsuite: { kind: netsuite, connection: { timeZone: Europe/London } }\n' +
      '  stripe: { kind: stripe, connection: { baseUrl: "http://x:1", host: x, port: 1, protocol: http } }\n';
    const { text, changes } = demoContractText(complete);
    expect(changes).toEqual([]);
    expect(text).toContain('Europe/London');
  });
});

describe('what the demo counts as parked', () => {
  const review = (over: Partial<ReviewItem>): ReviewItem => ({
    id: 1,
    kind: 'conflict',
    flow: 'f',
    entity: 'customer',
    recordKey: 'k',
    field: '',
    candidates: [],
    state: 'open',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
  const letter = (over: Partial<DeadLetter>): DeadLetter => ({
    id: 1,
    flow: 'f',
    recordKey: 'k',
    payload: {},
    reason: '',
    classification: 'VALIDATION_REJECTED',
    attempts: 1,
    state: 'open',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });

  it('a rejection by another system, or a conflict, is not the case the story promises', () => {
    const found = expectedParked(
      [review({ kind: 'conflict' })],
      [letter({ reason: 'Salesforce (salesforce) record 7 refused the record: REQUIRED_FIELD_MISSING' })],
    );
    expect(found).toEqual({ ambiguous: undefined, unknownValue: undefined, rejected: undefined });
  });

  it('finds the ambiguous customer, the unknown value and the NetSuite rejection, and quotes the script', () => {
    const reason =
      'NetSuite system "netsuite" refused PUT …: Error while accessing a resource. {"name":"MISSING_FIELD","message":"Email is mandatory on customers."}';
    const found = expectedParked(
      [
        review({ id: 2, kind: 'ambiguous-match', entity: 'crmContact' }),
        review({ id: 3, kind: 'unknown-enum' }),
      ],
      [letter({ id: 4, reason })],
    );
    expect([found.ambiguous?.id, found.unknownValue?.id, found.rejected?.id]).toEqual([2, 3, 4]);
    expect(scriptMessage(reason)).toBe('Email is mandatory on customers.');
  });
});

describe('accord demo arguments', () => {
  const run = async (argv: string[]) => {
    const io = captureIo();
    return { code: await main(argv, io), err: io.err() };
  };

  it('takes the folder once, as a positional or --dir, and refuses two before starting anything', async () => {
    const two = await run(['demo', './a', './b']);
    expect(two.code).toBe(2);
    expect(two.err).toContain('unexpected argument "./b"');
    const both = await run(['demo', './a', '--dir', './b']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('two folders given');
  });
});
