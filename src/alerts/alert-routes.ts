/**
 * Which channels an alert for a flow goes to: the flow's alert route from the contract (its own
 * `alert`, or its owner team's — the loader already applied that fallback) and that route's
 * webhook, email and log settings. A flow with no route is not silent: its alerts go to the log at
 * `error`, saying that the route is missing.
 *
 * @example
 *   const { route, channels } = channelsForFlow(contract, 'orders', { logger, resolver: envSecretResolver() });
 */
import type { Logger } from 'pino';
import type { Contract } from '../contract/model.ts';
import type { SecretResolver } from '../contract/secret-ref.ts';
import type { AlertChannel } from './alert-channel.ts';
import { EmailChannel, type EmailSender } from './email-channel.ts';
import { LogChannel } from './log-channel.ts';
import { WebhookChannel } from './webhook-channel.ts';

export type AlertContract = Pick<Contract, 'flows' | 'alerts'>;

export interface ChannelDeps {
  logger: Logger;
  resolver: SecretResolver;
  /** Needed for routes with `email`; without one, those alerts go to the log with a note. */
  emailSender?: EmailSender | undefined;
  fetch?: typeof fetch | undefined;
}

export interface FlowChannels {
  route?: string | undefined;
  channels: AlertChannel[];
  /** Why the channels are not what the contract asks for, when they are not. */
  note?: string | undefined;
}

export function channelsForFlow(contract: AlertContract, flow: string, deps: ChannelDeps): FlowChannels {
  const routeName = contract.flows[flow]?.alert;
  const route = routeName === undefined ? undefined : contract.alerts[routeName];
  if (routeName === undefined || route === undefined) {
    const why =
      contract.flows[flow] === undefined
        ? `flow ${flow} is not in the contract`
        : routeName === undefined
          ? `flow ${flow} has no alert route (set flows.${flow}.alert or its owner team's alert)`
          : `flow ${flow} names alert route ${routeName}, which is not declared under alerts`;
    return { channels: [new LogChannel(deps.logger, 'error')], note: `${why}; alert logged instead` };
  }
  const channels: AlertChannel[] = [];
  const notes: string[] = [];
  if (route.webhook !== undefined) {
    channels.push(
      new WebhookChannel({
        route: route.name,
        url: route.webhook,
        resolver: deps.resolver,
        fetch: deps.fetch,
      }),
    );
  }
  if (route.email.length > 0) {
    if (deps.emailSender)
      channels.push(new EmailChannel({ route: route.name, to: route.email, sender: deps.emailSender }));
    else notes.push(`alert route ${route.name} has email recipients but no email sender is configured`);
  }
  if (route.log !== undefined) channels.push(new LogChannel(deps.logger, route.log));
  if (channels.length === 0 || notes.length > 0) {
    if (!channels.some((c) => c instanceof LogChannel)) channels.push(new LogChannel(deps.logger, 'warn'));
  }
  return { route: route.name, channels, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}
