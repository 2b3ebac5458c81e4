/**
 * The questions answered for a flow as a whole: matching (3), error handling (5), volume and
 * timing (6), reconciliation (7) and the audit trail (8).
 */
import type { Finding, QuestionResult } from './check-report.ts';
import type { FlowView } from './flow-view.ts';

function finding(v: FlowView, verdict: Finding['verdict'], message: string, at = v.flow.at): Finding {
  return { verdict, subject: v.flow.name, message, at };
}

/** 3. Matching: ordered keys, a no-match policy; two matches always go to review. */
export function matchingKeys(v: FlowView): QuestionResult {
  const { flow } = v;
  const findings: Finding[] = [];
  const keys = flow.match?.keys ?? [];
  if (keys.length === 0) {
    findings.push(
      finding(
        v,
        'FAIL',
        `flow ${flow.name} declares no match keys; add match.keys, e.g. [external-id, { field: email, normalise: [trim, lowercase] }]`,
      ),
    );
  }
  if (flow.match?.onNoMatch === undefined) {
    findings.push(
      finding(
        v,
        'FAIL',
        `flow ${flow.name} does not say what happens when no ${flow.to} record matches; add match.onNoMatch: create, review or skip`,
      ),
    );
  }
  for (const key of keys) {
    if (key.kind !== 'fields') continue;
    for (const name of key.fields) {
      if (v.entity.fields[name]?.kind === 'email' && !key.normalise.includes('lowercase')) {
        findings.push(
          finding(
            v,
            'WARN',
            `flow ${flow.name} matches on ${flow.entity}.${name} without lowercase, so Jo@Example.com and jo@example.com do not match; add normalise: [trim, lowercase]`,
            flow.match?.at,
          ),
        );
      }
    }
  }
  const described = keys
    .map((k) => (k.kind === 'external-id' ? 'external id' : k.fields.join('+')))
    .join(', then ');
  return {
    checked: `matched on ${described || '(nothing)'}; no match: ${flow.match?.onNoMatch ?? '(undecided)'}; several matches: review; source deleted: ${flow.onDelete ?? 'flag'}`,
    findings,
  };
}

/** 5. Errors: retried, then dead-lettered — loudly, to an owner. */
export function errorHandling(v: FlowView): QuestionResult {
  const { flow } = v;
  const findings: Finding[] = [];
  const errors = flow.errors;
  if (errors === undefined) {
    findings.push(
      finding(
        v,
        'FAIL',
        `flow ${flow.name} has no error policy; add errors: (or defaults.errors:) with retries, backoff and deadLetter: true`,
      ),
    );
  } else {
    if (!errors.deadLetter)
      findings.push(
        finding(
          v,
          'FAIL',
          `flow ${flow.name} drops records that fail permanently; set errors.deadLetter: true`,
        ),
      );
    if (errors.retries === 0)
      findings.push(
        finding(
          v,
          'WARN',
          `flow ${flow.name} never retries, so a 429 or a timeout goes straight to the dead letter queue`,
        ),
      );
    if (errors.backoff.maxMs < errors.backoff.initialMs)
      findings.push(
        finding(
          v,
          'FAIL',
          `flow ${flow.name}'s backoff max is shorter than its initial delay; raise errors.backoff.max`,
        ),
      );
  }
  if (flow.owner === undefined)
    findings.push(finding(v, 'FAIL', `flow ${flow.name} names no owner team; add owner: <team>`));
  if (flow.alert === undefined)
    findings.push(
      finding(
        v,
        'FAIL',
        `flow ${flow.name} has no alert route; add alert: <route>, or give its owner team one`,
      ),
    );
  const policy = errors
    ? `${errors.retries} retries, then ${errors.deadLetter ? 'dead letter' : 'DROPPED'}`
    : '(no policy)';
  return {
    checked: `${policy}; owner ${flow.owner ?? '(none)'} alerted via ${flow.alert ?? '(nothing)'}`,
    findings,
  };
}

/** System kinds that are databases, written and read through connections, not a request API. */
const DATABASE_KINDS: ReadonlySet<string> = new Set(['postgres', 'duckdb']);

/** 6. Volume and timing: every system has limits; no flow depends on webhooks alone. */
export function volumeAndTiming(v: FlowView): QuestionResult {
  const { flow, contract } = v;
  const findings: Finding[] = [];
  for (const name of [flow.from, flow.to]) {
    const system = contract.systems[name];
    if (!system) continue;
    if (system.kind === 'netsuite' && system.limits.concurrency === undefined) {
      findings.push(
        finding(
          v,
          'FAIL',
          `system ${name} sets no concurrency limit; NetSuite's pool is account-wide, so add limits.concurrency (its share of the pool)`,
          system.at,
        ),
      );
    } else if (DATABASE_KINDS.has(system.kind) && system.limits.rate !== undefined) {
      // A database is held to its concurrency (connections), not to a request rate: say so rather
      // than let a rate look enforced.
      findings.push(
        finding(
          v,
          'WARN',
          `system ${name} is a ${system.kind} database: limits.rate (${system.limits.rate.text}) is not enforced for it; its load is held by limits.concurrency (connections at once)`,
          system.at,
        ),
      );
    } else if (system.limits.concurrency === undefined && system.limits.rate === undefined) {
      findings.push(
        finding(
          v,
          'WARN',
          `system ${name} sets no limits; add limits.concurrency and limits.rate so peaks queue instead of failing`,
          system.at,
        ),
      );
    }
  }
  if (flow.trigger.schedule === undefined) {
    findings.push(
      finding(
        v,
        'WARN',
        `flow ${flow.name} runs on webhooks only; a missed webhook is never caught up — add a schedule as a backstop`,
      ),
    );
  }
  const trigger = [
    flow.trigger.webhook && `webhook ${flow.trigger.webhook}`,
    flow.trigger.schedule && `schedule ${flow.trigger.schedule}`,
  ]
    .filter(Boolean)
    .join(' + ');
  return { checked: `${trigger}, ${flow.lane} lane, within each system's limits`, findings };
}

/** 7. Reconciliation: an independent rule counts (and, for money, sums by currency) this flow. */
export function reconciliation(v: FlowView): QuestionResult {
  const { flow, contract } = v;
  const findings: Finding[] = [];
  const rules = Object.values(contract.reconciliation).filter((r) => r.flows.includes(flow.name));
  if (rules.length === 0) {
    findings.push(
      finding(
        v,
        'FAIL',
        `flow ${flow.name} has no reconciliation rule; add one under reconciliation: with flows: [${flow.name}], count: true and a schedule`,
      ),
    );
  }
  for (const rule of rules) {
    const money = rule.sum.filter((name) => v.entity.fields[name]?.kind === 'money');
    if (money.length > 0 && !rule.groupBy.includes('currency')) {
      findings.push(
        finding(
          v,
          'FAIL',
          `reconciliation ${rule.name} sums ${money.join(', ')} across currencies; add currency to groupBy`,
          rule.at,
        ),
      );
    }
    if (rule.alert === undefined && flow.alert === undefined) {
      findings.push(
        finding(
          v,
          'WARN',
          `reconciliation ${rule.name} alerts no one when totals disagree; add alert: <route>`,
          rule.at,
        ),
      );
    }
  }
  const names = rules.map(
    (r) =>
      `${r.name} (${[r.count ? 'count' : '', ...r.sum.map((s) => `sum ${s}`)].filter(Boolean).join(', ')}; ${r.schedule})`,
  );
  return {
    checked: names.length > 0 ? `reconciled by ${names.join('; ')}` : 'no reconciliation rule',
    findings,
  };
}

/** 8. Audit trail: both records are identifiable, and writes are upserts keyed by the source. */
export function auditTrail(v: FlowView): QuestionResult {
  const { flow, contract } = v;
  const findings: Finding[] = [];
  const targets = flow.direction === 'two-way' ? [v.from, v.to] : [v.to];
  for (const target of targets) {
    const kind = contract.systems[target.system]?.kind;
    if (target.externalIdPath !== undefined) continue;
    if (kind === 'netsuite') {
      findings.push(
        finding(
          v,
          'FAIL',
          `${flow.entity} is written to NetSuite (${target.system}) without an externalId path, so a retry could create it twice and the record cannot be traced to its source; add externalId: externalId to its mapping`,
          target.at,
        ),
      );
    } else if (kind === 'salesforce') {
      findings.push(
        finding(
          v,
          'WARN',
          `${flow.entity} is written to Salesforce (${target.system}) without an external id field for upserts; add externalId: <External_Id__c>`,
          target.at,
        ),
      );
    }
  }
  return {
    checked: `${v.from.system} ${v.from.record}.${v.from.idPath} linked to ${v.to.system} ${v.to.record}.${v.to.externalIdPath ?? v.to.idPath}; every write is audited with flow ${flow.name}`,
    findings,
  };
}
