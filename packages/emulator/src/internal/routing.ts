import type { Endpoint } from "@capillary-effect/core"

/** A declared endpoint compiled for matching request paths. */
export interface CompiledRoute {
  readonly endpoint: Endpoint.Any
  readonly pattern: RegExp
  readonly names: ReadonlyArray<string>
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

export const compile = (endpoint: Endpoint.Any): CompiledRoute => {
  const names: Array<string> = []
  const source = endpoint.path.split(/(\{\w+\})/).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1]
    if (name === undefined) return escape(part)
    names.push(name)
    return "([^/]+)"
  }).join("")
  return { endpoint, pattern: new RegExp(`^${source}/?$`), names }
}

const variantSize = (route: CompiledRoute) => Object.keys(route.endpoint.variant ?? {}).length

/**
 * Routes in matching order: literal paths before parameterised ones, so `/lookup` wins over `/{id}`, and on one
 * path the endpoints selected by query parameters (`variant`) before the plain one.
 */
export const order = (routes: ReadonlyArray<CompiledRoute>): ReadonlyArray<CompiledRoute> =>
  [...routes].sort((a, b) => a.names.length - b.names.length || variantSize(b) - variantSize(a))

/** Whether a request's method, path and query select a route. */
export const matches = (route: CompiledRoute, method: string, url: URL): boolean =>
  route.endpoint.method === method && route.pattern.test(url.pathname) &&
  Object.entries(route.endpoint.variant ?? {}).every(([name, value]) => url.searchParams.get(name) === value)

/** The path parameters of a matching path, percent-decoded; undefined when a segment is badly encoded. */
export const params = (route: CompiledRoute, path: string): Record<string, string> | undefined => {
  const match = route.pattern.exec(path)
  if (match === null) return undefined
  const out: Record<string, string> = {}
  try {
    route.names.forEach((name, i) => (out[name] = decodeURIComponent(match[i + 1]!)))
  } catch {
    return undefined
  }
  return out
}

/** Every string and number leaf of a value, as strings (what fault rules match entities against). */
export const leafValues = (value: unknown, into: Set<string> = new Set(), depth = 0): Set<string> => {
  if (depth > 8) return into
  if (typeof value === "string") into.add(value)
  else if (typeof value === "number" || typeof value === "bigint") into.add(String(value))
  else if (Array.isArray(value)) { for (const item of value) leafValues(item, into, depth + 1) }
  else if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) leafValues(inner, into, depth + 1)
  }
  return into
}
