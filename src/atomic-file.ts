/**
 * Cache files written so that no reader (another job on the same runner, a concurrent delivery) ever
 * sees a partial file: the bytes go to a temp file unique to this process and call, beside the target,
 * which is then renamed into place (atomic on one file system). Used by the embedding, feature and
 * converted-model caches.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Write `data` to `file` atomically, creating its directory; on failure the temp file is removed and the error thrown. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the temp file could not be removed either: the error that matters is the first
    }
    throw err;
  }
}
