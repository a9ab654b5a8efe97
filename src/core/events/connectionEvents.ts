import type { EventDefinition } from './eventDefinition';
import { PROVIDER_SLUGS } from './providers';
import { closedObject, dateTime, isoSeconds, nonEmptyString, shifted } from './schemaParts';

export type AuthRequiredReason = 'credentials_changed' | 'token_expired' | 'invalid_credentials';
export type ConnectionStatus = 'online' | 'offline';

export interface AuthRequiredData {
  readonly reason: AuthRequiredReason;
  readonly message: string;
  readonly provider: string;
  readonly reauthorization_url: string;
  readonly detected_at: string;
}

export interface StatusChangedData {
  readonly previous_status: ConnectionStatus;
  readonly status: ConnectionStatus;
  readonly reason: string;
  readonly changed_at: string;
}

const AUTH_MESSAGES: Readonly<Record<AuthRequiredReason, string>> = {
  credentials_changed: 'The credentials stored for this connection were changed in the platform.',
  token_expired: 'The platform access token expired and could not be refreshed.',
  invalid_credentials: 'Authentication error: invalid platform credentials.',
};

const OFFLINE_REASONS = [
  'The platform API did not answer for 5 minutes.',
  'The platform answered 503 Service Unavailable to every request.',
  'TLS handshake with the platform host failed.',
] as const;

export const connectionAuthRequired: EventDefinition<AuthRequiredData> = {
  type: 'connection.auth_required',
  description: 'A connection needs reauthorization: why, and the Makini Link URL to reconnect it.',
  dataSchema: closedObject({
    reason: { type: 'string', enum: Object.keys(AUTH_MESSAGES) },
    message: nonEmptyString,
    provider: nonEmptyString,
    reauthorization_url: { type: 'string', format: 'uri' },
    detected_at: dateTime,
  }),
  sample({ random, now, provider }) {
    const reason = random.pick(Object.keys(AUTH_MESSAGES) as AuthRequiredReason[]);
    return {
      reason,
      message: AUTH_MESSAGES[reason],
      provider: provider ?? random.pick(PROVIDER_SLUGS),
      reauthorization_url: `https://link.makini.io/oauth/authorize?response_type=code&client_id=${random.token(20)}`,
      detected_at: isoSeconds(shifted(now, -random.int(0, 120_000))),
    };
  },
};

export const connectionStatusChanged: EventDefinition<StatusChangedData> = {
  type: 'connection.status_changed',
  description: 'A connection went online or offline.',
  dataSchema: closedObject({
    previous_status: { type: 'string', enum: ['online', 'offline'] },
    status: { type: 'string', enum: ['online', 'offline'] },
    reason: nonEmptyString,
    changed_at: dateTime,
  }),
  sample({ random, now }) {
    const online = random.chance(0.5);
    return {
      previous_status: online ? 'offline' : 'online',
      status: online ? 'online' : 'offline',
      reason: online ? 'The platform API answers again.' : random.pick(OFFLINE_REASONS),
      changed_at: isoSeconds(now),
    };
  },
};
