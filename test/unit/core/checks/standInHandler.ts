import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isEventType } from '../../../../src/core/events/catalog';
import { getScheme, type SchemeName } from '../../../../src/core/signing/schemes';

/** How a stand-in for a developer's webhook handler behaves; the defaults make a correct one. */
export interface HandlerBehaviour {
  readonly secret: string;
  readonly scheme?: SchemeName;
  /** Check signatures (and, for the standard scheme, timestamps). */
  readonly verify?: boolean;
  /** Answer this long after the request arrived. */
  readonly delayMs?: number;
  /** Answer 500 to event types not in the catalog. */
  readonly failUnknownTypes?: boolean;
  /** Answer every request with a 301 to here. */
  readonly redirectTo?: string;
  /** Answer 409 to an event id seen before, instead of 200 marked as a duplicate. */
  readonly conflictOnRepeat?: boolean;
  /**
   * Verify (makini scheme) the way a framework-parsed handler does: the HMAC over
   * `JSON.stringify(JSON.parse(raw))`, not over the bytes received.
   */
  readonly reserialise?: boolean;
  /** Crash (500) on a payload without `type`, as a handler that knows only the detailed envelope. */
  readonly failIdsEnvelope?: boolean;
}

/** A webhook handler on 127.0.0.1 that behaves well or badly, as told. */
export class StandInHandler {
  readonly seen = new Set<string>();
  requests = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly behaviour: HandlerBehaviour) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests++;
        const [status, headers, body] = this.answer(req.headers, Buffer.concat(chunks));
        const send = (): void => void res.writeHead(status, headers).end(body);
        if (!behaviour.delayMs) return send();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, behaviour.delayMs);
        this.timers.add(timer);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(behaviour: HandlerBehaviour): Promise<StandInHandler> {
    const handler = new StandInHandler(behaviour);
    await new Promise<void>((resolve) => handler.server.listen(0, '127.0.0.1', resolve));
    return handler;
  }

  private answer(headers: http.IncomingHttpHeaders, raw: Buffer): [number, Record<string, string>, string] {
    const json = { 'content-type': 'application/json' };
    const { behaviour } = this;
    if (behaviour.redirectTo) return [301, { location: behaviour.redirectTo }, ''];
    if (behaviour.reserialise) {
      const scheme = getScheme('makini');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return [400, json, '{"error":"bad_json"}'];
      }
      const digest = createHmac('sha256', behaviour.secret).update(JSON.stringify(parsed)).digest();
      const given = String(headers[scheme.signatureHeader] ?? '').split(' ');
      const expected = [digest.toString('base64'), digest.toString('hex')];
      if (!given.some((g) => expected.includes(g))) return [401, json, '{"error":"mismatch"}'];
    } else if (behaviour.verify !== false) {
      const scheme = getScheme(behaviour.scheme ?? 'makini');
      const result = scheme.verify({ headers, body: raw, secrets: [behaviour.secret] });
      if (!result.ok) return [401, json, JSON.stringify({ error: result.reason })];
    }
    let event: unknown;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      return [400, json, '{"error":"bad_json"}'];
    }
    const fields = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
    if (behaviour.failIdsEnvelope && typeof fields.type !== 'string') return [500, json, '{"error":"crash"}'];
    if (behaviour.failUnknownTypes && !isEventType(fields.type)) return [500, json, '{"error":"crash"}'];
    const id = typeof fields.id === 'string' ? fields.id : '';
    if (this.seen.has(id)) {
      if (behaviour.conflictOnRepeat) return [409, json, '{"error":"already_processed"}'];
      return [200, { ...json, 'x-makini-duplicate': 'true' }, '{"received":true,"duplicate":true}'];
    }
    this.seen.add(id);
    return [200, json, '{"received":true}'];
  }

  url(path = '/webhooks'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Stops answering, cuts open connections and waits until the server is closed. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
