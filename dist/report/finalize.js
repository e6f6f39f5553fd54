/**
 * The last step of every report the pipeline produces (issue 12, item 5): numbers that floating point
 * pushed just past their schema range (a Jensen–Shannon distance of 1.0000000000000016 on disjoint
 * categories, a share of 1 + 1e-16, a p-value of −1e-17) are clamped to it, and an infinite value of
 * an unbounded field (a Wasserstein distance between samples spanning ±1e308 overflows) becomes the
 * largest finite double; then the report is validated against the schema. A number far outside its
 * range, or NaN, is not clamped: it is a bug, and validation names the field.
 *
 * Text: strings a pull request brings (column names, paths, labels, transform names) are bounded where
 * they enter the report (src/contracts/names.ts). As a backstop, any string still longer than its
 * field's maxLength (and any object key longer than its propertyNames maxLength) is cut to fit with a
 * visible "…(N characters in all)" / a hashed ellipsis, never silently: one long name must not make the
 * report invalid (exit 2, no report, no reason). Lists of names or objects longer than their
 * maxItems (more new labels than the report lists, a dataset's features) keep their first maxItems
 * entries, and `meta.truncated` records each cut (where, kept, of): the verdict was computed before,
 * from the full lists. Lists of numbers (histogram counts aligned with their edges) are never cut.
 */
import { boundName, clampText } from '../contracts/index.js';
import { REPORT_SCHEMA } from './schema.js';
import { validateReport } from './validate.js';
/** How far past a bound a number may be and still count as rounding. */
export const RANGE_TOLERANCE = 1e-9;
function resolve(node) {
    let n = node;
    for (let i = 0; n && typeof n.$ref === 'string' && i < 10; i++) {
        const name = n.$ref.replace('#/definitions/', '');
        n = REPORT_SCHEMA.definitions[name];
    }
    return n;
}
function clampNumber(x, s) {
    // beyond the double range (W1 between samples spanning ±1e308): the largest finite double, where the field is unbounded
    if (x === Infinity && s.maximum === undefined)
        return Number.MAX_VALUE;
    if (x === -Infinity && s.minimum === undefined)
        return -Number.MAX_VALUE;
    if (!Number.isFinite(x))
        return x;
    const min = typeof s.minimum === 'number' ? s.minimum : undefined;
    const max = typeof s.maximum === 'number' ? s.maximum : undefined;
    if (min !== undefined && x < min && min - x <= RANGE_TOLERANCE * Math.max(1, Math.abs(min)))
        return min;
    if (max !== undefined && x > max && x - max <= RANGE_TOLERANCE * Math.max(1, Math.abs(max)))
        return max;
    return x;
}
/** Item schemas whose lists are cut when too long: names, objects. Numbers (histogram counts, edges) are aligned with one another, so never. */
function cuttable(items) {
    const it = resolve(items);
    if (!it)
        return false;
    return !(it.type === 'number' || it.type === 'integer');
}
function walk(value, schema, where, cuts) {
    const s = resolve(schema);
    if (!s)
        return value;
    if (typeof value === 'number')
        return clampNumber(value, s);
    if (typeof value === 'string')
        return typeof s.maxLength === 'number' ? clampText(value, s.maxLength) : value;
    if (Array.isArray(value)) {
        const items = s.items;
        const max = typeof s.maxItems === 'number' ? s.maxItems : undefined;
        // a list longer than the schema allows: its first maxItems entries, recorded (meta.truncated), never silently
        if (max !== undefined && value.length > max && (typeof s.minItems === 'number' ? s.minItems : 0) < max && cuttable(items)) {
            cuts.push({ path: where, kept: max, of: value.length });
            value.length = max;
        }
        if (items)
            for (let i = 0; i < value.length; i++)
                value[i] = walk(value[i], items, `${where}[${i}]`, cuts);
        return value;
    }
    if (value && typeof value === 'object') {
        const obj = value;
        const props = (s.properties ?? {});
        const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
        for (const k of Object.keys(obj)) {
            const sub = props[k] ?? extra;
            if (sub)
                obj[k] = walk(obj[k], sub, where ? `${where}.${k}` : k, cuts);
        }
        const keyMax = resolve(s.propertyNames)?.maxLength;
        if (keyMax !== undefined) {
            for (const k of Object.keys(obj)) {
                if (k.length <= keyMax)
                    continue;
                const short = boundName(k, keyMax); // hashed: two long keys with one prefix stay apart
                obj[short] = obj[k];
                delete obj[k];
            }
        }
    }
    return value;
}
/** Clamps rounding overshoots to the schema's ranges and cuts over-long lists and text to fit, in place. */
export function clampToSchema(report) {
    const cuts = [];
    walk(report, REPORT_SCHEMA, '', cuts);
    if (cuts.length && report.meta) {
        const all = [...(report.meta.truncated ?? []), ...cuts];
        report.meta.truncated = all.slice(0, REPORT_SCHEMA.properties.meta.properties.truncated.maxItems);
    }
    return report;
}
/** Clamps rounding overshoots, then validates what would be written (JSON round trip); throws naming the field. */
export function finalizeReport(report, source = 'the report') {
    clampToSchema(report);
    validateReport(JSON.parse(JSON.stringify(report)), source);
    return report;
}
