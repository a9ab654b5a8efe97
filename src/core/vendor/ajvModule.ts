// ajv and its formats, in one module so both share one copy of ajv's code generator. The
// extension and CLI builds emit it as dist/vendor/ajvModule.js, required on first use (esbuild.js).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** A validator with the string formats (date-time, uri, email, ...) the event schemas use. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}
