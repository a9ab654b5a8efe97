import * as assert from 'node:assert/strict';
import { SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { field, type JsonAnswer } from './sandboxHttp';

// Makini Link as an app and a browser walk it, over real sockets.

export const REDIRECT = 'http://127.0.0.1:3000/makini/callback?app=1';
export const CLIENT = {
  client_id: SANDBOX_CREDENTIALS.clientId,
  client_secret: SANDBOX_CREDENTIALS.clientSecret,
};

/** The consent page as a browser gets it, with what its form posts. */
export interface Consent {
  readonly response: Response;
  readonly html: string;
  readonly nonce: string;
  /** The connection keys offered, the selected one first. */
  readonly offered: readonly string[];
  readonly pageUrl: URL;
}

export async function openConsent(base: string, params: Record<string, string>): Promise<Consent> {
  const pageUrl = new URL('/oauth/authorize', base);
  for (const [name, value] of Object.entries(params)) pageUrl.searchParams.set(name, value);
  const response = await fetch(pageUrl);
  const html = await response.text();
  const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const options = [...html.matchAll(/<option value="([^"]+)"( selected)?>/g)];
  const selected = options.filter((m) => m[2]).map((m) => m[1] ?? '');
  const offered = [...selected, ...options.filter((m) => !m[2]).map((m) => m[1] ?? '')];
  return { response, html, nonce, offered, pageUrl };
}

/** Posts the consent form as the browser would (form-encoded, to its relative action). */
export async function answerConsent(consent: Consent, fields: Record<string, string>): Promise<Response> {
  const action = /<form method="post" action="([^"]+)"/.exec(consent.html)?.[1] ?? '';
  return fetch(new URL(action, consent.pageUrl), {
    method: 'POST',
    body: new URLSearchParams({ nonce: consent.nonce, ...fields }),
    redirect: 'manual',
  });
}

/** Posts `POST /link/token` form-encoded, as Makini documents the Link grants. */
export async function tokenForm(
  base: string,
  fields: Record<string, string>,
  headers = {},
): Promise<JsonAnswer> {
  const response = await fetch(new URL('/link/token', base), {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Authorizes `connection` and answers the code from the redirect. */
export async function codeFor(base: string, connection: string, state?: string): Promise<string> {
  const consent = await openConsent(base, {
    response_type: 'code',
    client_id: CLIENT.client_id,
    redirect_uri: REDIRECT,
    connection,
    ...(state === undefined ? {} : { state }),
  });
  assert.equal(consent.response.status, 200, consent.html);
  const approved = await answerConsent(consent, { decision: 'approve', connection });
  assert.equal(approved.status, 303);
  const location = new URL(approved.headers.get('location') ?? '');
  return location.searchParams.get('code') ?? '';
}

export function exchange(base: string, code: string, redirectUri = REDIRECT): Promise<JsonAnswer> {
  return tokenForm(base, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...CLIENT });
}

export function assertProblem(answer: JsonAnswer, status: number, code: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(field(answer.body, 'code'), code);
  assert.equal(field(answer.body, 'type'), status === 401 ? 'authentication_error' : 'invalid_request_error');
  assert.match(String(field(answer.body, 'message')), /\w/);
  assert.equal(field(answer.body, 'request_id'), answer.headers.get('x-request-id'));
}
