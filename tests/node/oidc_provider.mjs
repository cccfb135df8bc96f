// The certified OpenID Provider (npm oidc-provider, by panva) configured for Lotsen's sign-in tests.
//
// Started by tests/node/oidc_provider.py with LOTSEN_TEST_OP = {"port": N, "accounts": {login: claims}}.
// It listens on 127.0.0.1:N and prints "listening <issuer>" once it answers. Clients are registered by
// the tests through Dynamic Client Registration (/reg), so each test's gateway gets its own redirect URI.
// The provider's own dev interaction screens do the login (any password) and the consent.
//
// Test controls under /__test/ change only what a real operator or a real clock would: the signing key
// (rotation), where claims are placed (conformIdTokenClaims), the provider's clock, and request counts.
// The protocol itself is oidc-provider's, untouched.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

const settings = JSON.parse(process.env.LOTSEN_TEST_OP ?? '{}');
const port = Number(settings.port);
const issuer = `http://127.0.0.1:${port}`;
const accounts = settings.accounts ?? {};
// Registered clients are kept in a file, as a real provider keeps them in its database: a provider
// stopped and started again (the "provider down" tests) still knows the gateways registered with it.
const clientsFile = settings.clientsFile;
const clients = clientsFile && existsSync(clientsFile) ? JSON.parse(readFileSync(clientsFile, 'utf8')) : [];

// The provider reads time through Date.now; an offset lets a test let a code expire without waiting.
const realNow = Date.now;
let clockOffsetSeconds = 0;
Date.now = () => realNow() + clockOffsetSeconds * 1000;

const counts = {};
// One store for every Provider instance, so registered clients and sessions outlive a key rotation.
const adapter = createMemoryAdapter(15);
let conformIdTokenClaims = true;
let signingKey = newKey();

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

function build() {
  const provider = new Provider(issuer, {
    adapter,
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: ['lotsen-test-provider-cookie-key'] },
    async findAccount(ctx, id) {
      return { accountId: id, async claims() { return { ...(accounts[id] ?? {}), sub: id }; } };
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name'],
      roles: ['roles', 'realm_access', 'groups'],
      ssn: ['ssn'],
    },
    conformIdTokenClaims,
    features: {
      devInteractions: { enabled: true },
      registration: {
        enabled: true,
        // Secrets with characters that need form-encoding in HTTP Basic (RFC 6749 2.3.1).
        secretFactory: () => `${randomBytes(24).toString('base64url')}:/+ %`,
      },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  provider.on('registration_create.success', (ctx, client) => {
    clients.push(client.metadata());
    if (clientsFile) writeFileSync(clientsFile, JSON.stringify(clients));
  });
  return provider.callback();
}

let handle = build();

function control(req, res, url) {
  const reply = (body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (url.pathname) {
    case '/__test/rotate':
      signingKey = newKey();
      handle = build();
      return reply({ kid: signingKey.kid });
    case '/__test/claims-in-id-token':
      conformIdTokenClaims = url.searchParams.get('on') !== 'true';
      handle = build();
      return reply({ conformIdTokenClaims });
    case '/__test/clock':
      clockOffsetSeconds = Number(url.searchParams.get('offset') ?? '0');
      return reply({ offset: clockOffsetSeconds });
    case '/__test/counts':
      return reply(counts);
    default:
      res.writeHead(404);
      return res.end();
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/__test/')) {
    return control(req, res, url);
  }
  counts[url.pathname] = (counts[url.pathname] ?? 0) + 1;
  return handle(req, res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});

process.on('SIGTERM', () => process.exit(0));
