/**
 * The simulator's OAuth 2.0 token endpoint (`POST /services/oauth2/token`, form-encoded) for the
 * client-credentials and username-password flows, and the set of valid session tokens.
 * Tokens look like Salesforce session ids (`00D…!AQ…`); errors use OAuth's `{error,
 * error_description}` body with Salesforce's codes.
 *
 * @example
 *   const oauth = new SalesforceOAuth({ clientId, clientSecret, username, password });
 *   const reply = oauth.token(body, 'http://127.0.0.1:1234'); // { status: 200, body: { access_token, instance_url, … } }
 */
import { randomBytes } from 'node:crypto';

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export class SalesforceOAuth {
  private readonly tokens = new Set<string>();

  constructor(private readonly credentials: OAuthCredentials) {}

  issue(): string {
    const token = `00DAk000000${randomBytes(3).toString('hex')}!AQ${randomBytes(24).toString('base64url')}`;
    this.tokens.add(token);
    return token;
  }

  accept(token: string): void {
    this.tokens.add(token);
  }

  isValid(token: string): boolean {
    return token !== '' && this.tokens.has(token);
  }

  /** Invalidates every session. */
  clear(): void {
    this.tokens.clear();
  }

  token(body: Buffer, instanceUrl: string): { status: number; body: Record<string, string> } {
    const form = new URLSearchParams(body.toString('utf8'));
    const grant = form.get('grant_type');
    const c = this.credentials;
    if (form.get('client_id') !== c.clientId || form.get('client_secret') !== c.clientSecret) {
      return {
        status: 400,
        body: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
      };
    }
    if (grant === 'password') {
      if (form.get('username') !== c.username || form.get('password') !== c.password) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } };
      }
    } else if (grant !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' },
      };
    }
    return {
      status: 200,
      body: {
        access_token: this.issue(),
        instance_url: instanceUrl,
        id: `${instanceUrl}/id/00DAk0000000001AAA/005Ak0000000001AAA`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: randomBytes(32).toString('base64'),
      },
    };
  }
}
