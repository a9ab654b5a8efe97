import * as http from 'node:http';
import * as https from 'node:https';
import { toCurl } from '../sender/curlCommand';
import { type AttemptRequest, redactHeaders } from '../sender/deliveryRecord';
import { sendHttpAttempt } from '../sender/httpAttempt';
import type { SignatureScheme } from '../signing/signatureScheme';
import { USER_AGENT } from '../version';
import { BODY_HEAD_BYTES, type CheckAnswer, type CheckExchange } from './checkReport';

export interface ProbeTarget {
  readonly url: URL;
  readonly scheme: SignatureScheme;
  readonly secrets: readonly string[];
  readonly insecure: boolean;
  /** Each request waits this long for its answer. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** What an answer should be: a 2xx (the delivery was taken) or a 4xx (it was refused). */
export type Expectation = 'accepted' | 'rejected';

export interface ProbeRequest {
  readonly label: string;
  /** The event id and type, for the scheme's headers. */
  readonly id: string;
  readonly type: string;
  /** The bytes sent. */
  readonly body: Buffer;
  /** The bytes signed, when they differ from those sent (a tampered body). */
  readonly signedBody?: Buffer;
  /** Unix seconds to sign with; now by default. */
  readonly timestamp?: number;
  /** Sign with these instead of the target's secrets (a forged signature). */
  readonly secrets?: readonly string[];
  /** Headers removed after signing (a missing signature). */
  readonly without?: readonly string[];
  readonly expect: Expectation;
  /** Deliberately not what Makini would send (forged, tampered, stale, unsigned). */
  readonly forged?: boolean;
}

/** Whether `status` meets `expect`. */
export function meets(expect: Expectation, status: number | undefined): boolean {
  if (status === undefined) return false;
  return expect === 'accepted' ? status >= 200 && status < 300 : status >= 400 && status < 500;
}

/**
 * Sends the requests of a check run to one endpoint: signed (or deliberately mis-signed) POSTs,
 * one at a time, never following redirects. Owns its connection pool until `dispose()`.
 */
export class EndpointProbe {
  private readonly agent: http.Agent;

  constructor(private readonly target: ProbeTarget) {
    this.agent =
      target.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, rejectUnauthorized: !target.insecure })
        : new http.Agent({ keepAlive: true });
  }

  /**
   * Sends one request and records the exchange; an endpoint that gives no answer is recorded too.
   * @throws SigningSecretError when a secret is not usable by the scheme.
   */
  async send(probe: ProbeRequest): Promise<CheckExchange> {
    const { target } = this;
    const secrets = probe.secrets ?? target.secrets;
    const signed = target.scheme.sign({
      id: probe.id,
      timestamp: probe.timestamp ?? Math.floor(Date.now() / 1000),
      body: probe.signedBody ?? probe.body,
      secrets,
      type: probe.type,
    });
    for (const name of probe.without ?? []) delete signed[name];
    const headers = { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signed };
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const result = await sendHttpAttempt({
      url: target.url,
      headers,
      body: probe.body,
      timeoutMs: target.timeoutMs,
      agent: this.agent,
      signal: target.signal,
    });
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const request: AttemptRequest = {
      method: 'POST',
      url: target.url.toString(),
      headers: redactHeaders({ ...headers, 'content-length': String(probe.body.length) }),
      body: probe.body.toString('utf8'),
      insecure: target.insecure,
      timeoutMs: target.timeoutMs,
    };
    const response: CheckAnswer | undefined =
      'response' in result
        ? {
            status: result.response.status,
            statusText: result.response.statusText,
            headers: result.response.headers,
            bodyHead: Buffer.from(result.response.body).subarray(0, BODY_HEAD_BYTES).toString('utf8'),
            bodyBytes: result.response.bodyBytes,
          }
        : undefined;
    return {
      label: probe.label,
      request,
      curl: toCurl({ request }),
      startedAt,
      durationMs,
      ...(response ? { response } : {}),
      ...('error' in result ? { error: result.error } : {}),
      genuine: probe.forged !== true,
      ok: meets(probe.expect, response?.status),
    };
  }

  dispose(): void {
    this.agent.destroy();
  }
}
