/**
 * JSON Schema (draft-07) of the report, schemaVersion 1. It mirrors `types.ts` field for field.
 * `schema/report.schema.json` is this object written out (test/report/schema.test.ts keeps them equal;
 * regenerate with `UPDATE_REPORT_SCHEMA=1 npm test -- test/report/schema`).
 *
 * Reports are read back from artifacts that a pull request's workflow produced, so they are untrusted:
 * every string and array has a generous upper bound, and unknown keys are rejected except in `meta`
 * and `embedding` (which the types leave open for extensions).
 */
import { MAX_UNREADABLE_ANNOTATIONS } from '../contracts/index.js';
/** Bounds for untrusted reports. Generous for real runs; small enough that a hostile file cannot balloon. */
export const REPORT_LIMITS = {
    /** bytes of report JSON accepted by parseReport() */
    maxBytes: 64 * 1024 * 1024,
    shortString: 256,
    name: 1024,
    path: 4096,
    text: 4000,
    datasets: 1000,
    features: 20000,
    skipped: 100000,
    evidence: 100,
    recommendations: 50,
    labels: 10000,
    topCategories: 100,
    onlyIn: 20000,
    metaProperties: 200,
    annotations: 1000,
    configChanges: 1000,
    unreadableAnnotations: MAX_UNREADABLE_ANNOTATIONS,
};
const L = REPORT_LIMITS;
const probability = (description) => ({ type: 'number', minimum: 0, maximum: 1, description });
const count = (description) => ({ type: 'integer', minimum: 0, description });
const unlabelledSide = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['items', 'of', 'share'],
    properties: { items: count('sampled items without a label'), of: count('sampled items'), share: probability('items / of') },
});
const testResult = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['statistic', 'pValue'],
    properties: {
        statistic: { type: 'number', description: 'test statistic' },
        pValue: probability('p-value of the test'),
    },
});
const sideShares = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['base', 'head'],
    properties: { base: probability('base side'), head: probability('head side') },
});
const chi2Result = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['statistic', 'pValue', 'dof'],
    properties: {
        statistic: { type: 'number', minimum: 0, description: 'chi-square statistic' },
        pValue: probability('p-value'),
        dof: count('degrees of freedom'),
    },
});
const duplicateSide = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['items', 'share', 'groups'],
    properties: {
        items: count('items that duplicate an earlier item of the same side'),
        share: probability('items / sampled items'),
        groups: count('groups of two or more items with the same content'),
    },
});
const sideCounts = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['base', 'head'],
    properties: { base: count('base side'), head: count('head side') },
});
const featureSummary = {
    type: 'object',
    description: 'Short description of one side of a feature, for evidence in the user’s terms.',
    additionalProperties: false,
    required: ['n'],
    properties: {
        n: count('non-missing values'),
        mean: { type: 'number', description: 'numeric: mean' },
        median: { type: 'number', description: 'numeric: median' },
        std: { type: 'number', minimum: 0, description: 'numeric: standard deviation (ddof 0)' },
        min: { type: 'number', description: 'numeric: minimum' },
        max: { type: 'number', description: 'numeric: maximum' },
        top: {
            type: 'array',
            description: 'categorical: the most frequent categories with their shares',
            maxItems: L.topCategories,
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['value', 'share'],
                properties: { value: { type: 'string', maxLength: L.name, description: 'category' }, share: probability('share of values') },
            },
        },
    },
};
const annotationHint = {
    type: 'object',
    description: 'Where a check-run annotation should point (a repository path, optionally a line).',
    additionalProperties: false,
    required: ['path', 'level', 'message'],
    properties: {
        path: { type: 'string', minLength: 1, maxLength: L.path, description: 'repository-relative path' },
        line: { type: 'integer', minimum: 1, description: '1-based line; the whole file when absent' },
        endLine: { type: 'integer', minimum: 1, description: '1-based last line (defaults to line)' },
        level: { enum: ['low', 'medium', 'high'], description: 'risk level this location contributes' },
        title: { type: 'string', maxLength: L.shortString, description: 'short title of the annotation' },
        message: { type: 'string', minLength: 1, maxLength: L.text, description: 'what is wrong there, with numbers' },
    },
};
const sizeQuantiles = (description) => ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['p10', 'median', 'p90'],
    properties: {
        p10: { type: 'number', minimum: 0, description: '10th percentile' },
        median: { type: 'number', minimum: 0, description: 'median' },
        p90: { type: 'number', minimum: 0, description: '90th percentile' },
    },
});
const boxSide = {
    type: 'object',
    description: 'One side’s boxes.',
    additionalProperties: false,
    required: ['images', 'boxes', 'imagesWithoutBoxes', 'unannotated', 'malformed', 'classes'],
    properties: {
        images: count('sampled images with an annotation (with or without boxes)'),
        boxes: count('boxes'),
        imagesWithoutBoxes: count('annotated images without boxes'),
        unannotated: count('sampled images no annotation refers to'),
        malformed: count('sampled images skipped for a malformed annotation'),
        unreadable: {
            type: 'object',
            description: 'sampled images whose annotation could not be read or used, of those whose annotation was read or tried (graded like unreadable data)',
            additionalProperties: false,
            required: ['images', 'of', 'share'],
            properties: {
                images: count('sampled images whose annotation could not be read or used'),
                of: count('sampled images whose annotation was read or tried'),
                share: probability('images / of'),
            },
        },
        classes: {
            type: 'object',
            description: 'boxes per class',
            maxProperties: L.labels,
            propertyNames: { maxLength: L.name },
            additionalProperties: count('boxes of this class'),
        },
        atInput: {
            type: 'object',
            description: 'box sizes at the model’s input, in pixels',
            additionalProperties: false,
            required: ['width', 'height', 'size', 'small', 'smallShare', 'croppedOut'],
            properties: {
                width: sizeQuantiles('box width'),
                height: sizeQuantiles('box height'),
                size: sizeQuantiles('√(width · height)'),
                small: count('boxes under smallObjectPx'),
                smallShare: probability('share of boxes under smallObjectPx'),
                croppedOut: count('boxes more than half cut away by a cover resize'),
            },
        },
    },
};
const sideSeparability = {
    type: 'object',
    description: 'box classes on object crops and on whole images',
    additionalProperties: false,
    properties: { crops: { $ref: '#/definitions/sideTransferability' }, images: { $ref: '#/definitions/sideTransferability' } },
};
const classShares = (description) => ({
    type: 'array',
    description,
    maxItems: L.labels,
    items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'boxes', 'share'],
        properties: {
            name: { type: 'string', maxLength: L.name, description: 'class' },
            boxes: count('boxes of the class'),
            share: probability('share of the side’s boxes'),
        },
    },
});
const boxesSchema = {
    type: 'object',
    description: 'Box statistics of a detection dataset (labels yolo:, coco:, voc:).',
    additionalProperties: false,
    required: ['format', 'source', 'smallObjectPx', 'base', 'head', 'newClasses', 'goneClasses', 'features'],
    properties: {
        format: { enum: ['yolo', 'coco', 'voc'], description: 'annotation format' },
        source: { type: 'string', maxLength: L.path, description: 'the labels setting' },
        classes: { type: 'array', maxItems: L.labels, description: 'class names the source declares', items: { type: 'string', maxLength: L.name } },
        input: {
            type: 'object',
            description: 'the model’s input and resize',
            additionalProperties: false,
            required: ['width', 'height', 'resize'],
            properties: {
                width: count('input width'),
                height: count('input height'),
                resize: { enum: ['fill', 'cover'], description: 'fill: stretched; cover: shorter side, centre crop' },
            },
        },
        smallObjectPx: { type: 'number', minimum: 0, description: 'objects under this size (√(w·h) at the input, pixels) are small' },
        base: boxSide,
        head: boxSide,
        newClasses: classShares('classes of head boxes that base has none of'),
        goneClasses: classShares('classes of base boxes that head has none of'),
        features: {
            type: 'array',
            maxItems: L.features,
            description: 'box drift features (per-box ones tested on one seeded box per image)',
            items: { $ref: '#/definitions/feature' },
        },
        sizeHistogram: {
            type: 'object',
            description: 'box sizes at the model’s input: bins [edges[i], edges[i+1]), the last open',
            additionalProperties: false,
            required: ['edges', 'base', 'head'],
            properties: {
                edges: { type: 'array', maxItems: 64, description: 'bin lower edges, pixels', items: { type: 'number', minimum: 0 } },
                base: { type: 'array', maxItems: 64, description: 'base boxes per bin', items: { type: 'integer', minimum: 0 } },
                head: { type: 'array', maxItems: 64, description: 'head boxes per bin', items: { type: 'integer', minimum: 0 } },
            },
        },
        objects: {
            type: 'object',
            description: 'object-level embeddings: crops around the boxes, embedded with the same model',
            additionalProperties: false,
            required: ['crops', 'margin', 'separability'],
            properties: {
                crops: sideCounts('crops embedded per side'),
                margin: { type: 'number', minimum: 0, description: 'context margin per side, as a share of the box’s longer side' },
                separability: {
                    type: 'object',
                    description: 'box classes on crops vs whole images, per side',
                    additionalProperties: false,
                    properties: { base: sideSeparability, head: sideSeparability },
                },
                drift: {
                    type: 'object',
                    description: 'base crops vs head crops',
                    additionalProperties: false,
                    required: ['mmd', 'classifierAuc', 'classifierPValue'],
                    properties: {
                        mmd: testResult('MMD² with RBF kernel, permutation test'),
                        classifierAuc: probability('cross-validated AUC of a base-vs-head domain classifier'),
                        classifierPValue: probability('permutation p-value of the classifier AUC'),
                    },
                },
                notes: { type: 'array', maxItems: L.evidence, description: 'why a part was not measured', items: { type: 'string', maxLength: L.text } },
            },
        },
        notes: { type: 'array', maxItems: L.evidence, description: 'remarks on the annotations', items: { type: 'string', maxLength: L.text } },
        unreadable: {
            type: 'array',
            maxItems: L.unreadableAnnotations,
            description: 'annotation files that could not be read or used, head’s first',
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['side', 'file', 'reason', 'images'],
                properties: {
                    side: { enum: ['base', 'head'], description: 'the revision' },
                    file: { type: 'string', minLength: 1, maxLength: L.path, description: 'the annotation file (or folder)' },
                    line: { type: 'integer', minimum: 1, description: '1-based line of the problem, when known' },
                    reason: { type: 'string', maxLength: L.text, description: 'why, without the file and line' },
                    images: count('sampled images left out of the box statistics because of it'),
                },
            },
        },
        error: { type: 'string', maxLength: L.text, description: 'why the boxes cannot be judged' },
        errorSides: {
            type: 'array',
            maxItems: 2,
            uniqueItems: true,
            items: { enum: ['base', 'head'] },
            description: "the revisions `error` is about; head's annotations that cannot be judged fail closed (thresholds.unanalyzableLevel)",
        },
    },
};
const unreadableSide = {
    type: 'object',
    description: 'what could not be read on one side',
    additionalProperties: false,
    required: ['items', 'of', 'share'],
    properties: {
        items: count('sampled items that could not be read (a table file counts once)'),
        of: count('sampled items read or tried'),
        rows: {
            type: 'object',
            description: 'table files: data rows in the unreadable ones (estimated from their line count) and rows in all of them',
            additionalProperties: false,
            required: ['unreadable', 'of'],
            properties: { unreadable: count('rows in unreadable table files (estimated)'), of: count('rows in all sampled table files') },
        },
        share: probability('the unreadable share data-drift grades: items and table rows together'),
    },
};
const configSection = {
    type: 'object',
    description: 'Which revision’s repository config judged the run, and what the pull request changes in it (changes to base’s keys take effect after merge).',
    additionalProperties: false,
    required: ['path', 'source', 'head', 'changes'],
    properties: {
        path: { type: 'string', minLength: 1, maxLength: L.path, description: 'the config file in the repository' },
        source: { enum: ['base', 'head'], description: 'the revision whose config decided this run: base, or head when base has no config' },
        head: { enum: ['unchanged', 'changed', 'missing', 'invalid'], description: 'head’s config file compared with base’s' },
        changes: {
            type: 'array',
            description: 'head’s changes to the config, one per key',
            maxItems: L.configChanges,
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['key', 'change', 'effect'],
                properties: {
                    key: { type: 'string', minLength: 1, maxLength: L.path, description: 'key path, datasets by name (datasets[parts].paths, pretrained.task, fail-on)' },
                    change: { enum: ['added', 'removed', 'changed'], description: 'what head does to the key' },
                    base: { type: 'string', maxLength: L.text, description: 'the value at base, as JSON' },
                    head: { type: 'string', maxLength: L.text, description: 'the value at head, as JSON' },
                    line: { type: 'integer', minimum: 1, description: '1-based line in head’s config file' },
                    effect: {
                        enum: ['after-merge', 'this-run'],
                        description: 'after-merge: this run used base’s value; this-run: head’s value was used (a dataset defined only in head)',
                    },
                },
            },
        },
        error: {
            type: 'object',
            description: 'head’s config is invalid (the check fails closed)',
            additionalProperties: false,
            required: ['message'],
            properties: {
                line: { type: 'integer', minimum: 1, description: '1-based line of the problem' },
                message: { type: 'string', minLength: 1, maxLength: L.text, description: 'the problem' },
            },
        },
    },
};
export const REPORT_SCHEMA = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:transfer-risk:report:1',
    title: 'transfer-risk report',
    description: 'The transfer-learning risk report of one comparison (base → head), schemaVersion 1. Written as report.json; read back by the bot from workflow artifacts.',
    type: 'object',
    additionalProperties: false,
    required: ['schemaVersion', 'tool', 'createdAt', 'base', 'head', 'meta', 'datasets', 'risk'],
    properties: {
        schemaVersion: { const: 1, description: 'Version of this schema; bumped on breaking changes.' },
        tool: {
            type: 'object',
            description: 'The tool that wrote the report.',
            additionalProperties: false,
            required: ['name', 'version'],
            properties: {
                name: { type: 'string', minLength: 1, maxLength: L.shortString, description: 'tool name (transfer-risk)' },
                version: { type: 'string', maxLength: L.shortString, description: 'tool version' },
            },
        },
        createdAt: { type: 'string', format: 'date-time', maxLength: 64, description: 'ISO 8601 time the report was written.' },
        base: { $ref: '#/definitions/revision', description: 'The reference (old) data.' },
        head: { $ref: '#/definitions/revision', description: 'The current (new) data.' },
        meta: {
            type: 'object',
            description: 'How the run was made. Open for extensions (bounded in number of keys).',
            maxProperties: L.metaProperties,
            propertyNames: { maxLength: L.shortString },
            properties: {
                backend: { type: 'string', maxLength: L.shortString, description: 'embedding engine used (onnx, onnx-cuda, or a TensorFlow.js backend)' },
                device: { type: 'string', maxLength: L.shortString, description: 'device description (GPU name, cpu)' },
                engine: { type: 'string', maxLength: 64, description: 'engine that ran the model: onnxruntime or tfjs' },
                executionProvider: {
                    type: 'string',
                    maxLength: 64,
                    description: 'ONNX Runtime execution provider (cpu, cuda) or TensorFlow.js backend (wasm, tensorflow, cpu)',
                },
                threads: { type: 'integer', minimum: 1, description: 'ONNX Runtime intra-op threads' },
                imagesPerSecond: { type: 'number', minimum: 0, description: 'embedding throughput of the run (decode included; cache hits excluded)' },
                model: { type: 'string', maxLength: L.path, description: 'pretrained model reference' },
                sampleSize: count('items sampled per side and dataset (0 = all)'),
                seconds: { type: 'number', minimum: 0, description: 'wall-clock duration of the analysis' },
                seed: { type: 'integer', description: 'sampling and permutation seed' },
                failOn: { enum: ['none', 'medium', 'high'], description: 'policy level at which the check fails' },
                runUrl: { type: 'string', maxLength: L.path, description: 'URL of the workflow run' },
                reportUrl: { type: 'string', maxLength: L.path, description: 'URL of the HTML report' },
                truncated: {
                    type: 'array',
                    description: 'Lists longer than the schema allows, cut to their first maxItems entries when the report was written; the verdict was computed from the full lists.',
                    maxItems: L.evidence,
                    items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['path', 'kept', 'of'],
                        properties: {
                            path: { type: 'string', maxLength: L.path, description: 'where in the report, e.g. datasets[2].labelDistribution.added' },
                            kept: count('entries kept (the schema maxItems)'),
                            of: count('entries there were'),
                        },
                    },
                },
                annotations: {
                    type: 'array',
                    description: 'Locations (augmentation config lines, dataset paths) that drive the verdict, for check-run annotations.',
                    maxItems: L.annotations,
                    items: annotationHint,
                },
            },
        },
        config: configSection,
        datasets: {
            type: 'array',
            description: 'One entry per configured dataset that the change touched.',
            maxItems: L.datasets,
            items: { $ref: '#/definitions/dataset' },
        },
        risk: {
            type: 'object',
            description: 'The verdict: the overall level is the highest scenario level.',
            additionalProperties: false,
            required: ['level', 'scenarios'],
            properties: {
                level: { $ref: '#/definitions/level' },
                scenarios: {
                    type: 'array',
                    description: 'The four scenarios, each exactly once.',
                    minItems: 4,
                    maxItems: 4,
                    items: { $ref: '#/definitions/scenario' },
                    allOf: ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'].map((id) => ({
                        contains: { type: 'object', properties: { id: { const: id } }, required: ['id'] },
                    })),
                },
            },
        },
    },
    definitions: {
        level: { enum: ['low', 'medium', 'high'], description: 'Risk level.' },
        revision: {
            type: 'object',
            additionalProperties: false,
            required: ['ref', 'sha'],
            properties: {
                ref: { type: 'string', maxLength: L.path, description: 'branch, tag or path as given' },
                sha: { type: 'string', maxLength: 64, description: 'commit SHA (empty when not a git revision)' },
            },
        },
        scenario: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'level', 'score', 'evidence', 'recommendations'],
            properties: {
                id: { enum: ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'], description: 'Scenario id.' },
                level: { $ref: '#/definitions/level' },
                applicable: { type: 'boolean', description: 'false when the scenario does not apply to this comparison (shown as n/a; level kept for fail-on)' },
                score: probability('strength of the evidence, 0 (none) to 1 (certain)'),
                evidence: {
                    type: 'array',
                    description: 'Sentences with numbers, strongest first.',
                    maxItems: L.evidence,
                    items: { type: 'string', maxLength: L.text },
                },
                recommendations: {
                    type: 'array',
                    description: 'What to do about it.',
                    maxItems: L.recommendations,
                    items: { type: 'string', maxLength: L.text },
                },
            },
        },
        feature: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'kind', 'metrics', 'drift'],
            properties: {
                name: { type: 'string', maxLength: L.name, description: 'feature or column name' },
                kind: { enum: ['numeric', 'categorical'], description: 'numeric when every non-missing value parses as a number' },
                role: {
                    enum: ['format', 'content'],
                    description: 'format: how items are stored (resolution, file format, sample rate, encoding); content: what they hold',
                },
                missing: sideCounts('missing (empty or unparseable) values per side'),
                metrics: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['psi', 'kl', 'js'],
                    properties: {
                        psi: { type: 'number', minimum: 0, description: 'Population Stability Index on base-quantile bins' },
                        kl: { type: 'number', description: 'KL(base ‖ head), natural log' },
                        js: probability('Jensen–Shannon distance, base 2'),
                        ks: testResult('numeric: two-sample Kolmogorov–Smirnov test'),
                        wasserstein: { type: 'number', minimum: 0, description: 'numeric: W1 distance' },
                        wassersteinNormed: { type: 'number', minimum: 0, description: 'numeric: W1 / std(base)' },
                        chi2: chi2Result('categorical: Pearson chi-square test of homogeneity'),
                        pAdjusted: probability('p-value after multiple-testing correction (Benjamini–Hochberg by default)'),
                    },
                },
                drift: { type: 'boolean', description: 'significant after correction AND effect size above its threshold' },
                summary: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['base', 'head'],
                    properties: { base: featureSummary, head: featureSummary },
                },
                missingness: {
                    type: 'object',
                    description: 'change of the missing share, base vs head',
                    additionalProperties: false,
                    required: ['share', 'pValue', 'pAdjusted', 'drift'],
                    properties: {
                        share: sideShares('missing / rows per side'),
                        pValue: probability("Fisher's exact test on missing/present × base/head"),
                        pAdjusted: probability('after Benjamini–Hochberg across the missingness and fill tests'),
                        drift: { type: 'boolean', description: 'significant after correction and |Δ share| at least missingShareMedium' },
                    },
                },
                fill: {
                    type: 'object',
                    description: 'one value whose share jumped in head (a constant fill, often imputed missing values)',
                    additionalProperties: false,
                    required: ['value', 'share', 'pValue', 'pAdjusted', 'kind'],
                    properties: {
                        value: { type: 'string', maxLength: L.name, description: 'the value, as text' },
                        share: sideShares('rows holding exactly this value, per side'),
                        pValue: probability("Fisher's exact test of the value's share"),
                        pAdjusted: probability('after Benjamini–Hochberg across the missingness and fill tests'),
                        kind: {
                            enum: ['imputed', 'constant'],
                            description: 'imputed: the missing share fell as the value rose; constant: a value rare in base became common',
                        },
                    },
                },
                typeChange: {
                    type: 'object',
                    description: 'the column type differs between the sides (a schema change)',
                    additionalProperties: false,
                    required: ['base', 'head', 'nonNumericShare', 'examples'],
                    properties: {
                        base: { enum: ['numeric', 'text'], description: 'type in base' },
                        head: { enum: ['numeric', 'text'], description: 'type in head' },
                        nonNumericShare: sideShares('share of non-missing values that are not numbers'),
                        examples: { type: 'array', maxItems: 10, description: 'values that are not numbers', items: { type: 'string', maxLength: L.name } },
                    },
                },
                cardinality: {
                    type: 'object',
                    description: 'high-cardinality categorical: unseen values and top-k divergence (these decide its drift flag)',
                    additionalProperties: false,
                    required: ['distinct', 'unseenShare', 'unseenPValue', 'topK', 'pValue', 'pAdjusted'],
                    properties: {
                        distinct: {
                            type: 'object',
                            description: 'distinct categories',
                            additionalProperties: false,
                            required: ['base', 'head', 'union'],
                            properties: { base: count('in base'), head: count('in head'), union: count('in base ∪ head') },
                        },
                        unseenShare: sideShares("head: share of head values base does not have; base: base's leave-one-out share (values seen once)"),
                        unseenPValue: probability("Fisher's exact test of the unseen shares"),
                        topK: {
                            type: 'object',
                            description: 'the k most frequent categories plus an "other" bin',
                            additionalProperties: false,
                            required: ['k', 'js', 'chi2'],
                            properties: {
                                k: count('categories kept'),
                                js: probability('Jensen–Shannon distance, base 2'),
                                chi2: chi2Result('Pearson chi-square test of homogeneity on the k + 1 bins'),
                            },
                        },
                        pValue: probability('Bonferroni of the top-k chi-square and the unseen test'),
                        pAdjusted: probability('after Benjamini–Hochberg across the high-cardinality features'),
                    },
                },
            },
        },
        embedding: {
            type: 'object',
            description: 'Drift of the pretrained embeddings. Open for extensions.',
            required: ['dims', 'mmd', 'classifierAuc', 'driftShare'],
            maxProperties: L.metaProperties,
            properties: {
                dims: count('embedding dimensions'),
                components: count('PCA components kept (fitted on base)'),
                explainedVariance: probability('variance explained by the kept components'),
                mmd: testResult('MMD² with RBF kernel, permutation test'),
                classifierAuc: probability('cross-validated AUC of a base-vs-head domain classifier'),
                classifierPValue: probability('permutation p-value of the classifier AUC'),
                driftShare: probability('share of PCA components whose KS test is significant after BH'),
                outsideCoverage: probability('share of head items outside base coverage'),
                confidence: {
                    type: 'object',
                    description: 'the model’s own confidence (mean max softmax) when it has a classifier head',
                    additionalProperties: false,
                    required: ['base', 'head'],
                    properties: {
                        base: probability('base side'),
                        head: probability('head side'),
                        ks: testResult('KS test between the sides’ confidences'),
                        caveat: { type: 'string', maxLength: L.text, description: 'set when the classifier head is not about the user’s task (the built-in model)' },
                    },
                },
            },
        },
        baselinedScore: {
            type: 'object',
            description: 'a transferability score beside the same score on shuffled labels',
            additionalProperties: false,
            required: ['score', 'baseline', 'baselineStd', 'gain', 'shuffles'],
            properties: {
                score: { type: 'number', description: 'score on the real labels' },
                baseline: { type: 'number', description: 'mean score on shuffled labels' },
                baselineStd: { type: 'number', minimum: 0, description: 'standard deviation of the shuffled scores (ddof 1)' },
                gain: { type: 'number', description: 'score − baseline' },
                shuffles: count('shuffled labelings'),
            },
        },
        sideTransferability: {
            type: 'object',
            description: 'transferability of one side’s labels in the pretrained embedding',
            additionalProperties: false,
            required: ['n', 'classes', 'dropped', 'knn', 'logme'],
            properties: {
                n: count('items scored'),
                classes: { type: 'array', maxItems: L.labels, description: 'classes scored', items: { type: 'string', maxLength: L.name } },
                dropped: { type: 'array', maxItems: L.labels, description: 'classes left out (too few items)', items: { type: 'string', maxLength: L.name } },
                knn: {
                    type: 'object',
                    description: 'cross-validated kNN probe (cosine)',
                    additionalProperties: false,
                    required: ['k', 'folds', 'accuracy', 'chance', 'lift', 'baseline'],
                    properties: {
                        k: count('neighbours'),
                        folds: count('cross-validation folds'),
                        accuracy: probability('cross-validated accuracy'),
                        chance: probability('majority-class share'),
                        lift: { type: 'number', description: '(accuracy − chance) / (1 − chance)' },
                        baseline: { type: 'number', description: 'mean lift on shuffled labels' },
                    },
                },
                logme: { $ref: '#/definitions/baselinedScore', description: 'LogME (You et al. 2021)' },
                hscore: { $ref: '#/definitions/baselinedScore', description: 'shrinkage H-score (Ibrahim et al. 2022)' },
                leep: { $ref: '#/definitions/baselinedScore', description: 'LEEP with the model’s classifier head (Nguyen et al. 2020)' },
                nce: { $ref: '#/definitions/baselinedScore', description: 'NCE with the model’s classifier head (Tran et al. 2019)' },
            },
        },
        dataset: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'modality', 'sample', 'features', 'skipped'],
            properties: {
                name: { type: 'string', maxLength: L.name, description: 'dataset name from the config' },
                modality: { enum: ['image', 'tabular', 'audio', 'text'], description: 'kind of data' },
                sample: sideCounts('items sampled per side'),
                total: sideCounts('items available per side before sampling'),
                changes: {
                    type: 'object',
                    description: 'files changed between base and head',
                    additionalProperties: false,
                    required: ['added', 'modified', 'deleted', 'renamed'],
                    properties: {
                        added: count('added files'),
                        modified: count('modified files'),
                        deleted: count('deleted files'),
                        renamed: count('renamed files'),
                    },
                },
                labels: {
                    type: 'object',
                    description: 'label counts per side',
                    additionalProperties: false,
                    required: ['source', 'base', 'head'],
                    properties: {
                        source: {
                            type: 'string',
                            maxLength: L.path,
                            description: 'where labels come from (directory, column:<name>, file:<path>, yolo:<dir>, coco:<file>, voc:<dir>)',
                        },
                        base: { $ref: '#/definitions/labelCounts' },
                        head: { $ref: '#/definitions/labelCounts' },
                        unlabelled: {
                            type: 'object',
                            description: 'sampled items without a label per side (directory, file: and column: labels; absent when every item has one): a rise at head is graded, as they are left out of the class comparison',
                            additionalProperties: false,
                            required: ['base', 'head'],
                            properties: { base: unlabelledSide('base sample'), head: unlabelledSide('head sample') },
                        },
                    },
                },
                labelDistribution: {
                    type: 'object',
                    description: 'class proportions base vs head',
                    additionalProperties: false,
                    required: ['classes', 'added', 'removed', 'addedShare', 'removedShare', 'chi2', 'js'],
                    properties: {
                        classes: {
                            type: 'object',
                            description: 'number of classes',
                            additionalProperties: false,
                            required: ['base', 'head', 'shared'],
                            properties: { base: count('in base'), head: count('in head'), shared: count('in both') },
                        },
                        added: { type: 'array', maxItems: L.labels, description: 'classes only head has', items: { type: 'string', maxLength: L.name } },
                        removed: { type: 'array', maxItems: L.labels, description: 'classes only base has', items: { type: 'string', maxLength: L.name } },
                        addedShare: probability('share of head items in added classes'),
                        removedShare: probability('share of base items in removed classes'),
                        chi2: chi2Result('Pearson chi-square test of homogeneity over the classes'),
                        js: probability('Jensen–Shannon distance between the class proportions, base 2'),
                        largest: {
                            type: 'object',
                            description: 'the class whose share moved most',
                            additionalProperties: false,
                            required: ['label', 'base', 'head'],
                            properties: {
                                label: { type: 'string', maxLength: L.name, description: 'class' },
                                base: probability('share in base'),
                                head: probability('share in head'),
                            },
                        },
                    },
                },
                duplicates: {
                    type: 'object',
                    description: 'exact and near duplicates within each side and copies of base items',
                    additionalProperties: false,
                    required: ['exact', 'sharedWithBase', 'test', 'examples'],
                    properties: {
                        exact: {
                            type: 'object',
                            description: 'same content hash',
                            additionalProperties: false,
                            required: ['base', 'head'],
                            properties: { base: duplicateSide('base sample'), head: duplicateSide('head sample') },
                        },
                        sharedWithBase: {
                            type: 'object',
                            description: 'added or modified head items whose content is also in the base sample',
                            additionalProperties: false,
                            required: ['items', 'share'],
                            properties: { items: count('items'), share: probability('of the head sample') },
                        },
                        near: {
                            type: 'object',
                            description: 'near duplicates: embedding cosine at or above the threshold (includes exact ones)',
                            additionalProperties: false,
                            required: ['threshold', 'base', 'head'],
                            properties: {
                                threshold: { type: 'number', minimum: -1, maximum: 1, description: 'cosine similarity threshold' },
                                base: duplicateSide('base sample'),
                                head: duplicateSide('head sample'),
                            },
                        },
                        test: {
                            type: 'object',
                            description: 'copies in head vs base',
                            additionalProperties: false,
                            required: ['pValue', 'excess'],
                            properties: {
                                pValue: probability("Fisher's exact test"),
                                excess: { type: 'number', minimum: -1, maximum: 1, description: 'head share − base share' },
                            },
                        },
                        examples: {
                            type: 'array',
                            maxItems: 20,
                            description: 'example groups',
                            items: {
                                type: 'object',
                                additionalProperties: false,
                                required: ['kind', 'paths'],
                                properties: {
                                    kind: { enum: ['exact', 'near', 'shared'], description: 'exact copies, near copies, or a head item copying a base item' },
                                    paths: { type: 'array', maxItems: 10, description: 'paths of the items', items: { type: 'string', maxLength: L.path } },
                                },
                            },
                        },
                    },
                },
                delimiters: {
                    type: 'object',
                    description: 'field delimiters of the delimited table files per side (sniffed)',
                    additionalProperties: false,
                    required: ['base', 'head'],
                    properties: {
                        base: { type: 'array', maxItems: 8, description: 'base', items: { type: 'string', maxLength: 4 } },
                        head: { type: 'array', maxItems: 8, description: 'head', items: { type: 'string', maxLength: 4 } },
                    },
                },
                contentForm: { type: 'string', maxLength: L.text, description: 'how content features were measured (canonical form)' },
                onlyIn: {
                    type: 'object',
                    description: 'columns/features present on one side only',
                    additionalProperties: false,
                    required: ['base', 'head'],
                    properties: {
                        base: { type: 'array', maxItems: L.onlyIn, description: 'only in base', items: { type: 'string', maxLength: L.name } },
                        head: { type: 'array', maxItems: L.onlyIn, description: 'only in head', items: { type: 'string', maxLength: L.name } },
                    },
                },
                features: { type: 'array', maxItems: L.features, description: 'per-item features compared base vs head', items: { $ref: '#/definitions/feature' } },
                embedding: { $ref: '#/definitions/embedding' },
                subsets: {
                    type: 'object',
                    description: 'added / modified head items tested on their own against base',
                    additionalProperties: false,
                    required: ['counts', 'tests'],
                    properties: {
                        counts: {
                            type: 'object',
                            description: 'head sample items by how they changed',
                            additionalProperties: false,
                            required: ['added', 'modified', 'other'],
                            properties: { added: count('added items'), modified: count('modified items'), other: count('unchanged or renamed items') },
                        },
                        tests: {
                            type: 'array',
                            maxItems: 2,
                            description: 'embedding drift of each subset vs base (Bonferroni over the full test and the subsets)',
                            items: {
                                type: 'object',
                                additionalProperties: false,
                                required: ['name', 'n', 'embedding'],
                                properties: {
                                    name: { enum: ['added', 'modified'], description: 'which subset' },
                                    n: count('items in the subset'),
                                    embedding: { $ref: '#/definitions/embedding' },
                                },
                            },
                        },
                    },
                },
                transferability: {
                    type: 'object',
                    description: 'label separability and transferability scores per side, each with its shuffled-label baseline',
                    additionalProperties: false,
                    required: ['labelsChanged', 'labelsSame'],
                    properties: {
                        base: { $ref: '#/definitions/sideTransferability' },
                        head: { $ref: '#/definitions/sideTransferability' },
                        notes: {
                            type: 'object',
                            description: 'why a side was not scored',
                            additionalProperties: false,
                            properties: {
                                base: { type: 'string', maxLength: L.text, description: 'why base was not scored' },
                                head: { type: 'string', maxLength: L.text, description: 'why head was not scored' },
                            },
                        },
                        labelsChanged: { type: 'boolean', description: 'base and head labels present with different class sets' },
                        labelsSame: { type: 'boolean', description: 'base and head labels present with the same class set' },
                    },
                },
                boxes: { $ref: '#/definitions/boxes' },
                skipped: {
                    type: 'array',
                    description: 'items that could not be read, with the reason',
                    maxItems: L.skipped,
                    items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['path', 'side', 'reason'],
                        properties: {
                            path: { type: 'string', maxLength: L.path, description: 'repository path of the item' },
                            side: { enum: ['base', 'head'], description: 'which revision' },
                            reason: { type: 'string', maxLength: L.text, description: 'why it was skipped' },
                        },
                    },
                },
                unreadable: {
                    type: 'object',
                    description: 'how much of each side’s sample could not be read (set when anything could not be read)',
                    additionalProperties: false,
                    required: ['base', 'head'],
                    properties: { base: unreadableSide, head: unreadableSide },
                },
                error: { type: 'string', maxLength: L.text, description: 'set when the dataset could not be analyzed at all' },
                errorSides: {
                    type: 'array',
                    maxItems: 2,
                    uniqueItems: true,
                    items: { enum: ['base', 'head'] },
                    description: 'the revision `error` is about: only base lacking data (a new dataset) is graded medium; what head breaks fails closed',
                },
            },
        },
        labelCounts: {
            type: 'object',
            maxProperties: L.labels,
            propertyNames: { maxLength: L.name },
            additionalProperties: count('items with this label'),
        },
        boxes: boxesSchema,
    },
};
