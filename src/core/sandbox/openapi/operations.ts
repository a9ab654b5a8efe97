// Routes and validation come from Makini's OpenAPI documents themselves, through ajv (already a
// dependency, and the validator the event catalog uses) and the small path matcher below. A
// maintained OpenAPI router such as openapi-backend was considered and not chosen: it validates
// the documents before routing, and these two fail that (types such as "required|email",
// schemas that are `[]`), so it would need the same normalization first, plus a second
// validator and a dependency tree for what is a 40-line matcher here. documentDefects.ts turns
// each document schema into strict JSON Schema; this file pairs the operations with them.
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { MATERIAL_LIST_ITEMS, toJsonSchema, type JsonSchema, type SchemaRole } from './documentDefects';

export type DocumentName = 'system' | 'eam';

/** One operation of a document, with its validators compiled on first use. */
export interface Operation {
  /** `GET /api/eam/work-orders`. */
  readonly id: string;
  readonly document: DocumentName;
  readonly method: string;
  readonly template: string;
  readonly pathParams: readonly string[];
  /** The query parameters it declares (`filter`, `page`, `sort`, `per_page`). */
  readonly query: ReadonlySet<string>;
  /** The request body's media type, when it takes one. */
  readonly bodyType: string | undefined;
  /** The schema of the answer's `data`, when it has one. */
  readonly data: JsonSchema | undefined;
  readonly validateBody: () => ValidateFunction | undefined;
  readonly validateAnswer: () => ValidateFunction;
}

export type OperationMatch =
  | {
      readonly kind: 'found';
      readonly operation: Operation;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dig(node: unknown, keys: readonly string[]): unknown {
  let current = node;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** The operations of both documents, and the path matcher over them. */
export class OperationTable {
  readonly operations: readonly Operation[];
  private readonly components = new Map<string, JsonSchema>();

  /** @param documents the parsed documents (shipped as dist/vendor/openApiDocumentsModule.js). */
  constructor(
    private readonly documents: Readonly<Record<DocumentName, unknown>>,
    private readonly ajv: () => Ajv,
  ) {
    this.operations = (['system', 'eam'] as const).flatMap((name) => this.read(name));
  }

  /** A component schema of the EAM document as a strict answer schema (`WorkOrder`). */
  component(name: string): JsonSchema {
    let schema = this.components.get(name);
    if (!schema) {
      schema = toJsonSchema({ $ref: `#/components/schemas/${name}` }, 'response', this.resolver('eam'));
      this.components.set(name, schema);
    }
    return schema;
  }

  /** The operation for `method path`, the methods the path takes, or nothing. */
  match(method: string, segments: readonly string[]): OperationMatch {
    const candidates: { operation: Operation; params: Record<string, string>; literal: number }[] = [];
    for (const operation of this.operations) {
      const params = matchTemplate(operation.template, segments);
      if (params) candidates.push({ operation, params: params.params, literal: params.literal });
    }
    if (candidates.length === 0) return { kind: 'none' };
    const same = candidates
      .filter((c) => c.operation.method === method)
      .sort((a, b) => b.literal - a.literal)[0];
    if (same) return { kind: 'found', operation: same.operation, params: same.params };
    return { kind: 'method', allow: [...new Set(candidates.map((c) => c.operation.method))].sort() };
  }

  private resolver(name: DocumentName): (ref: string) => unknown {
    return (ref) => dig(this.documents[name], ref.replace(/^#\//, '').split('/'));
  }

  private read(name: DocumentName): Operation[] {
    const paths = dig(this.documents[name], ['paths']);
    if (!isRecord(paths)) return [];
    const resolve = this.resolver(name);
    const out: Operation[] = [];
    for (const [template, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const raw = isRecord(item) ? item[method] : undefined;
        if (isRecord(raw)) out.push(this.operation(name, template, method.toUpperCase(), raw, resolve));
      }
    }
    return out;
  }

  private operation(
    document: DocumentName,
    template: string,
    method: string,
    raw: Record<string, unknown>,
    resolve: (ref: string) => unknown,
  ): Operation {
    const id = `${method} ${template}`;
    const parameters = Array.isArray(raw.parameters) ? raw.parameters.filter(isRecord) : [];
    const query = new Set(parameters.filter((p) => p.in === 'query').map((p) => String(p.name)));
    const content = dig(raw, ['requestBody', 'content']);
    const bodyType = isRecord(content) ? Object.keys(content)[0] : undefined;
    const bodyNode = bodyType === undefined ? undefined : dig(content, [bodyType, 'schema']);
    const answerNode = answerSchemaNode(id, raw, this.documents.eam);
    const compile = (node: unknown, role: SchemaRole): (() => ValidateFunction) => {
      let validate: ValidateFunction | undefined;
      return () => (validate ??= this.ajv().compile(toJsonSchema(node, role, resolve)));
    };
    const answerSchema = toJsonSchema(answerNode, 'response', resolve);
    const validateBody = bodyNode === undefined ? () => undefined : compile(bodyNode, 'request');
    return {
      id,
      document,
      method,
      template,
      pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
      query,
      bodyType,
      data: isRecord(answerSchema.properties) ? (answerSchema.properties.data as JsonSchema) : undefined,
      validateBody,
      validateAnswer: compile(answerNode, 'response'),
    };
  }
}

/** The document's 200 answer schema, or the page of items documentDefects decided for it. */
function answerSchemaNode(id: string, raw: Record<string, unknown>, eam: unknown): unknown {
  const items = MATERIAL_LIST_ITEMS[id];
  if (items === undefined) return dig(raw, ['responses', '200', 'content', 'application/json', 'schema']);
  const page = dig(eam, [
    'paths',
    '/api/eam/work-orders',
    'get',
    'responses',
    '200',
    'content',
    'application/json',
    'schema',
  ]);
  const properties = isRecord(page) && isRecord(page.properties) ? page.properties : {};
  return {
    ...(isRecord(page) ? page : {}),
    properties: { ...properties, data: { type: 'array', items: { $ref: `#/components/schemas/${items}` } } },
  };
}

/** Path parameters when `segments` fit `template`, and how many literal segments matched. */
function matchTemplate(
  template: string,
  segments: readonly string[],
): { params: Record<string, string>; literal: number } | undefined {
  const parts = template.split('/').filter((s) => s !== '');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  let literal = 0;
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    const param = /^\{([^}]+)\}$/.exec(part);
    if (param?.[1]) {
      if (segment === '') return undefined;
      params[param[1]] = segment;
    } else if (part === segment) literal += 1;
    else return undefined;
  }
  return { params, literal };
}
