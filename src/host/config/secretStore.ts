import type * as vscode from 'vscode';
import { newSecret, type SchemeName } from '../../core/signing/schemes';

/** The secrets the extension keeps. They live only in SecretStorage, never in settings or logs. */
export const SecretKeys = {
  clientId: 'makini.clientId',
  clientSecret: 'makini.clientSecret',
  /** A JSON array: the newest secret first, older ones kept during a rotation. */
  webhookSecrets: 'makini.webhookSecrets',
  /** Until when (ISO time) the secrets after the newest are still accepted, after a rotation. */
  webhookSecretsPreviousUntil: 'makini.webhookSecretsPreviousUntil',
} as const;

export type SecretKey = (typeof SecretKeys)[keyof typeof SecretKeys];

/** The little of SecretStorage we use, so tests can hand in an in-memory store. */
export interface SecretStore {
  get(key: SecretKey): Promise<string | undefined>;
  store(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
  readonly onDidChange: vscode.Event<{ key: string }>;
}

/** VS Code's SecretStorage (the OS keychain, or the encrypted store of the remote host). */
export function secretStorageStore(storage: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
    onDidChange: storage.onDidChange,
  };
}

async function storedSecrets(store: SecretStore): Promise<string[]> {
  const raw = await store.get(SecretKeys.webhookSecrets);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed.filter((s): s is string => typeof s === 'string' && s.length > 0)
      : [];
  } catch {
    return [];
  }
}

/**
 * Until when the previous secrets of a rotation are accepted (ms since the epoch); undefined when
 * there was no rotation, or its overlap is over at `now`.
 */
export async function previousSecretsUntil(
  store: SecretStore,
  now = Date.now(),
): Promise<number | undefined> {
  const until = Date.parse((await store.get(SecretKeys.webhookSecretsPreviousUntil)) ?? '');
  return Number.isFinite(until) && until > now ? until : undefined;
}

/**
 * The webhook signing secrets accepted at `now`, newest first: after a rotation the previous ones
 * too, until the overlap ends. A malformed stored value reads as none.
 */
export async function readWebhookSecrets(store: SecretStore, now = Date.now()): Promise<string[]> {
  const secrets = await storedSecrets(store);
  if (secrets.length <= 1) return secrets;
  return (await previousSecretsUntil(store, now)) === undefined ? secrets.slice(0, 1) : secrets;
}

/**
 * The secrets a rotation kept whose overlap has ended at `now`: no longer accepted, but still
 * stored (up to three), so the signature doctor can say a refused webhook was signed with one.
 */
export async function readRetiredWebhookSecrets(store: SecretStore, now = Date.now()): Promise<string[]> {
  const [stored, accepted] = await Promise.all([storedSecrets(store), readWebhookSecrets(store, now)]);
  return stored.filter((s) => !accepted.includes(s));
}

/**
 * Sets the signing secret. With `previousUntil` (a rotation) the secrets accepted now stay
 * accepted until that time; without, the new secret is the only one.
 */
export async function writeWebhookSecret(
  store: SecretStore,
  secret: string,
  previousUntil?: Date,
): Promise<void> {
  const previous = previousUntil ? await readWebhookSecrets(store) : [];
  const next = [secret, ...previous.filter((s) => s !== secret)].slice(0, 3);
  // The overlap first: the receiver reloads when the secrets change, and must read both.
  if (previousUntil && next.length > 1)
    await store.store(SecretKeys.webhookSecretsPreviousUntil, previousUntil.toISOString());
  else await store.delete(SecretKeys.webhookSecretsPreviousUntil);
  await store.store(SecretKeys.webhookSecrets, JSON.stringify(next));
}

/**
 * Makes sure a signing secret is stored, so that the sender and the receiver agree: with none, a
 * fresh one in `scheme`'s form is stored. Resolves true when one was generated.
 */
export async function ensureWebhookSecret(store: SecretStore, scheme: SchemeName): Promise<boolean> {
  if ((await readWebhookSecrets(store)).length > 0) return false;
  await writeWebhookSecret(store, newSecret(scheme));
  return true;
}

/**
 * A SecretStore that keeps secrets in a Map, for tests: it announces each change the way
 * SecretStorage does, and never touches the keychain.
 */
export class InMemorySecretStore implements SecretStore {
  private readonly secrets = new Map<SecretKey, string>();
  private readonly listeners = new Set<(event: { key: string }) => unknown>();

  get(key: SecretKey): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(key));
  }

  store(key: SecretKey, value: string): Promise<void> {
    this.secrets.set(key, value);
    this.announce(key);
    return Promise.resolve();
  }

  delete(key: SecretKey): Promise<void> {
    if (this.secrets.delete(key)) this.announce(key);
    return Promise.resolve();
  }

  readonly onDidChange: vscode.Event<{ key: string }> = (listener, thisArgs?: unknown, disposables?) => {
    const bound = (event: { key: string }): unknown => listener.call(thisArgs, event);
    this.listeners.add(bound);
    const subscription = { dispose: () => this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  private announce(key: SecretKey): void {
    for (const listener of [...this.listeners]) listener({ key });
  }
}
