/** File-extension rules: which files belong to which modality, and `auto` detection. */
import { posix } from 'node:path';
import { AUDIO_EXTENSIONS } from './audio.js';
import { IMAGE_EXTENSIONS } from './image.js';
import { isTableFile as isTableName } from './table/read.js';
import { TEXT_EXTENSIONS } from './text.js';
export function extOf(path) {
    return posix.extname(path).toLowerCase();
}
/** Table files by name, as the table reader detects them: `.csv .tsv .tab .jsonl .ndjson .parquet .pq`, each also gzipped (`x.csv.gz`). */
export function isTableFile(path) {
    return isTableName(path);
}
/** Whether a file is data of this modality (text datasets also read JSONL/CSV text columns). */
export function belongsTo(modality, path) {
    const ext = extOf(path);
    switch (modality) {
        case 'image':
            return IMAGE_EXTENSIONS.includes(ext);
        case 'audio':
            return AUDIO_EXTENSIONS.includes(ext);
        case 'text':
            return TEXT_EXTENSIONS.includes(ext) || isTableFile(path);
        case 'tabular':
            return isTableFile(path);
    }
}
/**
 * Data of a modality in formats transfer-risk does not read, but training code does (torchvision's
 * ImageFolder reads .bmp, .ppm and .pgm; Keras's image_dataset_from_directory .bmp; torchaudio and
 * Hugging Face datasets FLAC, MP3 and Ogg; pandas and Polars Excel, Feather/Arrow, ORC and Avro). Inside a
 * dataset's paths such a file is data the model will train on: it is sampled like the others and counted
 * unreadable (data-drift grades the unreadable share), never ignored as "not data".
 */
export const UNREAD_FORMATS = {
    image: {
        '.bmp': 'BMP',
        '.dib': 'BMP',
        '.ppm': 'PPM',
        '.pgm': 'PGM',
        '.pbm': 'PBM',
        '.pnm': 'PNM',
        '.jp2': 'JPEG 2000',
        '.j2k': 'JPEG 2000',
        '.jxl': 'JPEG XL',
        '.exr': 'OpenEXR',
        '.hdr': 'Radiance HDR',
        '.dng': 'raw (DNG)',
        '.cr2': 'raw (CR2)',
        '.nef': 'raw (NEF)',
        '.arw': 'raw (ARW)',
    },
    audio: {
        '.flac': 'FLAC',
        '.mp3': 'MP3',
        '.ogg': 'Ogg',
        '.oga': 'Ogg',
        '.opus': 'Opus',
        '.m4a': 'AAC (M4A)',
        '.aac': 'AAC',
        '.aif': 'AIFF',
        '.aiff': 'AIFF',
        '.wma': 'WMA',
    },
    text: {},
    tabular: {
        '.xlsx': 'Excel',
        '.xls': 'Excel',
        '.feather': 'Feather/Arrow',
        '.arrow': 'Feather/Arrow',
        '.ipc': 'Feather/Arrow',
        '.orc': 'ORC',
        '.avro': 'Avro',
    },
};
/** What each modality's files are read in, for messages. */
export const READ_FORMATS = {
    image: 'JPEG, PNG, WebP, TIFF, GIF, AVIF and HEIF images',
    audio: 'WAV audio',
    text: 'text files and text columns of tables',
    tabular: 'CSV, TSV, JSON Lines and Parquet tables, gzipped or not',
};
/** The format name of a file of `modality` that transfer-risk does not read (UNREAD_FORMATS), else undefined. */
export function unreadFormat(modality, path) {
    return Object.hasOwn(UNREAD_FORMATS[modality], extOf(path)) ? UNREAD_FORMATS[modality][extOf(path)] : undefined;
}
/** Whether a file is part of a dataset of this modality: data it reads (belongsTo) or data in a format it does not (unreadFormat). */
export function isDatasetFile(modality, path) {
    return belongsTo(modality, path) || unreadFormat(modality, path) !== undefined;
}
/**
 * The modality most files have by extension; undefined when none is recognized. With `unread`, files in
 * formats transfer-risk does not read count for their modality too (a folder of FLAC files is audio).
 */
export function detectModality(paths, unread = false) {
    const counts = { image: 0, audio: 0, text: 0, tabular: 0 };
    for (const p of paths) {
        const ext = extOf(p);
        if (IMAGE_EXTENSIONS.includes(ext))
            counts.image++;
        else if (AUDIO_EXTENSIONS.includes(ext))
            counts.audio++;
        else if (isTableFile(p))
            counts.tabular++;
        else if (TEXT_EXTENSIONS.includes(ext))
            counts.text++;
        else if (unread)
            for (const m of ['image', 'audio', 'tabular'])
                if (Object.hasOwn(UNREAD_FORMATS[m], ext))
                    counts[m]++;
    }
    let best;
    let n = 0;
    for (const m of ['image', 'audio', 'tabular', 'text']) {
        if (counts[m] > n) {
            best = m;
            n = counts[m];
        }
    }
    return best;
}
