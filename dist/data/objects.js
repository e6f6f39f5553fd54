import { errorMessage } from '../errors.js';
import { testedBoxIndex } from './annotations/types.js';
import { cropObjects } from './crops.js';
import { BottomK } from './sample.js';
/** The crops of one side; images that cannot be cropped are reported, not fatal. */
export async function objectCrops(items, side, opts) {
    const pick = new BottomK(opts.maxPerSide, opts.seed + 29);
    for (const it of items)
        if (it.boxes && it.boxes.length > 0 && it.bytes)
            pick.add(it.id, it);
    const chosen = pick.values().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const results = new Array(chosen.length);
    let next = 0;
    const worker = async () => {
        while (next < chosen.length) {
            const i = next++;
            const it = chosen[i];
            const k = testedBoxIndex(it.id, it.boxes.length, opts.seed);
            const box = it.boxes[k];
            try {
                const [c] = await cropObjects(it.bytes, [box], { margin: opts.margin });
                const r = c.region;
                results[i] = {
                    item: it,
                    box,
                    id: `${side}:crop:${it.id}`,
                    contentHash: `${it.contentHash}:crop:${r.left},${r.top},${r.width},${r.height}`,
                    bytes: c.bytes,
                };
            }
            catch (e) {
                results[i] = { path: it.path, side, reason: `object crop failed: ${errorMessage(e)}` };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 3, chosen.length)) }, worker));
    const crops = [];
    const failed = [];
    for (const r of results) {
        if ('bytes' in r)
            crops.push(r);
        else
            failed.push(r);
    }
    return { crops, failed };
}
