import { join, readList, readNumber, readObject, readOptionalString, readString } from './fieldReader';
import { type EamPage, type EamRecord, TYPED_FIELDS } from './eamModels';

function typedFields(collection: string): readonly string[] {
  return collection in TYPED_FIELDS
    ? (TYPED_FIELDS[collection as keyof typeof TYPED_FIELDS] as string[])
    : [];
}

/**
 * One record of `collection`: an object with a key (a number is read as its text, as the
 * document's examples quote some keys and not others), and its typed fields strings or null.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseEamRecord(value: unknown, collection: string, at: string): EamRecord {
  const item = readObject(value, at);
  const key = typeof item.key === 'number' ? String(item.key) : readString(item, 'key', at);
  for (const field of typedFields(collection)) readOptionalString(item, field, at);
  return { ...item, key };
}

/**
 * A list answer `{data: [...], links, meta}` (Laravel-style page numbers, as oas3_eam.json lists).
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseEamPage(body: unknown, collection: string): EamPage {
  const root = readObject(body, '');
  const records = readList(root, 'data', '').map((item, i) =>
    parseEamRecord(item, collection, join('data', i)),
  );
  const meta = root.meta === undefined || root.meta === null ? undefined : readObject(root.meta, 'meta');
  const links = root.links === undefined || root.links === null ? undefined : readObject(root.links, 'links');
  return {
    records,
    currentPage: meta ? readNumber(meta, 'current_page', 'meta') : 1,
    lastPage: meta ? readNumber(meta, 'last_page', 'meta') : 1,
    total: meta?.total === undefined || meta.total === null ? undefined : readNumber(meta, 'total', 'meta'),
    next: links ? readOptionalString(links, 'next', 'links') : undefined,
  };
}

/**
 * A single-record answer `{data: {...}}`.
 * @throws MalformedResponseError naming the field that is not as documented.
 */
export function parseEamSingle(body: unknown, collection: string): EamRecord {
  return parseEamRecord(readObject(body, '').data, collection, 'data');
}
