/**
 * OAuth 2.0 client credentials (machine-to-machine), as NetSuite documents it: the application
 * POSTs to /services/rest/auth/oauth2/v1/token a form with `grant_type=client_credentials`,
 * `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and a JWT
 * `client_assertion` signed with the private key of a certificate mapped to the integration.
 * Header: `typ: JWT`, `alg` PS256/384/512 or ES256/384/512, `kid` = the certificate id.
 * Payload: `iss` = client id, `scope` (rest_webservices…), `aud` = the token endpoint URL,
 * `iat`, and `exp` no more than 60 minutes after `iat`. The reply is a bearer access token valid
 * for 60 minutes. Signatures are verified with `jose`.
 *
 * @example
 *   const service = new OAuth2TokenService({ clientId, tokenEndpoints: [url] });
 *   service.registerCertificate('cert-1', publicKey, 'PS256');
 *   const token = await service.exchange(formBody); // throws NetSuiteApiError 401 on any failure
 *   service.verifyBearer(`Bearer ${token.access_token}`);
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { invalidLogin } from './errors.ts';

export type AssertionAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export interface OAuth2TokenServiceOptions {
  clientId: string;
  /** URLs accepted as the assertion's `aud`. */
  tokenEndpoints: string[];
  /** Access token lifetime in seconds (NetSuite: 3600). */
  accessTokenLifetimeSeconds?: number;
  now?: () => number;
}

export interface AccessTokenResponse {
  access_token: string;
  expires_in: string;
  token_type: 'bearer';
}

export type OAuth2Verification = { ok: true } | { ok: false; reason: string };

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_SECONDS = 60 * 60;

/** Generates a key pair for a simulated certificate: RSA 2048 for PS*, P-256 for ES256. */
export function generateCertificateKeys(algorithm: 'PS256' | 'ES256'): {
  privateKeyPem: string;
  publicKey: KeyObject;
} {
  const pair =
    algorithm === 'PS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey,
  };
}

export class OAuth2TokenService {
  private readonly certificates = new Map<string, { key: KeyObject; algorithm: AssertionAlgorithm }>();
  private readonly tokens = new Map<string, number>();
  private readonly now: () => number;
  private readonly lifetime: number;

  constructor(private readonly options: OAuth2TokenServiceOptions) {
    this.now = options.now ?? (() => Date.now());
    this.lifetime = options.accessTokenLifetimeSeconds ?? 3600;
  }

  /** Maps a certificate (its public key) to the integration, as Setup > Integration > OAuth 2.0 Client Credentials does. */
  registerCertificate(
    certificateId: string,
    publicKey: KeyObject | string,
    algorithm: AssertionAlgorithm,
  ): void {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    this.certificates.set(certificateId, { key, algorithm });
  }

  /** Checks a token request; the reason is for logs and tests, the client only ever sees INVALID_LOGIN. */
  async check(form: URLSearchParams): Promise<OAuth2Verification> {
    if (form.get('grant_type') !== 'client_credentials')
      return { ok: false, reason: 'grant_type is not client_credentials' };
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      return { ok: false, reason: 'wrong client_assertion_type' };
    const assertion = form.get('client_assertion');
    if (!assertion) return { ok: false, reason: 'no client_assertion' };
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return { ok: false, reason: 'client_assertion is not a JWT' };
    }
    const certificate = header.kid === undefined ? undefined : this.certificates.get(header.kid);
    if (!certificate)
      return { ok: false, reason: `kid ${String(header.kid)} is not a registered certificate id` };
    if (header.alg !== certificate.algorithm) {
      return {
        ok: false,
        reason: `alg ${String(header.alg)} does not match the certificate (${certificate.algorithm})`,
      };
    }
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(assertion, certificate.key, {
        algorithms: [certificate.algorithm],
        issuer: this.options.clientId,
        audience: this.options.tokenEndpoints,
        currentDate: new Date(this.now()),
        clockTolerance: 60,
        requiredClaims: ['iat', 'exp', 'iss', 'aud', 'scope'],
      }));
    } catch (error) {
      return { ok: false, reason: `assertion rejected: ${(error as Error).message}` };
    }
    const iat = payload.iat!;
    const exp = payload.exp!;
    if (exp - iat > MAX_ASSERTION_LIFETIME_SECONDS) {
      return {
        ok: false,
        reason: `exp is ${exp - iat} s after iat (at most ${MAX_ASSERTION_LIFETIME_SECONDS})`,
      };
    }
    if (iat > Math.floor(this.now() / 1000) + 60) return { ok: false, reason: 'iat is in the future' };
    const scopes = (Array.isArray(payload.scope) ? payload.scope : String(payload.scope).split(/[ ,]+/)).map(
      String,
    );
    if (!scopes.includes('rest_webservices')) return { ok: false, reason: 'scope lacks rest_webservices' };
    return { ok: true };
  }

  /** Exchanges a valid token request for an access token; throws INVALID_LOGIN otherwise. */
  async exchange(form: URLSearchParams): Promise<AccessTokenResponse> {
    const verdict = await this.check(form);
    if (!verdict.ok) throw invalidLogin();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, this.now() + this.lifetime * 1000);
    return { access_token: token, expires_in: String(this.lifetime), token_type: 'bearer' };
  }

  verifyBearer(authorization: string | undefined): OAuth2Verification {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'no bearer token' };
    const expiry = this.tokens.get(match[1]!);
    if (expiry === undefined) return { ok: false, reason: 'unknown access token' };
    if (expiry <= this.now()) return { ok: false, reason: 'access token expired' };
    return { ok: true };
  }
}
