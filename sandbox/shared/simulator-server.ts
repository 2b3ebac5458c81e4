/**
 * The HTTP plumbing every simulator shares: a real `node:http` server on loopback (port 0 by
 * default), request accounting for the inspection API (requests seen, in flight, the highest
 * number in flight at once), scripted fault injection, and a configurable latency distribution.
 * Each simulator supplies only its vendor's routes and bodies.
 *
 * @example
 *   const server = await startSimulatorServer({ name: 'stripe', latencyMs: { min: 5, max: 20 } }, async (req, res, body) => {
 *     sendJson(res, 200, { object: 'list', data: [] });
 *   });
 *   server.faults.push({ kind: 'server-error', count: 2 });
 *   await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type SimulatedFault =
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'connection-drop'
  | 'malformed-reply';

export interface ScriptedFault {
  kind: SimulatedFault;
  /** How many of the next matching requests get it. */
  count: number;
  /** Only requests whose path contains this string. */
  pathIncludes?: string;
}

export interface LatencyDistribution {
  /** Fixed latency, or the bounds of a uniform distribution. */
  min: number;
  max: number;
}

export interface SimulatorServerOptions {
  name: string;
  port?: number;
  latencyMs?: number | LatencyDistribution;
  /** Random faults: each request fails with this probability (0..1) with one of `randomFaultKinds`. */
  randomFaultRate?: number;
  randomFaultKinds?: readonly SimulatedFault[];
  /** Deterministic randomness for latency and random faults. */
  seed?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  at: number;
}

/** Writes the vendor-shaped response for a rate-limit or server-error fault. */
export type FaultResponder = (kind: 'rate-limit' | 'server-error', res: ServerResponse) => void;

export type SimulatorHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => Promise<void> | void;

export interface SimulatorServer {
  readonly url: string;
  readonly port: number;
  /** Faults applied to the next requests, in order. */
  readonly faults: ScriptedFault[];
  readonly inspect: {
    requests(): readonly RequestRecord[];
    inFlight(): number;
    maxInFlight(): number;
    reset(): void;
  };
  setLatency(latency: number | LatencyDistribution): void;
  setRandomFaults(rate: number, kinds?: readonly SimulatedFault[]): void;
  close(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so seeded runs replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startSimulatorServer(
  options: SimulatorServerOptions,
  handler: SimulatorHandler,
  respondToFault: FaultResponder,
): Promise<SimulatorServer> {
  const random = seededRandom(options.seed ?? 1);
  let latency: number | LatencyDistribution = options.latencyMs ?? 0;
  let randomFaultRate = options.randomFaultRate ?? 0;
  let randomFaultKinds: readonly SimulatedFault[] = options.randomFaultKinds ?? [
    'server-error',
    'rate-limit',
    'timeout',
    'malformed-reply',
  ];
  const faults: ScriptedFault[] = [];
  let requests: RequestRecord[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();

  const nextFault = (path: string): SimulatedFault | undefined => {
    const index = faults.findIndex((f) => f.count > 0 && (!f.pathIncludes || path.includes(f.pathIncludes)));
    if (index >= 0) {
      const fault = faults[index]!;
      fault.count -= 1;
      if (fault.count <= 0) faults.splice(index, 1);
      return fault.kind;
    }
    if (randomFaultRate > 0 && random() < randomFaultRate) {
      return randomFaultKinds[Math.floor(random() * randomFaultKinds.length)];
    }
    return undefined;
  };

  const delay = (): number => {
    if (typeof latency === 'number') return latency;
    return latency.min + random() * (latency.max - latency.min);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const path = req.url ?? '/';
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        inFlight -= 1;
        requests.push({ method: req.method ?? 'GET', path, status: res.statusCode, at: Date.now() });
      };
      res.on('finish', finish);
      res.on('close', finish);
      const run = async () => {
        const wait = delay();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const fault = nextFault(path);
        if (fault === 'connection-drop') {
          req.socket.destroy();
          return;
        }
        if (fault === 'timeout') {
          // Hold the request until the client gives up; the socket is destroyed on close().
          return;
        }
        if (fault === 'malformed-reply') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"truncated": ');
          return;
        }
        if (fault === 'rate-limit' || fault === 'server-error') {
          respondToFault(fault, res);
          return;
        }
        await handler(req, res, Buffer.concat(chunks));
      };
      run().catch((error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { error: `simulator ${options.name} failed: ${String(error)}` });
        else res.end();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;
  // A taken port must fail the start (EADDRINUSE), not leave it waiting forever.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    inspect: {
      requests: () => requests,
      inFlight: () => inFlight,
      maxInFlight: () => maxInFlight,
      reset: () => {
        requests = [];
        maxInFlight = inFlight;
      },
    },
    setLatency: (l) => {
      latency = l;
    },
    setRandomFaults: (rate, kinds) => {
      randomFaultRate = rate;
      if (kinds) randomFaultKinds = kinds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response with the given status and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Parses a JSON body, returning `undefined` for an empty body and throwing on malformed JSON. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  return JSON.parse(body.toString('utf8'));
}
