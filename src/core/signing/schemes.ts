import { randomBytes } from 'node:crypto';
import { createMakiniScheme } from './makiniScheme';
import type { SignatureScheme } from './signatureScheme';
import { standardScheme } from './standardScheme';
import type { SignatureEncoding } from '../contract/makiniContract';
import { TypedError } from '../errors';

export const SCHEME_NAMES = ['makini', 'standard'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];

export interface SchemeOptions {
  /** The makini scheme's signature header (default `x-webhook-signature`); others ignore it. */
  readonly signatureHeader?: string;
  /** How the makini scheme writes the signatures it sends (default base64); others ignore it. */
  readonly encoding?: SignatureEncoding;
}

/** Thrown for a scheme name that is not one of {@link SCHEME_NAMES}. */
export class UnknownSchemeError extends TypedError {
  override readonly name = 'UnknownSchemeError';
  readonly code = 'unknown_scheme';
  constructor(readonly scheme: string) {
    super(`Unknown signing scheme '${scheme}'. Use one of: ${SCHEME_NAMES.join(', ')}.`);
  }
}

export function isSchemeName(name: unknown): name is SchemeName {
  return typeof name === 'string' && (SCHEME_NAMES as readonly string[]).includes(name);
}

/**
 * The signing scheme called `name`.
 * @throws UnknownSchemeError when there is no such scheme.
 */
export function getScheme(name: string, options: SchemeOptions = {}): SignatureScheme {
  if (!isSchemeName(name)) throw new UnknownSchemeError(name);
  switch (name) {
    case 'makini':
      return createMakiniScheme(options);
    case 'standard':
      return standardScheme;
  }
}

/** Whether scheme `name` signs its timestamp, so that a timestamp tolerance means something. */
export function schemeSignsTimestamp(name: SchemeName): boolean {
  return getScheme(name).signsTimestamp;
}

/** A fresh random secret in the form `name` expects (`whsec_…` for standard). */
export function newSecret(name: SchemeName): string {
  const bytes = randomBytes(24).toString('base64');
  return name === 'standard' ? `whsec_${bytes}` : bytes;
}
