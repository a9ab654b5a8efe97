// axios on its own: the extension and CLI builds emit this file as dist/vendor/axiosModule.js and
// require it on first use (see esbuild.js), so its ~260 KB (with mime-db) is not parsed at start-up.
import axios, { type AxiosStatic } from 'axios';

/** The axios instance, under a name of its own: lazyAxios.ts requires this module on first use. */
export const axiosStatic: AxiosStatic = axios;
