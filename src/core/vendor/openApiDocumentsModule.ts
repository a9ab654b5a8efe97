// Makini's two OpenAPI documents, as published (eqcentric/api-docs db53511), kept verbatim beside
// the sandbox's OpenAPI modules. The extension and CLI builds emit this file as
// dist/vendor/openApiDocumentsModule.js, required when the sandbox first routes a request
// (esbuild.js): 600 kB the extension host need not parse at activation.
import eam from '../sandbox/openapi/oas3_eam.json';
import system from '../sandbox/openapi/oas3_system.json';

/** The documents as parsed JSON; read them as `unknown` and check what is used. */
export const openApiDocuments: { readonly system: unknown; readonly eam: unknown } = { system, eam };
