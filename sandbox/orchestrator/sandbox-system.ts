/**
 * The port every simulator sits behind in the sandbox: a driver starts its simulator on a given
 * loopback port with given (sandbox-only) credentials, loaded either from the generated business
 * or from a snapshot file, and can write its whole state back to a snapshot file. Reset and
 * restart are "start again from a source" — no simulator needs a clear-everything operation.
 */

/** Where a starting simulator takes its data from. */
export type DataSource = { kind: 'generated'; dir: string } | { kind: 'snapshot'; file: string };

export interface StartContext {
  /** 0 = any free port. */
  port: number;
  credentials: Readonly<Record<string, string>>;
  source: DataSource;
}

export interface RunningSystem<Sim = unknown> {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Sandbox-only credentials, shown by `accord sandbox up`. */
  readonly credentials: Readonly<Record<string, string>>;
  /** `env:` variables the sandbox contract references, with their values. */
  readonly env: Readonly<Record<string, string>>;
  /** The simulator itself, for in-process tests and the demo. */
  readonly sim: Sim;
  /** Writes the simulator's whole state as one JSON file. */
  snapshot(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface SystemDriver<Sim = unknown> {
  readonly name: string;
  /** Fresh random credentials for a new sandbox. */
  newCredentials(): Record<string, string>;
  start(context: StartContext): Promise<RunningSystem<Sim>>;
}
