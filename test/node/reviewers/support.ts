/**
 * Tokens as a portal's identity provider would issue them (signed with jose,
 * the library the BFF verifies with), and a JWKS served on a loopback port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const SECRET = 'portal-shared-secret-0123456789-abcdefghijklmnop';
export const ISSUER = 'https://idp.portal.test/';
export const AUDIENCE = 'kyc-review-queue';

export interface TokenOptions {
  sub?: string;
  name?: string;
  roles?: unknown;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  notBefore?: number;
  issuer?: string;
  audience?: string;
  secret?: string;
  claims?: JWTPayload;
}

const now = () => Math.floor(Date.now() / 1000);

function build(options: TokenOptions) {
  const jwt = new SignJWT({ name: options.name ?? 'Rita Reviewer', roles: options.roles ?? ['kyc:reviewer'], ...options.claims })
    .setSubject(options.sub ?? 'rita')
    .setIssuedAt()
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setExpirationTime(now() + (options.expiresIn ?? 300));
  if (options.notBefore !== undefined) jwt.setNotBefore(now() + options.notBefore);
  return jwt;
}

/** HS256 over the UTF-8 bytes of the secret. */
export function hs256(options: TokenOptions = {}): Promise<string> {
  return build(options)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function es256Key(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export function es256(key: SigningKey, options: TokenOptions = {}): Promise<string> {
  return build(options).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** The identity provider's key set on a loopback port; `keys` may change (rotation); `fetches` counts GETs. */
export class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  url = '';
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The environment of a BFF that trusts the test's HS256 portal. */
export const hsEnv = (extra: Record<string, string> = {}) => ({
  KYC_REVIEWER_JWT_SECRET: SECRET,
  KYC_REVIEWER_JWT_ISSUER: ISSUER,
  KYC_REVIEWER_JWT_AUDIENCE: AUDIENCE,
  ...extra,
});
