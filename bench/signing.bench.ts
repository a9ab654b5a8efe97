import { Webhook } from 'standardwebhooks';
import { buildEvent } from '../src/core/events/catalog';
import { makiniScheme } from '../src/core/signing/makiniScheme';
import { standardScheme } from '../src/core/signing/standardScheme';
import { type BenchRow, type BenchSection, comparedRow, opsPerSecond } from './harness';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ROUNDS = 3;

/** Real event bodies of a few sizes, so the comparison is on what is actually signed. */
function messages(): { name: string; id: string; body: Buffer }[] {
  return (['connection.status_changed', 'sync.completed', 'purchase_order.updated'] as const).map((type) => {
    const event = buildEvent(type, { seed: 1 });
    return { name: type, id: event.id, body: Buffer.from(JSON.stringify(event)) };
  });
}

/**
 * Signing plus verifying one message, ours against the `standardwebhooks` reference package on
 * the same messages (it hashes in JavaScript; node:crypto hashes natively).
 */
export function run(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const reference = new Webhook(SECRET);
  for (const message of messages()) {
    const bodyText = message.body.toString('utf8');
    const baseline = (): void => {
      const now = new Date();
      const headers = {
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': reference.sign(message.id, now, bodyText),
      };
      reference.verify(bodyText, headers, { jsonParse: false });
    };
    const schemes = [standardScheme, makiniScheme];
    const candidates = schemes.map((scheme) => (): void => {
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = scheme.sign({ id: message.id, timestamp, body: message.body, secrets: [SECRET] });
      const result = scheme.verify({ headers, body: message.body, secrets: [SECRET] });
      if (!result.ok) throw new Error(`benchmark message failed to verify: ${result.message}`);
    });
    // Interleaved rounds, best of each: on a shared machine a burst of load then hits both sides.
    const best = [0, 0, 0];
    for (let round = 0; round < ROUNDS; round++) {
      [baseline, ...candidates].forEach((fn, i) => (best[i] = Math.max(best[i] ?? 0, opsPerSecond(fn, 400))));
    }
    const base = { name: 'standardwebhooks sign+verify', value: best[0] ?? 0 };
    schemes.forEach((scheme, i) => {
      const name = `${scheme.name} sign+verify, ${message.name} (${message.body.length} B)`;
      rows.push(comparedRow(name, best[i + 1] ?? 0, 'ops/s', base, 3));
    });
  }
  return Promise.resolve({ area: 'signing', rows });
}
