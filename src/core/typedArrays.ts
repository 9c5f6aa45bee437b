/** A typed array of the same kind with room for `size` items, the old items copied to its start: for buffers that grow. */
export function grown<T extends Int32Array | Float64Array>(old: T, size: number): T {
  const next = new (old.constructor as new (n: number) => T)(size);
  next.set(old);
  return next;
}
