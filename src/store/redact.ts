/**
 * Defensive redaction of stored requests and responses: any property whose name looks like a
 * credential has its value replaced, at any depth. Connectors redact first; this is the backstop
 * that keeps a forgotten `Authorization` header out of the dead-letter table.
 *
 * @example redactSecrets({ headers: { Authorization: 'Bearer x' } }) // { headers: { Authorization: '[redacted]' } }
 */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|password|passwd|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|consumer[-_]?secret|token[-_]?secret|private[-_]?key|x-shopify-access-token|stripe-signature)$/i;

export const REDACTED = '[redacted]';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_NAME.test(k) ? REDACTED : redactSecrets(v);
  return out;
}
