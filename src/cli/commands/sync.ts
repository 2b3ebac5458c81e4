/**
 * `accord sync`: runs a contract's flows through the engine, with a live progress display and
 * each run's balanced counts at the end. A thin layer: load, check, connect, `engine.runFlow`, print.
 */
import { basename } from 'node:path';
import { openAlerter } from '../../alerts/open-alerter.ts';
import type { Connector } from '../../connectors/connector.ts';
import { buildConnectors } from '../../connectors/registry.ts';
import { buildWebhookVerifiers } from '../../connectors/webhook-verifiers.ts';
import { checkContract } from '../../contract/checklist.ts';
import { envSecretResolver } from '../../contract/index.ts';
import { loadContract } from '../../contract/loader.ts';
import { DEFAULT_DRIFT_MAX_AGE_MS, driftGate } from '../../drift/drift-gate.ts';
import { openEngine } from '../../engine/engine.ts';
import type { PlannedWrite, RunProgress, RunSummary } from '../../engine/engine-events.ts';
import { openWebhookIntake, type WebhookIntake } from '../../engine/webhook-intake.ts';
import { createLogger, resolveLogLevel, SecretScrubber, scrubbingResolver } from '../../logging/index.ts';
import { AccordError, toError } from '../../model/errors.ts';
import { openSqliteQueue } from '../../queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { type Command, EXIT, parseCommandArgs, printLoadErrors, UsageError } from '../command.ts';
import { storePath } from '../format/store-option.ts';
import type { Writer } from '../io.ts';

const COUNT_ORDER = [
  'captured',
  'written',
  'unchanged',
  'echoes',
  'deleted',
  'deadLettered',
  'inReview',
  'pending',
] as const;

export const command: Command = {
  name: 'sync',
  summary: 'run flows through the engine: capture, match, decide, write, record — with balanced counts',
  usage: [
    'usage: accord sync <contract.yaml> [--flow <name>] [--once | --watch [--listen <port>]] [--dry-run] [--store <file>]',
    '',
    'Runs each flow (or only --flow) once: captures the changes since the last run, matches, decides',
    'per field by the contract, writes, and records everything (links, baselines, audit) in the store.',
    'Progress (records/s, queue depth, requests in flight per system against its cap, retries,',
    'dead letters) goes to stderr, live on a terminal and as plain lines otherwise. Each run ends',
    'with its counts: captured = written + unchanged + echoes + deleted + dead-lettered + in review',
    "+ pending (deleted: source deletions propagated to the target, per the flow's onDelete).",
    '',
    'options:',
    '  --flow <name>    only this flow',
    '  --once           one pass, then exit (default)',
    '  --watch          keep polling until interrupted (Ctrl-C finishes the current batch); with',
    '                   several flows, they all run side by side',
    '  --listen <port>  with --watch: also receive webhooks on http://<host>:<port>/webhooks/<system>',
    '                   for every system whose connection has a webhookSecret (Shopify: the app',
    '                   client secret; Stripe: the endpoint whsec_ secret); verified events enter',
    '                   the same pipeline as polling, duplicates are processed once',
    '  --listen-host <h>  the address to listen on (default 127.0.0.1; put a proxy or tunnel in front)',
    '  --dry-run        read and decide, print what would be written; writes nothing anywhere',
    '  --store <file>   the SQLite store (default $ACCORD_STORE, else accord.db)',
    `  --drift-max-age <s>  reuse a clean drift check of a flow this long in watch mode (default ${DEFAULT_DRIFT_MAX_AGE_MS / 1000})`,
    '  --log-level <l>  structured log level on stderr (default from ACCORD_LOG_LEVEL, else info)',
    '',
    'Fail closed: before each run, drift is checked for the fields each flow touches. A blocking',
    'finding (a mapped field renamed or removed, a type change, a new required field in the target)',
    'pauses that flow only — the run is recorded as interrupted with the reason, printed here, and',
    "the flow's owner is alerted; `accord drift approve` accepts the change and resumes it. Records",
    'carrying a new unmapped enum value go to review; the rest flow.',
    '',
    'Secrets are read from the environment (the contract names them as env: references).',
    '',
    'Exit codes: 0 every run balanced and nothing needs a person; 1 the run created dead letters or',
    'review items, a flow is paused, or a run did not balance (see `accord errors list`, `accord reviews list`);',
    '2 bad usage, a contract that does not load or fails `accord check`, or a system we cannot reach.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      flow: { type: 'string' },
      once: { type: 'boolean' },
      watch: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      store: { type: 'string' },
      'log-level': { type: 'string' },
      'drift-max-age': { type: 'string' },
      listen: { type: 'string' },
      'listen-host': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one contract file');
    if (values.once && values.watch) throw new UsageError('--once and --watch exclude each other');
    const listenPort = values.listen === undefined ? undefined : Number(values.listen);
    if (listenPort !== undefined) {
      if (!values.watch)
        throw new UsageError('--listen receives webhooks while the sync runs: use it with --watch');
      if (!(Number.isInteger(listenPort) && listenPort >= 0 && listenPort <= 65_535))
        throw new UsageError(`--listen takes a port number (0-65535), not "${values.listen}"`);
    }
    const driftMaxAge = values['drift-max-age'] === undefined ? undefined : Number(values['drift-max-age']);
    if (driftMaxAge !== undefined && !(Number.isFinite(driftMaxAge) && driftMaxAge >= 0)) {
      throw new UsageError(
        `--drift-max-age takes a number of seconds (0 or more), not "${values['drift-max-age']}"`,
      );
    }
    const loaded = await loadContract(positionals[0] ?? '');
    if (!loaded.ok) return printLoadErrors(io, loaded.errors);
    const contract = loaded.contract;
    const report = checkContract(contract);
    if (report.verdict === 'FAIL') {
      io.stderr.write(
        `${basename(contract.file)} fails accord check; the engine runs only contracts that pass it. Run: accord check ${contract.file}\n`,
      );
      return EXIT.badInput;
    }
    const flows = values.flow ? [values.flow] : Object.keys(contract.flows);
    for (const f of flows) {
      if (!contract.flows[f]) {
        throw new UsageError(
          `flow "${f}" is not in ${contract.file} (flows: ${Object.keys(contract.flows).join(', ')})`,
        );
      }
    }
    const systems = [
      ...new Set(flows.flatMap((f) => [contract.flows[f]?.from ?? '', contract.flows[f]?.to ?? ''])),
    ];
    // Every secret resolved is registered with the scrubber, so no log line can carry it.
    const scrubber = new SecretScrubber();
    const resolver = scrubbingResolver(envSecretResolver(), scrubber);
    const logger = createLogger({ level: resolveLogLevel({ flag: values['log-level'] }), scrubber });
    let connectors: Map<string, Connector>;
    try {
      connectors = await buildConnectors(contract, { resolver, systems });
    } catch (error) {
      io.stderr.write(`${toError(error).message}\n`);
      return EXIT.badInput;
    }
    const store = await openSqliteStore(storePath(values.store));
    const queue = openSqliteQueue(store);
    // Fail closed: drift is checked before each run of each flow (see src/drift/drift-gate.ts).
    const preRunCheck = driftGate({
      contract,
      store,
      connectors,
      ...(driftMaxAge === undefined ? {} : { maxAgeMs: driftMaxAge * 1000 }),
    });
    const engine = openEngine({ contract, store, queue, connectors, logger, preRunCheck });
    const alerter = openAlerter({ contract, store, logger, engine, resolver });
    let intake: WebhookIntake | undefined;
    if (listenPort !== undefined) {
      try {
        const verifiers = buildWebhookVerifiers(contract, { resolver, systems });
        if (verifiers.size === 0)
          throw new UsageError(
            `--listen: no system of these flows has connection.webhookSecret in ${basename(contract.file)}, so no webhook could be verified`,
          );
        intake = await openWebhookIntake({
          engine,
          flows,
          verifiers,
          port: listenPort,
          host: values['listen-host'],
          logger,
        });
        for (const [system, url] of intake.endpoints)
          io.stderr.write(`receiving ${system} webhooks at ${url}\n`);
      } catch (error) {
        await alerter.stop();
        await engine.close();
        await Promise.allSettled([...connectors.values()].map((c) => c.close()));
        await store.close();
        if (error instanceof UsageError) throw error;
        io.stderr.write(`${toError(error).message}\n`);
        return EXIT.badInput;
      }
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    const needsAttention: boolean[] = [];
    const runOne = async (flow: string) => {
      const display = progressDisplay(io.stderr);
      const summary = await engine.runFlow(flow, {
        once: !values.watch,
        dryRun: values['dry-run'] === true,
        signal: abort.signal,
        onProgress: display.update,
      });
      display.end();
      printSummary(io.stdout, summary);
      needsAttention.push(
        !summary.balanced ||
          summary.deadLetters > 0 ||
          summary.reviews > 0 ||
          summary.status === 'failed' ||
          summary.status === 'paused',
      );
    };
    try {
      // Watch mode never returns from a flow until interrupted: the flows run side by side.
      if (values.watch) await Promise.all(flows.map(runOne));
      else
        for (const flow of flows) {
          await runOne(flow);
          if (abort.signal.aborted) break;
        }
    } catch (error) {
      const e = toError(error);
      io.stderr.write(`${e instanceof AccordError ? '' : 'unexpected error: '}${e.message}\n`);
      return EXIT.badInput;
    } finally {
      process.off('SIGINT', stop);
      await intake?.close();
      await alerter.stop();
      await engine.close();
      await Promise.allSettled([...connectors.values()].map((c) => c.close()));
      await store.close();
    }
    return needsAttention.some(Boolean) ? EXIT.findings : EXIT.ok;
  },
};

/** Live on a terminal (one line rewritten in place); a plain line every 5 s otherwise. */
function progressDisplay(out: Writer): { update(p: RunProgress): void; end(): void } {
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  let lastPlain = 0;
  let drawn = false;
  return {
    update(p) {
      const line = progressLine(p);
      if (tty) {
        out.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (p.phase === 'done' || p.elapsedMs - lastPlain >= 5_000) {
        lastPlain = p.elapsedMs;
        out.write(`${line}\n`);
      }
    },
    end() {
      if (drawn) out.write('\n');
    },
  };
}

export function progressLine(p: RunProgress): string {
  const systems = p.systems
    .map((s) => `${s.system} ${s.inFlight}/${s.cap}${s.rateLimited ? ` (${s.rateLimited}×429)` : ''}`)
    .join(' · ');
  return (
    `${p.flow} [${p.phase}] ${p.processed}/${p.counts.captured} · ${p.recordsPerSecond.toFixed(0)} rec/s · queue ${p.queueDepth}` +
    ` · in flight ${systems} · retries ${p.retries} · dead letters ${p.deadLetters}`
  );
}

function printSummary(out: Writer, s: RunSummary): void {
  const counts = COUNT_ORDER.map((k) => `${k} ${s.counts[k]}`).join(', ');
  out.write(
    `${s.flow}: run ${s.runId} ${s.status}${s.note ? ` (${s.note})` : ''} in ${(s.elapsedMs / 1000).toFixed(1)} s\n`,
  );
  if (s.status === 'paused') {
    out.write(`  PAUSED — nothing of this flow ran: ${(s.note ?? '').replace(/^paused: /, '')}\n`);
    out.write(
      (s.note ?? '').startsWith('paused: drift: ')
        ? '  see accord drift check; fix the contract or the system, or accept the change with accord drift approve (it resumes the flow)\n'
        : '  the flow stays paused until it is resumed\n',
    );
  }
  out.write(`  ${counts}\n`);
  out.write(
    s.balanced
      ? `  balanced: ${s.counts.captured} captured = ${s.counts.captured - s.counts.pending} finished + ${s.counts.pending} pending\n`
      : `  NOT BALANCED: ${s.difference} change(s) unaccounted for — this is a bug; the run is kept for inspection\n`,
  );
  if (s.deadLetters > 0)
    out.write(`  ${s.deadLetters} new dead letter(s): accord errors list --flow ${s.flow}\n`);
  if (s.reviews > 0) out.write(`  ${s.reviews} new review item(s): accord reviews list --flow ${s.flow}\n`);
  if (s.plannedWrites) printPlanned(out, s.plannedWrites);
}

function printPlanned(out: Writer, writes: readonly PlannedWrite[]): void {
  out.write(`  dry run: ${writes.length} write(s) would be made\n`);
  for (const w of writes.slice(0, 100)) {
    const target = w.id ? `${w.objectType} ${w.id}` : `${w.objectType} eid:${w.externalId}`;
    const rules = Object.entries(w.rules)
      .map(([f, r]) => `${f} (${r})`)
      .join(', ');
    out.write(
      `    ${w.system} ${target} ← ${w.sourceRecord}: ${JSON.stringify(w.fields)}${rules ? ` — ${rules}` : ''}\n`,
    );
  }
  if (writes.length > 100) out.write(`    … and ${writes.length - 100} more\n`);
}
