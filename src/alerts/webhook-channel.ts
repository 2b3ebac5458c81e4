/**
 * Posts alerts to a chat webhook as Slack-compatible JSON (`slack-payload.ts`).
 *
 * The URL is a secret (anyone holding it can post to the channel), so the contract holds a
 * reference (`webhook: env:ONCALL_WEBHOOK_URL`) and this channel resolves it at send time, every
 * time: a rotated URL is picked up without a restart, and the value never sits in an object that
 * could be logged. Errors name the route and the reference, never the URL.
 *
 * @example
 *   const channel = new WebhookChannel({ route: 'integrations-oncall', url: { provider: 'env', name: 'ONCALL_WEBHOOK_URL' },
 *     resolver: envSecretResolver() });
 *   await channel.send(alert);
 */
import {
  formatSecretRef,
  resolveSecret,
  type SecretRef,
  type SecretResolver,
} from '../contract/secret-ref.ts';
import type { Alert, AlertChannel } from './alert-channel.ts';
import { slackPayload } from './slack-payload.ts';

export interface WebhookChannelOptions {
  /** The contract's alert route name, for messages. */
  route: string;
  url: SecretRef;
  resolver: SecretResolver;
  /** Default 10 s: a slow chat service must not hold the engine. */
  timeoutMs?: number | undefined;
  /** Injected for tests of transport failures; default the global fetch. */
  fetch?: typeof fetch | undefined;
}

export class WebhookDeliveryFailed extends Error {
  readonly code = 'WEBHOOK_DELIVERY_FAILED';
  override name = 'WebhookDeliveryFailed';
}

export class WebhookChannel implements AlertChannel {
  readonly name: string;
  constructor(private readonly options: WebhookChannelOptions) {
    this.name = `webhook:${options.route}`;
  }

  async send(alert: Alert): Promise<void> {
    const where = `alert route ${this.options.route} (webhook ${formatSecretRef(this.options.url)})`;
    const resolved = resolveSecret(this.options.url, this.options.resolver);
    if (!resolved.ok) throw new WebhookDeliveryFailed(`${where}: ${resolved.message}`);
    let url: URL;
    try {
      url = new URL(resolved.secret.reveal());
    } catch {
      throw new WebhookDeliveryFailed(
        `${where}: the value is not a URL; set it to the https://… address of the webhook`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new WebhookDeliveryFailed(`${where}: only http(s) webhooks are supported (got ${url.protocol})`);
    }
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackPayload(alert)),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      // The cause of a fetch failure can quote the URL; keep only its kind.
      const kind = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).name ?? 'error';
      throw new WebhookDeliveryFailed(`${where}: could not reach the webhook (${kind})`);
    }
    // Drain the body so the connection is released; Slack answers "ok" or an error word.
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (!response.ok) {
      throw new WebhookDeliveryFailed(
        `${where}: the webhook answered HTTP ${response.status}${answer ? ` (${answer.replace(/\s+/g, ' ')})` : ''}`,
      );
    }
  }
}
