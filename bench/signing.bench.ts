import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { buildEvent } from '../src/core/events/catalog';
import { makiniScheme } from '../src/core/signing/makiniScheme';
import type { SignatureScheme } from '../src/core/signing/signatureScheme';
import { standardScheme, standardSecretKey } from '../src/core/signing/standardScheme';
import {
  type BenchRow,
  type BenchSection,
  comparedRow,
  interleavedRounds,
  median,
  opsPerSecond,
  roundsExtra,
} from './harness';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ROUNDS = 7;
const ROUND_MS = 400;

interface Message {
  readonly name: string;
  readonly id: string;
  readonly body: Buffer;
}

/** Real event bodies of a few sizes, so the comparison is on what is actually signed. */
function messages(): Message[] {
  return (['connection.status_changed', 'sync.completed', 'purchase_orders.updated'] as const).map((type) => {
    const event = buildEvent(type, { seed: 1 });
    return { name: type, id: event.id, body: Buffer.from(JSON.stringify(event)) };
  });
}

/**
 * The floor: the two HMACs and the constant-time compare that sign+verify cannot do without, on
 * the same body Buffer and an already decoded key, with no headers to write or read.
 */
function floorOf(key: Buffer, prefix: (message: Message, timestamp: string) => string) {
  return (message: Message) => (): void => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sent = createHmac('sha256', key).update(prefix(message, timestamp)).update(message.body).digest();
    const expected = createHmac('sha256', key)
      .update(prefix(message, timestamp))
      .update(message.body)
      .digest();
    if (!timingSafeEqual(sent, expected)) throw new Error('benchmark floor failed to verify');
  };
}

const floors = {
  standard: floorOf(standardSecretKey(SECRET), (m, timestamp) => `${m.id}.${timestamp}.`),
  makini: floorOf(Buffer.from(SECRET, 'utf8'), () => ''),
};

function ours(scheme: SignatureScheme, message: Message): () => void {
  return () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = scheme.sign({ id: message.id, timestamp, body: message.body, secrets: [SECRET] });
    const result = scheme.verify({ headers, body: message.body, secrets: [SECRET] });
    if (!result.ok) throw new Error(`benchmark message failed to verify: ${result.message}`);
  };
}

/** The `standardwebhooks` reference package on the same message (it hashes in JavaScript). */
function reference(message: Message): () => void {
  const webhook = new Webhook(SECRET);
  const bodyText = message.body.toString('utf8');
  return () => {
    const now = new Date();
    const headers = {
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': webhook.sign(message.id, now, bodyText),
    };
    webhook.verify(bodyText, headers, { jsonParse: false });
  };
}

/**
 * Signing plus verifying one message. Each scheme is set against its floor: bare `createHmac` +
 * `timingSafeEqual` doing the same hashing, which is what the headers, parsing and checks cost on
 * top of node:crypto. The standard scheme is also set against the reference package.
 */
async function rowsFor(message: Message): Promise<BenchRow[]> {
  const timed = (fn: () => void) => () => opsPerSecond(fn, ROUND_MS);
  const figures = await interleavedRounds(ROUNDS, {
    standardFloor: timed(floors.standard(message)),
    standard: timed(ours(standardScheme, message)),
    makiniFloor: timed(floors.makini(message)),
    makini: timed(ours(makiniScheme, message)),
    reference: timed(reference(message)),
  });
  const of = `${message.name} (${message.body.length} B)`;
  const row = (name: string, value: number[], baseName: string, base: number[], minRatio: number): BenchRow =>
    comparedRow(
      name,
      median(value),
      'ops/s',
      { name: baseName, value: median(base) },
      minRatio,
      roundsExtra(value, base),
    );
  return [
    row(
      `standard sign+verify, ${of}`,
      figures.standard,
      'floor: createHmac x2 + timingSafeEqual over id.timestamp.body',
      figures.standardFloor,
      0.5,
    ),
    row(
      `makini sign+verify, ${of}`,
      figures.makini,
      'floor: createHmac x2 + timingSafeEqual over the body',
      figures.makiniFloor,
      0.5,
    ),
    row(
      `standard sign+verify against the reference package, ${of}`,
      figures.standard,
      'standardwebhooks sign+verify (SHA-256 in JavaScript)',
      figures.reference,
      3,
    ),
  ];
}

export async function run(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  for (const message of messages()) rows.push(...(await rowsFor(message)));
  return { area: 'signing', rows };
}
