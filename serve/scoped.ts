import { mayTouch } from './access.js';
import type { Principal } from './access.js';
import { storeHttpError } from './errors.js';
import type { HttpError } from './errors.js';
import type { StoreFailure } from '../store/types.js';

/**
 * Reads pages of a store listing until `limit` items lie in the principal's scope, or
 * the listing ends; each page asks for no more than are still wanted, so none is dropped. An unscoped principal reads one page. `next` is the store's cursor
 * after the last page read, so the following call misses nothing and repeats nothing.
 */
export async function readScoped<T, Page extends { ok: true; next: string | null }>(
  principal: Principal,
  limit: number,
  after: string | undefined,
  read: (after: string | undefined, limit: number) => Promise<Page | StoreFailure>,
  itemsOf: (page: Page) => readonly T[],
  idOf: (item: T) => string,
): Promise<{ items: T[]; next: string | null } | HttpError> {
  const items: T[] = [];
  let cursor = after;
  for (;;) {
    const page = await read(cursor, limit - items.length);
    if (!page.ok) return storeHttpError(page.error);
    const pageItems = itemsOf(page);
    for (const item of pageItems) if (mayTouch(principal, idOf(item))) items.push(item);
    if (principal.dossiers === null || items.length >= limit || page.next === null || pageItems.length === 0) return { items, next: page.next };
    cursor = page.next;
  }
}
