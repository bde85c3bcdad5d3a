/** `{ [name]: value }` when value is defined, `{}` otherwise: keeps absent fields absent rather than `undefined`. */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
