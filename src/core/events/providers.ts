/** A system Makini connects to: its slug, as the API and webhooks spell it, and its name. */
export interface Provider {
  /** How the API (`Integration.provider`, a connection's `provider`) and every webhook spell it. */
  readonly slug: string;
  /** How a connection's `integration_name` and the views show it. */
  readonly name: string;
}

/**
 * The providers the samples and the sandbox use: one table, so a sample, a sandbox connection and
 * the API answer about it all spell a provider the same way.
 */
export const PROVIDERS: readonly [Provider, ...Provider[]] = [
  { slug: 'sap_pm', name: 'SAP PM' },
  { slug: 'ibm_maximo', name: 'IBM Maximo' },
  { slug: 'fiix', name: 'Fiix' },
  { slug: 'upkeep', name: 'UpKeep' },
  { slug: 'infor_eam', name: 'Infor EAM' },
  { slug: 'emaint', name: 'eMaint' },
  { slug: 'limble', name: 'Limble CMMS' },
  { slug: 'maintainx', name: 'MaintainX' },
];

/** Every provider's slug, for a sample to draw from. */
export const PROVIDER_SLUGS: readonly string[] = PROVIDERS.map((p) => p.slug);

/**
 * The slug of a provider named by its slug or its name (`SAP PM` and `sap_pm` both give `sap_pm`);
 * a provider not in the table gets its name in the same form (`Acme CMMS` gives `acme_cmms`).
 */
export function providerSlug(nameOrSlug: string): string {
  const wanted = nameOrSlug.trim().toLowerCase();
  const known = PROVIDERS.find((p) => p.slug === wanted || p.name.toLowerCase() === wanted);
  return known?.slug ?? wanted.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
