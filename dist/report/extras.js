/** Only inline raster images are allowed into the report (no network, no SVG scripts). */
export function isSafeImageDataUri(uri) {
    return uri.length <= 2_000_000 && /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/.test(uri);
}
