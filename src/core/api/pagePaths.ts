import { readList, readNumber, readObject, readOptionalString } from './fieldReader';

/** What a paged answer says about where it is: Laravel-style page numbers and a next link. */
export interface PagePosition {
  readonly currentPage: number;
  readonly lastPage: number;
  /** The next page's URL as the API gave it, absent on the last page. */
  readonly next?: string;
}

/** A client never follows more pages than this, whatever the answers say. */
export const MAX_PAGES = 100_000;

/**
 * Reads page after page from `firstPath`: the API's next link (made a path on the client's own
 * base URL by `samePath`, so a token is never sent to another host), else the next page number
 * while `currentPage < lastPage`.
 * @throws whatever `read` throws.
 */
export async function* followPages<P extends PagePosition>(
  firstPath: string,
  read: (path: string) => Promise<P>,
  samePath: (link: string) => string,
): AsyncGenerator<P> {
  let path: string | undefined = firstPath;
  for (let count = 0; path !== undefined && count < MAX_PAGES; count++) {
    const page: P = await read(path);
    yield page;
    path = page.next
      ? samePath(page.next)
      : page.currentPage < page.lastPage
        ? nextPagePath(path, page.currentPage + 1)
        : undefined;
  }
}

function nextPagePath(path: string, page: number): string {
  const url = new URL(path, 'http://base.invalid');
  url.searchParams.set('page', String(page));
  return `${url.pathname}${url.search}`;
}

/**
 * Any list answer's records and position (`{data: [...], links, meta}`), its records unparsed.
 * @throws MalformedResponseError when it is not a list answer.
 */
export function readListAnswer(body: unknown): {
  readonly data: readonly unknown[];
  readonly position: PagePosition;
} {
  const root = readObject(body, '');
  const data = readList(root, 'data', '');
  const meta = root.meta === undefined || root.meta === null ? undefined : readObject(root.meta, 'meta');
  const links = root.links === undefined || root.links === null ? undefined : readObject(root.links, 'links');
  return {
    data,
    position: {
      currentPage: meta ? readNumber(meta, 'current_page', 'meta') : 1,
      lastPage: meta ? readNumber(meta, 'last_page', 'meta') : 1,
      next: links ? readOptionalString(links, 'next', 'links') : undefined,
    },
  };
}
