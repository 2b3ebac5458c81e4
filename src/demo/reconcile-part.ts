/**
 * Reconciliation as the demo runs it: the reconcile library (`planReconciliation`, `reconcile`,
 * `formatReport`) with connectors built by the engine's registry (`buildConnectors`) from the
 * demo's contract — the same calls `accord reconcile` makes, reading both systems directly and
 * never the engine's state. Loaded only when every part is in this build.
 *
 * @example
 *   const lib = await loadReconcileLibrary();
 *   if (lib.ok) { const { json, html } = await lib.run(contract, 'payments-daily'); }
 */
import { type Contract, envSecretResolver, type SecretResolver } from '../contract/index.ts';
import { functionExport, loadOptionalPart } from './optional-part.ts';

interface Closable {
  close(): Promise<void>;
}
type PlanFn = (
  contract: Contract,
  rule: string,
) => {
  source: { system: string };
  target: { system: string };
  /** Reference checks read a third system (a payment's Shopify order). */
  references?: readonly { check: { in: string } }[];
};
type ReconcileFn = (options: {
  plan: unknown;
  connectors: Readonly<Record<string, unknown>>;
}) => Promise<unknown>;
type FormatFn = (result: unknown, format: string) => string;
type BuildFn = (
  contract: Contract,
  options: { resolver: SecretResolver; systems?: readonly string[] },
) => Promise<Map<string, Closable>>;

export interface ReconcileLibrary {
  /** One rule: the JSON result (parsed) and the self-contained HTML report. */
  run(contract: Contract, rule: string): Promise<{ result: unknown; html: string }>;
}

export async function loadReconcileLibrary(): Promise<
  { ok: true; lib: ReconcileLibrary } | { ok: false; reason: string }
> {
  const plan = functionExport<PlanFn>(
    await loadOptionalPart('src/reconcile/reconcile-plan.ts', 'the reconciliation planner'),
    'planReconciliation',
    'the reconciliation planner',
  );
  const rec = functionExport<ReconcileFn>(
    await loadOptionalPart('src/reconcile/reconcile.ts', 'reconciliation'),
    'reconcile',
    'reconciliation',
  );
  const format = functionExport<FormatFn>(
    await loadOptionalPart('src/reconcile/report-format.ts', 'the reconciliation reports'),
    'formatReport',
    'the reconciliation reports',
  );
  const build = functionExport<BuildFn>(
    await loadOptionalPart('src/connectors/registry.ts', 'the connector registry'),
    'buildConnectors',
    'the connector registry',
  );
  for (const part of [plan, rec, format, build]) if (!part.ok) return part;
  if (!plan.ok || !rec.ok || !format.ok || !build.ok) return { ok: false, reason: 'unreachable' };
  return {
    ok: true,
    lib: {
      async run(contract, rule) {
        const p = plan.fn(contract, rule);
        const connectors = await build.fn(contract, {
          resolver: envSecretResolver(),
          systems: [
            ...new Set([p.source.system, p.target.system, ...(p.references ?? []).map((r) => r.check.in)]),
          ],
        });
        try {
          const result = await rec.fn({ plan: p, connectors: Object.fromEntries(connectors) });
          // Through the JSON report, so the demo reads exactly what `--format json` prints.
          return { result: JSON.parse(format.fn(result, 'json')), html: format.fn(result, 'html') };
        } finally {
          await Promise.allSettled([...connectors.values()].map((c) => c.close()));
        }
      },
    },
  };
}
