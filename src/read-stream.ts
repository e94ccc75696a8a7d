/**
 * Reading a stream (standard input) under the same size limit as files: reading stops once the
 * limit is passed, so piping gigabytes (or `/dev/zero`) costs at most `limit + 1` bytes of memory.
 */

/**
 * The stream's bytes, or its first `limit + 1` bytes when it is longer: one byte over the limit is
 * all `readSource` needs to report the content as too large. The stream is not drained.
 */
export async function readAtMost(stream: AsyncIterable<unknown> | Iterable<unknown>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    const room = limit + 1 - length;
    chunks.push(bytes.length > room ? bytes.subarray(0, room) : bytes);
    length += Math.min(bytes.length, room);
    // Leaving the loop ends the iteration, which destroys the stream: nothing more is read.
    if (length > limit) break;
  }
  return Buffer.concat(chunks, length);
}
