/**
 * The bytes of a streamed table file that are not parsed yet, for the line readers (CSV/TSV and JSON
 * Lines). Chunks are appended to one buffer (doubled as needed); the subclass's `parse` takes the complete
 * records from buf[0, len) and moves what is left to the front. A record still incomplete after a parse
 * is searched again only once the buffer has doubled, so a record of n bytes costs O(n) scanning, not
 * O(n²/chunk) (a 30 MB cell was rescanned for every 1 MiB chunk).
 */
export abstract class ChunkedReader {
  protected buf: Buffer = Buffer.allocUnsafe(1 << 20);
  protected len = 0;
  /** bytes buffered before parsing again (set when a parse found no complete record) */
  private retryAt = 0;

  /** feed the next chunk of the file (copied). */
  push(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      let size = this.buf.length;
      while (size < this.len + chunk.length) size *= 2;
      const nb = Buffer.allocUnsafe(size);
      this.buf.copy(nb, 0, 0, this.len);
      this.buf = nb;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    if (this.len < this.retryAt) return;
    const before = this.len;
    this.parse(false);
    this.retryAt = this.len === before ? 2 * before : 0;
  }

  /** Parse the complete records in buf[0, len) and keep the rest at the front (len = its length); at `eof` the rest is the last record. */
  protected abstract parse(eof: boolean): void;
}
