export const FORMAT_FEATURES = {
    image: ['width', 'height', 'aspect', 'megapixels', 'bytes', 'format', 'channels', 'bitDepth'],
    audio: ['sampleRate', 'channels', 'bitDepth', 'duration'],
    text: ['encoding', 'lineEndings'],
    tabular: [],
};
export function featureRole(modality, name) {
    return FORMAT_FEATURES[modality].includes(name) ? 'format' : 'content';
}
