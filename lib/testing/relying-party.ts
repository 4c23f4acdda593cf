import * as oidc from "openid-client";

/**
 * An app's authorization request, as every test that plays the app makes it (openid-client):
 * code + PKCE S256, state and nonce, scope "openid profile email" unless `params` says otherwise;
 * with the checks its callback needs (oidc.authorizationCodeGrant's third argument).
 */
export async function authorizationRequest(config: oidc.Configuration, params: { redirect_uri: string } & Record<string, string>) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
    ...params,
  });
  return { url, checks: { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state } };
}
