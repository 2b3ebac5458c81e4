/**
 * Webhooks into the running sync: an HTTP endpoint per system that has a verifier
 * (`connection.webhookSecret`), each verified first-seen event routed to every flow that captures
 * that system's records of that type, and enqueued there exactly as a poll would enqueue it
 * (`engine.ingestWebhookEvents`). The running flow's worker processes it; a poll that later sees
 * the same version makes the same job key, so the change is processed once.
 *
 * Duplicates are stopped twice: the receiver claims `<system>:<topic>:<event id>` (a vendor's
 * retry, a second subscription), and the job key (flow + record + version) absorbs a webhook and a
 * poll of the same change.
 *
 * @example
 *   const intake = await openWebhookIntake({ engine, flows: ['customers'], verifiers, port: 8787 });
 *   // Shopify: https://…/webhooks/shopify   Stripe: https://…/webhooks/stripe
 *   await intake.close();
 */
import type { WebhookEvent, WebhookVerifier } from '../connectors/connector.ts';
import { type DedupeStore, InMemoryDedupeStore } from '../connectors/webhooks/dedupe-store.ts';
import { WebhookReceiver } from '../connectors/webhooks/webhook-receiver.ts';
import { startWebhookServer, type WebhookServer } from '../connectors/webhooks/webhook-server.ts';
import type { Engine } from './engine.ts';
import type { EngineLogger } from './engine-events.ts';

export interface WebhookIntakeOptions {
  engine: Pick<Engine, 'contract' | 'ingestWebhookEvents'>;
  /** The flows this sync runs; events for other flows are acknowledged and dropped (logged). */
  flows: readonly string[];
  verifiers: ReadonlyMap<string, WebhookVerifier>;
  port: number;
  host?: string | undefined;
  /** Default: in memory, per process (a restart relies on the job keys to absorb redeliveries). */
  dedupe?: DedupeStore | undefined;
  logger?: EngineLogger | undefined;
}

export interface WebhookIntake {
  readonly url: string;
  /** The URL each system posts to. */
  readonly endpoints: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

export async function openWebhookIntake(options: WebhookIntakeOptions): Promise<WebhookIntake> {
  const dedupe = options.dedupe ?? new InMemoryDedupeStore();
  const receivers = new Map(
    [...options.verifiers].map(([system, verifier]) => [
      system,
      new WebhookReceiver(system, verifier, dedupe),
    ]),
  );
  const server: WebhookServer = await startWebhookServer({
    port: options.port,
    host: options.host,
    receivers,
    accept: async (system, event) => {
      const flows = flowsTaking(options, system, event);
      if (flows.length === 0) {
        options.logger?.info(
          { system, topic: event.topic, objectType: event.objectType },
          'webhook for no flow of this sync; acknowledged',
        );
        return;
      }
      for (const flow of flows) await options.engine.ingestWebhookEvents(flow, system, [event]);
    },
    onDelivery: (d) =>
      options.logger?.[d.status >= 400 ? 'warn' : 'debug']({ ...d }, `webhook from ${d.system || '?'}`),
  });
  return {
    url: server.url,
    endpoints: new Map(
      [...receivers.keys()].map((s) => [s, `${server.url}/webhooks/${encodeURIComponent(s)}`]),
    ),
    close: () => server.close(),
  };
}

/** The flows of this sync that capture `system`'s records of the event's type. */
function flowsTaking(options: WebhookIntakeOptions, system: string, event: WebhookEvent): string[] {
  const { contract } = options.engine;
  return options.flows.filter((name) => {
    const flow = contract.flows[name];
    if (!flow) return false;
    const captures = flow.from === system || (flow.direction === 'two-way' && flow.to === system);
    const record = contract.entities[flow.entity]?.mappings[system]?.record;
    return captures && record?.toLowerCase() === event.objectType.toLowerCase();
  });
}
