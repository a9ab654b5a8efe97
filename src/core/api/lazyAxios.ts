import type { AxiosStatic } from 'axios';

let loaded: AxiosStatic | undefined;

/**
 * axios, loaded on first use. Evaluating it (and the fetch machinery it probes on load) costs the
 * editor around 100 ms at start-up, while the client is first needed only after activation.
 */
export function lazyAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  loaded ??= (require('../vendor/axiosModule') as { axiosStatic: AxiosStatic }).axiosStatic;
  return loaded;
}
