import { RequestError } from '../../core/errors';
import type { VerifiedIdentity } from '../../core/identity/identities';
import { normalizeEmail, normalizePhone } from '../../core/identity/identities';
import { lazy } from '../../core/lazy';
import type { CustomerProfileHint } from '../../core/message';

// Loaded by the first signed token: anonymous visitors (and bots without WEB_IDENTITY_SECRET) never need it.
const jose = lazy(() => require('jose') as typeof import('jose'));

/** Who a signed web token says the visitor is. */
export interface WebIdentity {
  identities: VerifiedIdentity[];
  profile: Partial<CustomerProfileHint>;
}

/**
 * Verifies the token a host site signs for a logged-in user (JWT, HS256, with the site's
 * `WEB_IDENTITY_SECRET`): `sub` is the site's user id; `name`, `email` (trusted only with
 * `email_verified: true`) and `phone_number` (with `phone_number_verified: true`) are optional.
 * Without a token a visitor is anonymous and is never merged with anyone by what they claim.
 */
export async function verifyWebToken(token: string, secret: string | undefined): Promise<WebIdentity> {
  if (!secret) throw new RequestError(400, 'A token was sent, but this bot has no WEB_IDENTITY_SECRET to verify it');
  const { jwtVerify, errors } = jose();
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (err) {
    const why = err instanceof errors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    throw new RequestError(401, `Identity not accepted: ${why}`);
  }
  if (typeof claims.sub !== 'string' || !claims.sub) throw new RequestError(401, 'Identity not accepted: the token has no "sub"');
  const identities: VerifiedIdentity[] = [{ kind: 'external', value: `web:${claims.sub}` }];
  const profile: Partial<CustomerProfileHint> = { verified: true };
  if (typeof claims.name === 'string') profile.name = claims.name;
  const email = typeof claims.email === 'string' ? normalizeEmail(claims.email) : undefined;
  if (email) {
    profile.email = email;
    if (claims.email_verified === true) identities.push({ kind: 'email', value: email });
  }
  const phone = typeof claims.phone_number === 'string' ? normalizePhone(claims.phone_number) : undefined;
  if (phone) {
    profile.phone = phone;
    if (claims.phone_number_verified === true) identities.push({ kind: 'phone', value: phone });
  }
  return { identities, profile };
}
