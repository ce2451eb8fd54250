/**
 * Orders strings by UTF-16 code units, as `Array.prototype.sort()` does: deterministic, the same
 * in every locale, and without ICU. `String.prototype.localeCompare` loads ICU's collation data
 * (~2 MiB of the node binary paged in for the life of the process: bench/README.md, "Memory"), so
 * operator code sorts with this instead (eslint forbids localeCompare under operator/).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
