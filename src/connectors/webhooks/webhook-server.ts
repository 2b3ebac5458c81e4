/**
 * Receives webhooks over HTTP: `POST /webhooks/<system>`, one {@link WebhookReceiver} per system
 * (signature and freshness verified over the raw bytes, duplicates claimed once), each verified
 * event handed to `accept`, which feeds it into the same capture path as polling.
 *
 * Answers as the vendors expect: 200 for an accepted or a duplicate delivery (a duplicate must not
 * be retried), 401 for a signature that does not verify (never processed), 404 for an unknown
 * system, 413 for a body over the limit, and 500 when `accept` failed — the claim is released so
 * the vendor's retry is processed rather than dropped as a duplicate.
 *
 * @example
 *   const server = await startWebhookServer({
 *     port: 8787,
 *     receivers: new Map([['shopify', new WebhookReceiver('shopify', verifier, new InMemoryDedupeStore())]]),
 *     accept: (system, event) => ingest(system, event),
 *   });
 *   // Shopify posts to http://host:8787/webhooks/shopify
 *   await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toError } from '../../model/errors.ts';
import type { WebhookEvent } from '../connector.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

export interface WebhookServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1: exposing it is a deliberate choice (a tunnel or a reverse proxy). */
  host?: string | undefined;
  receivers: ReadonlyMap<string, WebhookReceiver>;
  /** Feeds one verified, first-seen event into the pipeline; a throw answers 500. */
  accept(system: string, event: WebhookEvent): Promise<void>;
  /** Every delivery's outcome, for logs (never the body: it may carry personal data). */
  onDelivery?: ((d: { system: string; status: number; outcome: string }) => void) | undefined;
  /** Largest body accepted (default 2 MiB; Shopify and Stripe payloads are far smaller). */
  maxBodyBytes?: number | undefined;
}

export interface WebhookServer {
  /** `http://host:port`; systems post to `${url}/webhooks/<system>`. */
  readonly url: string;
  close(): Promise<void>;
}

const PATH = /^\/webhooks\/([^/?#]+)\/?(?:\?.*)?$/;

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const maxBody = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const answer = (res: ServerResponse, system: string, status: number, outcome: string) => {
    options.onDelivery?.({ system, status, outcome });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ outcome }));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const system = decodeURIComponent(PATH.exec(req.url ?? '')?.[1] ?? '');
    const receiver = options.receivers.get(system);
    if (!receiver) return answer(res, system, 404, `no webhooks are received for "${system}" here`);
    if (req.method !== 'POST') return answer(res, system, 405, 'webhooks are POSTed');
    const body = await readBody(req, maxBody);
    if (!body) return answer(res, system, 413, `body over ${maxBody} bytes`);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const receipt = await receiver.receive({ headers, rawBody: body });
    if (!receipt.ok) {
      return receipt.duplicate
        ? answer(res, system, 200, 'duplicate: already received')
        : answer(res, system, 401, `refused: ${receipt.reason}`);
    }
    try {
      await options.accept(system, receipt.event);
    } catch (error) {
      await receiver.failed(receipt);
      return answer(res, system, 500, `not taken, retry: ${toError(error).message}`);
    }
    return answer(res, system, 200, `accepted ${receipt.event.topic} ${receipt.event.eventId}`);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) answer(res, '', 500, `not taken, retry: ${toError(error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The raw body (signatures are over bytes), or undefined once it exceeds `max`. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
