/**
 * The augmentation evidence of one dataset: its config at base and head, parsed and diffed, the head
 * pipeline's normalization, and (for image datasets) the measured effect of the head pipeline on the
 * head sample. What goes wrong is said as what it is: a parse error of head's config (`parseError`,
 * with file:line), a config that parses but cannot be used (`invalid`), unknown transform names
 * (`unknown`, with lines), parameters clamped for the simulation (`clamped`), or an engine failure
 * while measuring (`measureError`: this dataset's, never the run's).
 */
import { UserError, errorMessage } from '../errors.js';
import { checkPipeline } from './bounds.js';
import { diffPipelines, pipelineNormalize } from './diff.js';
import { measureAugmentation } from './measure.js';
import { AugmentationConfigError, parseAugmentation } from './parse.js';
import { NOT_PIXEL, SIMULATED, isKnownTransform } from './registry.js';
function parse(text, path) {
    if (text === undefined)
        return { pipeline: null };
    try {
        return { pipeline: parseAugmentation(text, path) };
    }
    catch (err) {
        if (err instanceof UserError)
            return { pipeline: null, error: err };
        throw err;
    }
}
export async function augmentationEvidence(src) {
    const b = parse(src.baseText, src.configPath);
    const h = parse(src.headText, src.configPath);
    let head = h.pipeline;
    const evidence = {
        configPath: src.configPath,
        base: b.pipeline,
        head,
        diff: { added: [], removed: [], changed: [] },
        normalize: null,
    };
    if (b.error)
        evidence.baseError = errorMessage(b.error);
    if (h.error) {
        if (h.error instanceof AugmentationConfigError && h.error.kind === 'parse')
            evidence.parseError = errorMessage(h.error);
        else
            evidence.invalid = [errorMessage(h.error)];
    }
    if (head) {
        const check = checkPipeline(head);
        if (check.invalid.length) {
            evidence.invalid = check.invalid.map((x) => `${src.configPath}: ${x}`);
            head = null; // not usable: judged as invalid, not simulated
            evidence.head = null;
        }
        else {
            if (check.unknown.length)
                evidence.unknown = check.unknown;
            if (check.clamped.length)
                evidence.clamped = check.clamped;
            const known = (t) => isKnownTransform(t.name) || (t.source !== undefined && isKnownTransform(t.source));
            const notSimulated = [...new Set(head.transforms.filter((t) => !SIMULATED.has(t.name) && !NOT_PIXEL.has(t.name) && known(t)).map((t) => t.name))];
            if (notSimulated.length)
                evidence.notSimulated = notSimulated;
        }
    }
    evidence.diff = diffPipelines(b.pipeline, head);
    evidence.normalize = pipelineNormalize(head);
    let measured;
    if (head && src.measure && src.measure.images.length > 0) {
        try {
            measured = await measureAugmentation({ ...src.measure, pipeline: head });
            if (measured.items > 0)
                evidence.measured = { items: measured.items, features: measured.features, embedding: measured.embedding };
        }
        catch (err) {
            // an engine failure (e.g. out of memory in the WASM backend) is this dataset's, not the run's
            evidence.measureError = errorMessage(err).split('\n')[0].slice(0, 500);
        }
    }
    return { evidence, measured };
}
