/**
 * Builds one {@link WebhookVerifier} per contract system that receives webhooks: a system whose
 * connection names a `webhookSecret` (an env: reference) — Shopify's app client secret
 * (X-Shopify-Hmac-Sha256), Stripe's endpoint signing secret `whsec_…` (Stripe-Signature), the
 * WMS subscription secret. A secret for a kind that sends no verifiable webhooks is an error, not
 * a silently unused setting.
 *
 * @example
 *   const verifiers = buildWebhookVerifiers(contract, { resolver: envSecretResolver() });
 *   verifiers.get('shopify')?.verify({ headers, rawBody });
 */
import type { Contract, SecretResolver, SystemDef } from '../contract/index.ts';
import { resolveConnection } from '../contract/index.ts';
import { UserInputError } from '../model/errors.ts';
import type { SystemKind, WebhookVerifier } from './connector.ts';
import { ConnectionSettings } from './registry/connection-settings.ts';
import { ShopifyWebhookVerifier } from './shopify/shopify-webhook-verifier.ts';
import { StripeWebhookVerifier } from './stripe/stripe-webhook-verifier.ts';
import { WmsWebhookVerifier } from './wms/wms-webhook-verifier.ts';

type VerifierBuilder = (system: SystemDef, settings: ConnectionSettings, secret: string) => WebhookVerifier;

const VERIFIER_BUILDERS: Partial<Record<SystemKind, VerifierBuilder>> = {
  shopify: (_system, settings, secret) => {
    const shop = settings.text('shop');
    return new ShopifyWebhookVerifier({ secrets: [secret], ...(shop ? { shopDomain: shop } : {}) });
  },
  stripe: (_system, _settings, secret) => new StripeWebhookVerifier({ secrets: [secret] }),
  wms: (system, _settings, secret) => new WmsWebhookVerifier({ system: system.name, secret }),
};

export function buildWebhookVerifiers(
  contract: Contract,
  options: { resolver: SecretResolver; systems?: readonly string[] | undefined },
): Map<string, WebhookVerifier> {
  const verifiers = new Map<string, WebhookVerifier>();
  const errors: string[] = [];
  for (const name of options.systems ?? Object.keys(contract.systems)) {
    const system = contract.systems[name];
    if (!system?.connection || !('webhookSecret' in system.connection)) continue;
    const resolved = resolveConnection(system, options.resolver);
    if (!resolved.ok) {
      errors.push(...resolved.errors);
      continue;
    }
    const settings = new ConnectionSettings(name, resolved.settings);
    const build = VERIFIER_BUILDERS[system.kind as SystemKind];
    if (!build) {
      errors.push(
        `system ${name}: connection.webhookSecret is set, but ${system.kind} sends no webhooks Accord can verify ` +
          `(webhooks are received from: ${Object.keys(VERIFIER_BUILDERS).join(', ')}); remove the setting`,
      );
      continue;
    }
    verifiers.set(
      name,
      build(system, settings, settings.require('webhookSecret', 'the webhook signing secret')),
    );
  }
  if (errors.length > 0) throw new UserInputError(`cannot receive webhooks:\n  ${errors.join('\n  ')}`);
  return verifiers;
}
