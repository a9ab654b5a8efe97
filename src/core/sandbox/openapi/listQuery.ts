import { HttpProblem } from '../httpProblem';
import type { EamRecord } from './eamRecords';
import type { Operation } from './operations';

/** The filter operators the EAM document's descriptions list (`lted` is its spelling of `lteq`). */
const OPERATORS = ['eq', 'contains', 'startsWith', 'gt', 'gteq', 'lt', 'lteq', 'lted'] as const;
type Operator = (typeof OPERATORS)[number];

export interface ListQuery {
  readonly page: number;
  readonly perPage: number;
  readonly filters: readonly { readonly field: string; readonly op: Operator; readonly value: string }[];
  readonly sorts: readonly { readonly field: string; readonly descending: boolean }[];
  /** `filterMatch=any` (OR) instead of all (AND). */
  readonly matchAny: boolean;
}

/** Laravel's default page size, and the most the sandbox gives on one page. */
export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 1000;

function invalid(parameter: string, message: string): HttpProblem {
  return new HttpProblem(
    422,
    'VALIDATION_FAILED',
    'invalid_request_error',
    `'${parameter}' ${message}`,
    {},
    {
      fields: [{ field: parameter, message }],
    },
  );
}

function wholeNumber(parameter: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max)
    throw invalid(parameter, `must be a whole number from 1 to ${max}.`);
  return n;
}

/**
 * The list parameters of a request, as the operation declares them: `page`, `per_page`,
 * `filter[field]` / `filter[field:operator]`, `filterMatch` and `sort[field]=0|1`. Parameters the
 * operation does not declare are ignored, as Makini ignores them.
 * @throws HttpProblem 422 naming the parameter whose value (or field) is not valid.
 */
export function readListQuery(url: URL, operation: Operation, fields: ReadonlySet<string>): ListQuery {
  let page = 1;
  let perPage = DEFAULT_PER_PAGE;
  let matchAny = false;
  const filters: { field: string; op: Operator; value: string }[] = [];
  const sorts: { field: string; descending: boolean }[] = [];
  const declared = operation.query;
  for (const [name, value] of url.searchParams) {
    if (name === 'page' && declared.has('page')) page = wholeNumber(name, value, Number.MAX_SAFE_INTEGER);
    else if (name === 'per_page' && declared.has('per_page'))
      perPage = wholeNumber(name, value, MAX_PER_PAGE);
    else if (name === 'filterMatch' && declared.has('filter')) {
      if (value !== 'any' && value !== 'all') throw invalid(name, 'must be any or all.');
      matchAny = value === 'any';
    } else if (name.startsWith('filter') && declared.has('filter'))
      filters.push(readFilter(name, value, fields));
    else if (name.startsWith('sort') && declared.has('sort')) sorts.push(readSort(name, value, fields));
  }
  return { page, perPage, filters, sorts, matchAny };
}

function readFilter(
  name: string,
  value: string,
  fields: ReadonlySet<string>,
): { field: string; op: Operator; value: string } {
  const match = /^filter\[([^\]:]+)(?::([A-Za-z]+))?\]$/.exec(name);
  if (!match?.[1])
    throw invalid(name, 'is not a filter; write filter[field]=value or filter[field:contains]=value.');
  const field = match[1];
  if (!fields.has(field)) throw invalid(name, `filters on '${field}', which these records do not have.`);
  const op = OPERATORS.find((o) => o === (match[2] ?? 'eq'));
  if (!op) throw invalid(name, `has an unknown operator; use one of ${OPERATORS.join(', ')}.`);
  return { field, op, value };
}

function readSort(
  name: string,
  value: string,
  fields: ReadonlySet<string>,
): { field: string; descending: boolean } {
  const match = /^sort\[([^\]]+)\]$/.exec(name);
  if (!match?.[1]) throw invalid(name, 'is not a sort; write sort[field]=1 (descending) or 0 (ascending).');
  if (!fields.has(match[1])) throw invalid(name, `sorts on '${match[1]}', which these records do not have.`);
  if (value !== '0' && value !== '1') throw invalid(name, 'must be 1 (descending) or 0 (ascending).');
  return { field: match[1], descending: value === '1' };
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function passes(record: EamRecord, filter: ListQuery['filters'][number]): boolean {
  const actual = text(record[filter.field]);
  switch (filter.op) {
    case 'eq':
      return actual === filter.value;
    case 'contains':
      return actual.toLowerCase().includes(filter.value.toLowerCase());
    case 'startsWith':
      return actual.toLowerCase().startsWith(filter.value.toLowerCase());
    case 'gt':
      return compare(actual, filter.value) > 0;
    case 'gteq':
      return compare(actual, filter.value) >= 0;
    case 'lt':
      return compare(actual, filter.value) < 0;
    case 'lteq':
    case 'lted':
      return compare(actual, filter.value) <= 0;
  }
}

/** Whether a query needs every record (it filters or sorts) rather than one page of them. */
export function needsAll(query: ListQuery): boolean {
  return query.filters.length > 0 || query.sorts.length > 0;
}

/** The records that pass the query's filters, in its order. */
export function applyQuery(records: readonly EamRecord[], query: ListQuery): EamRecord[] {
  const kept =
    query.filters.length === 0
      ? [...records]
      : records.filter((r) =>
          query.matchAny ? query.filters.some((f) => passes(r, f)) : query.filters.every((f) => passes(r, f)),
        );
  if (query.sorts.length === 0) return kept;
  return kept.sort((a, b) => {
    for (const s of query.sorts) {
      const order = compare(text(a[s.field]), text(b[s.field]));
      if (order !== 0) return s.descending ? -order : order;
    }
    return 0;
  });
}

/** Laravel-style page-number pagination, as Makini's list endpoints answer. */
export function pageAnswer(
  base: string,
  url: URL,
  query: Pick<ListQuery, 'page' | 'perPage'>,
  total: number,
  data: readonly unknown[],
): unknown {
  const { page, perPage } = query;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const path = `${base}${url.pathname}`;
  const link = (n: number): string => `${path}?page=${n}&per_page=${perPage}`;
  return {
    data,
    links: {
      first: link(1),
      last: link(lastPage),
      prev: page > 1 ? link(page - 1) : null,
      next: page < lastPage ? link(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: data.length > 0 ? start + 1 : null,
      last_page: lastPage,
      path,
      per_page: perPage,
      to: data.length > 0 ? start + data.length : null,
      total,
    },
  };
}
