export function toColumns(items) {
    const names = new Set();
    for (const it of items)
        for (const k of Object.keys(it.features))
            names.add(k);
    const cols = new Map();
    for (const name of names)
        cols.set(name, items.map((it) => it.features[name] ?? null));
    return cols;
}
