/**
 * Yields `read(item)` for each item in order, keeping up to `window` reads in flight ahead of the
 * consumer. Each file read costs several round trips through libuv's thread pool; done one after
 * another they leave the CPU idle for about a millisecond per file, so analysis of one file
 * overlaps with reading the next ones. The window bounds the memory held by waiting contents.
 */
export async function* readAhead<T, R>(items: readonly T[], read: (item: T) => Promise<R>, window = 16): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  let next = 0;
  while (next < items.length && pending.length < window) pending.push(read(items[next++]!));
  while (pending.length > 0) {
    const result = await pending.shift()!;
    if (next < items.length) pending.push(read(items[next++]!));
    yield result;
  }
}
