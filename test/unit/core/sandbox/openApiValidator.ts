import Ajv, { type ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../support/repo';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const documentPath = path.join(repoRoot(), 'test', 'fixtures', 'openapi', 'oas3_system.json');

/**
 * Validates answers against oas3_system.json, leniently where the document is loose:
 * - `format` holds type names ("string", "array") or "nullable" instead of formats: dropped, and
 *   "nullable" becomes `nullable: true` (page links `prev`/`next` are null on the first/last page);
 * - `ConnectionToken` is `[]` and some `properties` are `[]`: read as "any object";
 * - timestamps (`*_at`) and page bounds (`meta.from`, `meta.to`) may be null, as Laravel answers
 *   for unset timestamps and empty pages, though the document marks them `nullable: false`;
 * - unknown keywords (`example`) are ignored (ajv `strict: false`).
 */
export class OpenApiValidator {
  private readonly document: { [key: string]: Json };
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.document = JSON.parse(fs.readFileSync(documentPath, 'utf8')) as { [key: string]: Json };
  }

  /** Validation errors for a 200 answer of `method path` (empty when valid). */
  errors(method: string, pathTemplate: string, body: unknown): string[] {
    const key = `${method} ${pathTemplate}`;
    let validate = this.cache.get(key);
    if (!validate) {
      const paths = this.document.paths as { [p: string]: { [m: string]: Json } };
      const operation = paths[pathTemplate]?.[method.toLowerCase()] as { [k: string]: Json } | undefined;
      if (!operation) throw new Error(`No operation ${key} in oas3_system.json`);
      const schema = this.resolve(
        dig(operation, ['responses', '200', 'content', 'application/json', 'schema']),
        '',
      );
      validate = this.ajv.compile(schema as object);
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }

  private resolve(node: Json | undefined, name: string): Json {
    if (Array.isArray(node))
      return node.length === 0 ? { type: 'object' } : node.map((n) => this.resolve(n, name));
    if (node === null || typeof node !== 'object') return node ?? {};
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const target = dig(this.document, ref.replace(/^#\//, '').split('/'));
      return this.resolve(target, name);
    }
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'format') {
        if (v === 'nullable') out.nullable = true;
        continue;
      }
      if (k === 'properties') {
        out.properties = Array.isArray(v) ? {} : this.resolveProperties(v);
        continue;
      }
      out[k] = this.resolve(v, name);
    }
    return out;
  }

  private resolveProperties(properties: Json): Json {
    const out: { [key: string]: Json } = {};
    for (const [name, schema] of Object.entries(properties as { [key: string]: Json })) {
      const resolved = this.resolve(schema, name) as { [key: string]: Json };
      const lenientNull = name.endsWith('_at') || name === 'from' || name === 'to';
      out[name] = lenientNull ? { ...resolved, nullable: true } : resolved;
    }
    return out;
  }
}

function dig(node: Json | undefined, keys: readonly string[]): Json | undefined {
  let current = node;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}
