/**
 * Secrets stay secret in logs (DESIGN.md invariant 6): a secret goes through a real failing
 * connection — a loopback API that answers 401 and echoes the credential back in its error body,
 * as some vendors do — and the captured log output never contains it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemDef } from '../contract/model.ts';
import { resolveConnection } from '../contract/resolve-connection.ts';
import { resolveLogLevel } from './log-level.ts';
import { createLogger, memoryDestination, runLogger } from './logger.ts';
import { SecretScrubber, scrubbingResolver } from './secret-scrubber.ts';

const TOKEN = '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';
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    // A careless vendor: the 401 body quotes the credential it refused, and the URL it was called on.
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errors: `Invalid API key or access token (unrecognized login or wrong password): ${req.headers['x-shopify-access-token']} on ${req.url}`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const shop: SystemDef = {
  name: 'shopify',
  kind: 'shopify',
  connection: { shop: 'acme', accessToken: { provider: 'env', name: 'SHOPIFY_TOKEN' } },
  limits: {},
  at: { file: 'accord.yaml', line: 1, column: 1 },
} as unknown as SystemDef;

describe('logs never carry credentials', () => {
  it('scrubs a secret that a failing connection echoes back, from every line of a run', async () => {
    // The scrubber learns the secret as the connection is resolved, as `buildConnectors` does it.
    const scrubber = new SecretScrubber();
    const resolver = scrubbingResolver((ref) => (ref.name === 'SHOPIFY_TOKEN' ? TOKEN : undefined), scrubber);
    const resolved = resolveConnection(shop, resolver);
    if (!resolved.ok) throw new Error(resolved.errors.join('; '));
    expect(scrubber.size).toBeGreaterThan(0);
    const out = memoryDestination();
    const log = runLogger(createLogger({ level: 'debug', destination: out, scrubber }), {
      runId: 'run-7',
      flow: 'orders',
    });

    const token = (resolved.settings.accessToken as { reveal(): string }).reveal();
    const url = `${base}/admin/api/2025-10/graphql.json?access_token=${encodeURIComponent(token)}`;
    const headers = { 'X-Shopify-Access-Token': token, 'content-type': 'application/json' };
    const response = await fetch(url, { method: 'POST', headers, body: '{"query":"{ shop { name } }"}' });
    const body = await response.text();
    // The failure really carries the secret: without scrubbing it would be logged.
    expect(body).toContain(TOKEN);

    const err = new Error(`shopify answered ${response.status}: ${body}`);
    log.debug({ settings: resolved.settings, connection: { accessToken: token } }, 'connecting');
    log.error(
      { err, request: { url, headers }, response: { status: response.status, body }, token },
      `connection to ${url} failed`,
    );
    log.warn(`retrying with ${token}`);

    const text = out.text();
    const lines = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(encodeURIComponent(TOKEN).slice(0, 20));
    expect(text).toContain('[redacted]');
    for (const line of lines) expect(line).toMatchObject({ runId: 'run-7', flow: 'orders' });
    const failed = lines[1] as { request: { headers: Record<string, string> }; response: { status: number } };
    expect(failed.request.headers['X-Shopify-Access-Token']).toBe('[redacted]');
    expect(failed.response.status).toBe(401);
  });

  it('redacts credential paths even for values it was never told about', () => {
    const out = memoryDestination();
    const log = createLogger({ destination: out });
    log.info(
      {
        headers: { authorization: 'Bearer never-registered-1' },
        request: { headers: { 'x-api-key': 'never-registered-2' } },
        connection: { clientSecret: 'never-registered-3' },
        password: 'never-registered-4',
      },
      'calling',
    );
    expect(out.text()).not.toMatch(/never-registered/);
    expect(out.text()).toContain('"msg":"calling"');
  });

  it('takes the level from the flag, then ACCORD_LOG_LEVEL, and refuses an unknown one', () => {
    expect(resolveLogLevel({ env: {} })).toBe('info');
    expect(resolveLogLevel({ env: { ACCORD_LOG_LEVEL: 'DEBUG' } })).toBe('debug');
    expect(resolveLogLevel({ flag: 'warn', env: { ACCORD_LOG_LEVEL: 'debug' } })).toBe('warn');
    expect(() => resolveLogLevel({ env: { ACCORD_LOG_LEVEL: 'loud' } })).toThrow(
      /ACCORD_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent \(got "loud"\)/,
    );
    const out = memoryDestination();
    const log = createLogger({ level: 'warn', destination: out });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines()).toHaveLength(1);
  });

  it('ignores values too short to scrub safely', () => {
    const scrubber = new SecretScrubber();
    expect(scrubber.add('abc')).toBe(false);
    expect(scrubber.scrub('abc abc')).toBe('abc abc');
    expect(scrubber.add('abcdef-long')).toBe(true);
    expect(scrubber.scrub('x abcdef-long y')).toBe('x [redacted] y');
  });
});
