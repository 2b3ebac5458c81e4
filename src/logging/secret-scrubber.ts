/**
 * A value-based scrubber: the backstop behind pino's path-based `redact`. Paths catch a secret
 * where we expect it (`headers.authorization`); the scrubber catches it anywhere else — echoed in
 * a vendor's error body, inside a URL, in an exception message — by replacing every known secret
 * VALUE in the final log line.
 *
 * Secrets are registered as they are resolved — wrap the resolver with {@link scrubbingResolver}
 * (or call `addSettings`) — so only values that this process actually holds are searched for.
 *
 * @example
 *   const scrubber = new SecretScrubber();
 *   scrubber.add('sk_live_abc123');
 *   scrubber.scrub('{"msg":"bad key sk_live_abc123"}'); // '{"msg":"bad key [redacted]"}'
 */
import { Secret, type SecretResolver } from '../contract/secret-ref.ts';

export const SCRUBBED = '[redacted]';

/**
 * Values shorter than this are not scrubbed: a 2-character "secret" would blank every occurrence
 * of those letters in every line. No real credential is that short.
 */
export const MIN_SECRET_LENGTH = 6;

export class SecretScrubber {
  /** Every searched form (raw, JSON-escaped, URL-encoded) of every registered value. */
  readonly #forms = new Set<string>();

  /** Registers one secret value; returns whether it is long enough to be scrubbed. */
  add(value: string): boolean {
    if (value.length < MIN_SECRET_LENGTH) return false;
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) {
      if (form.length >= MIN_SECRET_LENGTH) this.#forms.add(form);
    }
    return true;
  }

  /** Registers every `Secret` among resolved connection settings (see `resolveConnection`). */
  addSettings(settings: Readonly<Record<string, unknown>>): void {
    for (const value of Object.values(settings)) if (value instanceof Secret) this.add(value.reveal());
  }

  get size(): number {
    return this.#forms.size;
  }

  /** The text with every registered secret value replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const form of [...this.#forms].sort((a, b) => b.length - a.length)) {
      if (out.includes(form)) out = out.split(form).join(SCRUBBED);
    }
    return out;
  }
}

/**
 * A resolver that registers every secret value it hands out with the scrubber: pass it wherever
 * connections are resolved (`buildConnectors(contract, { resolver })`) and every credential the
 * process holds is scrubbed from its logs, with nothing else to remember.
 *
 * @example
 *   const connectors = await buildConnectors(contract, { resolver: scrubbingResolver(envSecretResolver(), scrubber) });
 */
export function scrubbingResolver(resolver: SecretResolver, scrubber: SecretScrubber): SecretResolver {
  return (ref) => {
    const value = resolver(ref);
    if (value !== undefined && value !== '') scrubber.add(value);
    return value;
  };
}
