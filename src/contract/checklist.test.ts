import { describe, expect, it } from 'vitest';
import { formatCheckReport } from './check-format.ts';
import { checkContract } from './checklist.ts';
import { contractFromFile, contractFromText, edited } from './test-contracts.ts';

const MINIMAL = 'test/contract/fixtures/valid-minimal.yaml';

describe('checkContract', () => {
  it('answers per field too, once per field however many flows carry it', () => {
    const report = checkContract(
      contractFromFile('test/contract/fixtures/two-way-without-conflict-rule.yaml'),
    );
    const phone = report.fields.find((f) => f.subject === 'customer.phone');
    expect(phone).toMatchObject({ owner: 'shopify', flows: ['customers'], verdict: 'FAIL' });
    expect(phone?.findings).toHaveLength(1);
    expect(report.fields.filter((f) => f.verdict === 'FAIL')).toHaveLength(1);
  });

  it('passes both examples on all eight questions for every flow', () => {
    for (const file of ['examples/shopify-stripe-netsuite.yaml', 'examples/salesforce-netsuite.yaml']) {
      const report = checkContract(contractFromFile(file));
      expect(report.verdict, file).toBe('PASS');
      expect(report.answers.length).toBe(report.flows.length * 8);
      expect(report.answers.every((a) => a.findings.length === 0)).toBe(true);
    }
  });

  it('fails a one-way flow that writes over the field owner', () => {
    const text = edited(
      MINIMAL,
      ['      total: { kind: money }', '      total: { kind: money, owner: netsuite }'],
      [
        '          total: { path: total, currency: currency.refName, readOnly: true }',
        '          total: { path: total, currency: currency.refName }',
      ],
    );
    const report = checkContract(contractFromText(text));
    const answer = report.answers.find((a) => a.flow === 'orders' && a.question === 1);
    expect(answer?.verdict).toBe('FAIL');
    expect(answer?.findings[0]?.message).toContain(
      'salesOrder.total is owned by netsuite but flow orders writes it shopify→netsuite, over its system of record',
    );
  });

  it('fails two one-way flows that are a two-way flow in disguise', () => {
    const text = edited(MINIMAL, ['    direction: two-way', '    direction: one-way']).replace(
      'flows:\n',
      'flows:\n  customers-back:\n    entity: customer\n    from: netsuite\n    to: shopify\n    direction: one-way\n    trigger: { schedule: every 15m }\n    owner: integrations\n    match: { keys: [external-id], onNoMatch: review }\n',
    );
    const report = checkContract(contractFromText(text));
    const messages = report.answers.flatMap((a) => a.findings.map((f) => f.message));
    expect(messages).toContainEqual(expect.stringContaining('move customer both ways between'));
    // Two flows write customer.email into each system: a conflict the contract has a rule for.
    expect(report.answers.filter((a) => a.question === 4).every((a) => a.verdict === 'PASS')).toBe(true);
  });

  it('fails sums across currencies, missing error policies and missing match keys', () => {
    const text = edited(
      MINIMAL,
      ['    groupBy: [currency]\n    tolerance', '    tolerance'],
      ['  errors: { retries: 3, backoff: { initial: 10s, max: 10m }, deadLetter: true }\n', ''],
      ['    match: { keys: [external-id], onNoMatch: create }\n', ''],
    );
    const report = checkContract(contractFromText(text));
    const orders = (q: number) => report.answers.find((a) => a.flow === 'orders' && a.question === q);
    expect(orders(7)?.findings[0]?.message).toBe(
      'reconciliation orders sums total across currencies; add currency to groupBy',
    );
    expect(orders(5)?.findings[0]?.message).toContain('flow orders has no error policy');
    expect(orders(3)?.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('flow orders declares no match keys'),
      expect.stringContaining('flow orders does not say what happens when no netsuite record matches'),
    ]);
  });

  it('warns about webhook-only flows and emails matched without lowercase', () => {
    const text = edited(
      MINIMAL,
      ['trigger: { webhook: orders/updated, schedule: every 10m }', 'trigger: { webhook: orders/updated }'],
      ['normalise: [trim, lowercase]', 'normalise: [trim]'],
    );
    const report = checkContract(contractFromText(text));
    expect(report.verdict).toBe('WARN');
    expect(report.counts).toEqual({ pass: 22, warn: 2, fail: 0 });
  });

  it('warns that a rate on a database system is not enforced (its connections are)', () => {
    const text = contractFromFile('examples/shopify-stripe-netsuite.yaml');
    const warehouse = text.systems.warehouse!;
    const withRate = {
      ...text,
      systems: {
        ...text.systems,
        warehouse: {
          ...warehouse,
          limits: { ...warehouse.limits, rate: { requests: 50, perMs: 1_000, text: '50/s' } },
        },
      },
    };
    const report = checkContract(withRate);
    const messages = report.answers.flatMap((a) => a.findings.map((f) => `${a.verdict} ${f.message}`));
    expect(
      messages.some(
        (m) =>
          m.startsWith('WARN') &&
          m.includes('warehouse is a postgres database: limits.rate (50/s) is not enforced'),
      ),
    ).toBe(true);
    expect(checkContract(text).verdict).toBe('PASS');
  });

  it('writes JUnit with one test case per question per flow', () => {
    const report = checkContract(contractFromFile('test/contract/fixtures/missing-reconciliation.yaml'));
    const xml = formatCheckReport(report, 'junit');
    expect(xml.match(/<testcase classname="accord\.(customers|orders|payments)"/g)?.length).toBe(24);
    expect(xml).toContain(`<testsuite name="fields" tests="${report.fields.length}" failures="0"`);
    expect(xml).toContain('<testsuite name="flow orders" tests="8" failures="1"');
    expect(xml).toMatch(
      /<testcase classname="accord.orders" name="7 Reconciliation">\s*<failure message="flow orders has no reconciliation rule/,
    );
    const json = JSON.parse(formatCheckReport(report, 'json'));
    expect(json.verdict).toBe('FAIL');
    expect(json.answers[0].title).toBe('System of record');
  });
});
