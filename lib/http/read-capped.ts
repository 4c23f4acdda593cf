/**
 * Reads a request or response body as UTF-8 text, at most `max` bytes: null as soon as the declared
 * length or the bytes actually read go past it (the rest is never read into memory).
 */
export async function readCapped(message: Request | Response, max: number): Promise<string | null> {
  const declared = Number(message.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > max) return null;
  if (!message.body) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
