/**
 * An alert as a Slack-compatible incoming-webhook body: `text` (the notification and fallback
 * line) plus Block Kit `blocks`. Mattermost, Rocket.Chat, Teams' Slack-compatible connectors and
 * Discord's `/slack` endpoint accept the same shape.
 *
 * Limits followed (Slack Block Kit reference): a header's plain_text at most 150 characters, a
 * section's text at most 3000, at most 10 fields of at most 2000 each. `&`, `<` and `>` are
 * escaped in mrkdwn, as Slack requires, so a record value cannot inject a mention or a link.
 *
 * @example
 *   await fetch(url, { method: 'POST', body: JSON.stringify(slackPayload(alert)) });
 */
import type { Alert } from './alert-channel.ts';

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | {
      type: 'section';
      text?: { type: 'mrkdwn'; text: string };
      fields?: { type: 'mrkdwn'; text: string }[];
    }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const mrkdwnEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Backticks in our text mark commands; keep them (Slack renders them as code).

export function slackPayload(alert: Alert): SlackPayload {
  const icon = alert.severity === 'error' ? ':red_circle:' : ':large_yellow_circle:';
  return {
    text: cut(`${alert.severity === 'error' ? '[error]' : '[warning]'} ${alert.title}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(alert.title, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(`${icon} ${mrkdwnEscape(alert.text)}`, 3000) } },
      {
        type: 'section',
        fields: alert.facts.slice(0, 10).map(([label, value]) => ({
          type: 'mrkdwn' as const,
          text: cut(`*${mrkdwnEscape(label)}*\n${mrkdwnEscape(value)}`, 2000),
        })),
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `accord · ${alert.kind} · group ${alert.fingerprint}${alert.route ? ` · route ${mrkdwnEscape(alert.route)}` : ''} · ${alert.at}`,
          },
        ],
      },
    ],
  };
}
