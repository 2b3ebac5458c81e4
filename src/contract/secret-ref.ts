/**
 * Secrets in a contract are references (`env:NETSUITE_TOKEN_SECRET`), never values. A reference
 * is resolved late — when a connector connects — through a resolver passed in by the caller, and
 * the value travels inside a `Secret` that prints as its reference, so it cannot reach a log, an
 * audit event, a report or an error message by accident.
 */
import { inspect } from 'node:util';

/** Where a secret lives. Only the environment for now; a vault provider would be another value. */
export interface SecretRef {
  readonly provider: 'env';
  readonly name: string;
}

const SECRET_REF = /^env:([A-Z_][A-Z0-9_]*)$/;

/**
 * A reference, if the string is one.
 *
 * @example
 * parseSecretRef('env:STRIPE_API_KEY'); // { provider: 'env', name: 'STRIPE_API_KEY' }
 */
export function parseSecretRef(value: string): SecretRef | undefined {
  const match = SECRET_REF.exec(value);
  return match?.[1] === undefined ? undefined : { provider: 'env', name: match[1] };
}

export function isSecretRef(value: unknown): value is SecretRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as SecretRef).provider === 'env' &&
    typeof (value as SecretRef).name === 'string'
  );
}

export function formatSecretRef(ref: SecretRef): string {
  return `${ref.provider}:${ref.name}`;
}

// Keys whose values are credentials. `key` only at the end, so `keyField` is not caught but
// `consumerKey`, `apiKey` and `privateKey` are.
const SECRET_KEY = /(password|passwd|secret|token|credential|apikey|api_key|privatekey|private_key)|key$/i;

/**
 * Whether a connection setting's key names a credential, so that its value must be a reference.
 *
 * @example
 * isSecretKey('tokenSecret'); // true
 * isSecretKey('accountId');   // false
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A resolved secret value. Printing, logging or serialising it shows only its reference. */
export class Secret {
  readonly #value: string;
  readonly ref: SecretRef;

  constructor(ref: SecretRef, value: string) {
    this.ref = ref;
    this.#value = value;
  }

  /** The value itself: call this only at the point of use (an HTTP header, a signature). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return `[secret ${formatSecretRef(this.ref)}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Looks a reference up; `undefined` when it is not set. */
export type SecretResolver = (ref: SecretRef) => string | undefined;

/**
 * A resolver reading the process environment (or the given one, for tests).
 *
 * @example
 * const secret = resolveSecret(ref, envSecretResolver());
 */
export function envSecretResolver(env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return (ref) => (ref.provider === 'env' ? env[ref.name] : undefined);
}

export type SecretResolution = { ok: true; secret: Secret } | { ok: false; message: string };

/**
 * Resolves one reference. An unset or empty variable is an error that names the reference,
 * never a value.
 */
export function resolveSecret(ref: SecretRef, resolver: SecretResolver): SecretResolution {
  const value = resolver(ref);
  if (value === undefined || value === '') {
    return {
      ok: false,
      message: `secret ${formatSecretRef(ref)} is not set — export ${ref.name} in the environment that runs accord`,
    };
  }
  return { ok: true, secret: new Secret(ref, value) };
}
