/**
 * The paging styles of Capillary's list endpoints, declared on an endpoint so the client can read every page
 * lazily as a `Stream` of items: offset / limit (with or without `pagination.total`), page / size
 * (api_gateway), and ledger pages (`offset` is the page number).
 *
 * @since 0.1.0
 */

/**
 * How to walk the pages of one endpoint: the query of the first page, the items of a page, and the query of
 * the next page (undefined when there is none).
 *
 * @since 0.1.0
 * @category models
 */
export interface Paging<in out Query, in Page, out Item> {
  readonly style: "offset-limit" | "page-size" | "ledger"
  readonly first: (query: Query) => Query
  readonly items: (page: Page) => ReadonlyArray<Item>
  readonly next: (query: Query, page: Page) => Query | undefined
}

type Numbers = Readonly<Record<string, unknown>>

const numberAt = (query: Numbers, name: string, fallback: number): number => {
  const value = query[name]
  return typeof value === "number" && Number.isFinite(value) ? value : fallback
}

/**
 * `offset` / `limit` paging (customers search, customer transactions, group transactions). The last page is
 * the one that is short, or that reaches `total` when the response reports it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const offsetLimit = <Query, Page, Item>(options: {
  readonly items: (page: Page) => ReadonlyArray<Item>
  readonly total?: ((page: Page) => number | undefined) | undefined
  readonly pageSize: number
  readonly offsetParam?: string | undefined
  readonly limitParam?: string | undefined
}): Paging<Query, Page, Item> => {
  const offsetParam = options.offsetParam ?? "offset"
  const limitParam = options.limitParam ?? "limit"
  return {
    style: "offset-limit",
    first: (query) => ({
      ...query,
      [offsetParam]: numberAt(query as Numbers, offsetParam, 0),
      [limitParam]: numberAt(query as Numbers, limitParam, options.pageSize)
    }),
    items: options.items,
    next: (query, page) => {
      const offset = numberAt(query as Numbers, offsetParam, 0)
      const limit = numberAt(query as Numbers, limitParam, options.pageSize)
      const count = options.items(page).length
      const total = options.total?.(page)
      const reached = offset + count
      if (count === 0 || count < limit || (total !== undefined && reached >= total)) return undefined
      return { ...query, [offsetParam]: reached }
    }
  }
}

/**
 * `page` / `size` paging (api_gateway rewards, badges). Pages count from `firstPage` (0 by default); the last
 * page is the one the response marks `last` (through `isLast`), or a short one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const pageSize = <Query, Page, Item>(options: {
  readonly items: (page: Page) => ReadonlyArray<Item>
  readonly isLast?: ((page: Page) => boolean | undefined) | undefined
  readonly pageSize: number
  readonly firstPage?: number | undefined
  readonly pageParam?: string | undefined
  readonly sizeParam?: string | undefined
}): Paging<Query, Page, Item> => {
  const pageParam = options.pageParam ?? "page"
  const sizeParam = options.sizeParam ?? "size"
  const firstPage = options.firstPage ?? 0
  return {
    style: "page-size",
    first: (query) => ({
      ...query,
      [pageParam]: numberAt(query as Numbers, pageParam, firstPage),
      [sizeParam]: numberAt(query as Numbers, sizeParam, options.pageSize)
    }),
    items: options.items,
    next: (query, page) => {
      const count = options.items(page).length
      const size = numberAt(query as Numbers, sizeParam, options.pageSize)
      const last = options.isLast?.(page)
      if (count === 0 || last === true || (last === undefined && count < size)) return undefined
      return { ...query, [pageParam]: numberAt(query as Numbers, pageParam, firstPage) + 1 }
    }
  }
}

/**
 * Ledger paging (`/v2/pointsLedger/*`): `offset` is the page number and the response reports `pageCount` in
 * `ledgerDetails`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ledger = <Query, Page, Item>(options: {
  readonly items: (page: Page) => ReadonlyArray<Item>
  readonly pageCount: (page: Page) => number | undefined
  readonly pageSize: number
}): Paging<Query, Page, Item> => ({
  style: "ledger",
  first: (query) => ({
    ...query,
    offset: numberAt(query as Numbers, "offset", 0),
    limit: numberAt(query as Numbers, "limit", options.pageSize)
  }),
  items: options.items,
  next: (query, page) => {
    const pageCount = options.pageCount(page)
    const current = numberAt(query as Numbers, "offset", 0)
    if (pageCount === undefined || options.items(page).length === 0) return undefined
    // `offset` counts pages from 0, so `current + 1` pages have been read.
    if (current + 1 >= pageCount) return undefined
    return { ...query, offset: current + 1 }
  }
})
