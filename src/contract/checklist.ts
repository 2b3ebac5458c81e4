/**
 * `accord check` as a library call: the eight questions of DESIGN.md answered for every flow.
 *
 * @example
 * const report = checkContract(contract);
 * if (report.verdict === 'FAIL') process.exitCode = 1;
 */
import { conflictRules, syncDirection, systemOfRecord } from './check-field-questions.ts';
import {
  auditTrail,
  errorHandling,
  matchingKeys,
  reconciliation,
  volumeAndTiming,
} from './check-flow-questions.ts';
import {
  type Answer,
  type CheckReport,
  type FieldAnswer,
  type Finding,
  type QuestionId,
  type QuestionResult,
  worst,
} from './check-report.ts';
import { type FlowView, flowViews } from './flow-view.ts';
import type { Contract } from './model.ts';

const ANSWERERS: Record<QuestionId, (view: FlowView) => QuestionResult> = {
  1: systemOfRecord,
  2: syncDirection,
  3: matchingKeys,
  4: conflictRules,
  5: errorHandling,
  6: volumeAndTiming,
  7: reconciliation,
  8: auditTrail,
};

export function checkContract(contract: Contract): CheckReport {
  const answers: Answer[] = [];
  const views = flowViews(contract);
  for (const view of views) {
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
      const { checked, findings } = ANSWERERS[id](view);
      answers.push({
        flow: view.flow.name,
        question: id,
        verdict: worst(findings.map((f) => f.verdict)),
        checked,
        findings,
      });
    }
  }
  const count = (v: string) => answers.filter((a) => a.verdict === v).length;
  return {
    file: contract.file,
    contract: contract.name,
    flows: views.map(({ flow }) => ({
      name: flow.name,
      entity: flow.entity,
      from: flow.from,
      to: flow.to,
      direction: flow.direction,
    })),
    verdict: worst(answers.map((a) => a.verdict)),
    answers,
    fields: fieldAnswers(views, answers),
    counts: { pass: count('PASS'), warn: count('WARN'), fail: count('FAIL') },
  };
}

function fieldAnswers(views: readonly FlowView[], answers: readonly Answer[]): FieldAnswer[] {
  const byField = new Map<string, { flows: string[]; owner?: string; conflict?: string }>();
  for (const { flow, fields } of views) {
    for (const field of fields) {
      const subject = `${field.entity}.${field.name}`;
      const entry = byField.get(subject) ?? {
        flows: [],
        ...(field.owner === undefined ? {} : { owner: field.owner }),
        ...(field.conflict === undefined ? {} : { conflict: field.conflict }),
      };
      entry.flows.push(flow.name);
      byField.set(subject, entry);
    }
  }
  const findings = new Map<string, Finding[]>();
  for (const finding of answers.flatMap((a) => a.findings)) {
    const list = findings.get(finding.subject) ?? [];
    // The same gap is found once per flow carrying the field; report it once.
    if (!list.some((f) => f.message === finding.message)) list.push(finding);
    findings.set(finding.subject, list);
  }
  return [...byField].map(([subject, entry]) => {
    const own = findings.get(subject) ?? [];
    return { subject, ...entry, verdict: worst(own.map((f) => f.verdict)), findings: own };
  });
}
