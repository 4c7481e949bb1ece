/** Plain-object test used by the merge: arrays and nulls are values, not containers. */
export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Deep-merges a patch into a document: objects merge key by key, anything else (arrays
 * included) replaces. The result is a new object; neither input is touched. A patch that
 * puts a scalar where the document has an object replaces it, and validation then says so.
 */
export function deepMerge(base: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const result: Record<string, any> = structuredClone(base)
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    result[key] =
      isPlainObject(value) && isPlainObject(result[key]) ? deepMerge(result[key], value) : structuredClone(value)
  }
  return result
}

/** Dotted paths whose values differ between two documents: the "what" of a config change. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    return [...keys].flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key))
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(root)']
}
