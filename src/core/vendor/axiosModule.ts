// axios on its own: the extension and CLI builds emit this file as dist/vendor/axiosModule.js and
// require it on first use (see esbuild.js), so its ~260 KB (with mime-db) is not parsed at start-up.
export { default } from 'axios';
