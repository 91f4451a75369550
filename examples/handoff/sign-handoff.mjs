// Signs an OrgSSO handoff token on the customer's server (Node.js 18+, no packages needed).
// Usage: node sign-handoff.mjs <shared secret> <email> [name] [external id]
// Then send the user's browser to POST https://<keycloak>/realms/helpdesk/orgsso/jwt/<your org alias>
// with the form field jwt=<token> (and optionally return_to=<a help desk URL>).
import { createHmac, randomUUID } from 'node:crypto';

const [secret, email, name = '', externalId] = process.argv.slice(2);
if (!secret || !email) {
  console.error('usage: node sign-handoff.mjs <shared secret> <email> [name] [external id]');
  process.exit(2);
}
const b64url = (s) => Buffer.from(s).toString('base64url');
const claims = { email, name, iat: Math.floor(Date.now() / 1000), jti: randomUUID() };
if (externalId) claims.external_id = externalId;
const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
// The key is the secret string exactly as you were given it (its UTF-8 bytes), not base64-decoded.
const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(input).digest('base64url');
console.log(`${input}.${signature}`);
