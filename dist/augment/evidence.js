/**
 * The augmentation evidence of one dataset: its config at base and head, parsed and diffed, the head
 * pipeline's normalization, and (for image datasets) the measured effect of the head pipeline on the
 * head sample. Parse errors become `parseError` so the verdict says so instead of guessing.
 */
import { errorMessage } from '../errors.js';
import { diffPipelines, pipelineNormalize } from './diff.js';
import { measureAugmentation } from './measure.js';
import { parseAugmentation } from './parse.js';
export async function augmentationEvidence(src) {
    const errors = [];
    const parse = (text, side) => {
        if (text === undefined)
            return null;
        try {
            return parseAugmentation(text, src.configPath);
        }
        catch (err) {
            errors.push(`${side}: ${errorMessage(err)}`);
            return null;
        }
    };
    const base = parse(src.baseText, 'base');
    const head = parse(src.headText, 'head');
    const evidence = {
        configPath: src.configPath,
        base,
        head,
        diff: diffPipelines(base, head),
        normalize: pipelineNormalize(head),
    };
    if (errors.length)
        evidence.parseError = errors.join('; ');
    let measured;
    if (head && src.measure && src.measure.images.length > 0) {
        measured = await measureAugmentation({ ...src.measure, pipeline: head });
        if (measured.items > 0)
            evidence.measured = { items: measured.items, features: measured.features, embedding: measured.embedding };
    }
    return { evidence, measured };
}
