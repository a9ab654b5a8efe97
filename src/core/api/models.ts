/** A connection as `GET /api/system/connections` lists it. */
export interface Connection {
  /** The connection's ID in every other call (`/api/system/connections/{id}/...`). */
  readonly key: string;
  readonly name: string;
  readonly email?: string;
  /** Makini's status text as sent (Pending, Synchronizing, In progress, Active, Inactive, ...). */
  readonly status: string;
  readonly integrationName?: string;
  readonly tags: readonly string[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly connectedAt?: string;
}

/** One page of connections, with where the next one is. */
export interface ConnectionPage {
  readonly connections: readonly Connection[];
  readonly currentPage: number;
  readonly lastPage: number;
  readonly total?: number;
  /** The next page's URL as the API gave it, absent on the last page. */
  readonly next?: string;
}

/** A connection's integration, from `GET /api/integrations/current` with its token. */
export interface Integration {
  readonly id: string;
  readonly companyName?: string;
  readonly email?: string;
  readonly provider?: string;
  readonly updatedAt?: string;
  /** `inprogress | done | fulldone | error | fail` as documented; kept as sent. */
  readonly syncStatus: string;
  readonly syncUpdatedAt?: string;
}

/** A bearer token and how long it lasts. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** A platform Makini connects to; the document leaves its shape open, so it is kept as sent. */
export type Platform = Readonly<Record<string, unknown>>;
