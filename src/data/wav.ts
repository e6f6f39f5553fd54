/**
 * WAV (RIFF/WAVE) parser by hand: PCM integer (1–32 bits in 1–4-byte containers), IEEE float 32/64, and
 * WAVE_FORMAT_EXTENSIBLE wrapping either. Samples come out as floats in [-1, 1], one array per channel.
 *
 * Frames are `blockAlign` bytes apart and each channel's sample takes blockAlign / channels bytes (its
 * container): 24-bit samples in 32-bit containers (blockAlign = 4 × channels) are read as such. An integer
 * sample is read MSB-aligned in its container (Microsoft's layout: the padding is the low-order bits), so
 * it scales by the container's range. In WAVE_FORMAT_EXTENSIBLE, wBitsPerSample is the container size
 * and wValidBitsPerSample the sample's bits (reported as bitsPerSample).
 */
/** The highest sample rate read (768 kHz, the highest rate audio interfaces record at). */
export const MAX_SAMPLE_RATE = 768_000;

export class WavError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WavError';
  }
}

export interface Wav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  /** per channel, in [-1, 1] */
  samples: Float32Array[];
  /** frames decoded (samples per channel); at most `maxFrames` */
  frames: number;
  /** frames in the file */
  totalFrames: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export function parseWav(bytes: Uint8Array, opts: { maxFrames?: number } = {}): Wav {
  if (bytes.length < 12) throw new WavError(bytes.length === 0 ? 'empty file' : 'truncated WAV header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number): string => String.fromCharCode(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!, bytes[o + 3]!);
  if (tag(0) === 'RF64') throw new WavError('RF64 WAV is not supported');
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a RIFF/WAVE file');
  let off = 12;
  let fmt: { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number; validBits: number } | undefined;
  let dataOff = -1;
  let dataLen = 0;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = dv.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError('truncated fmt chunk');
      let format = dv.getUint16(body, true);
      const channels = dv.getUint16(body + 2, true);
      const sampleRate = dv.getUint32(body + 4, true);
      const blockAlign = dv.getUint16(body + 12, true);
      const bits = dv.getUint16(body + 14, true);
      let validBits = bits;
      if (format === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length) throw new WavError('truncated WAVE_FORMAT_EXTENSIBLE fmt chunk');
        // wValidBitsPerSample (0: all of the container's); wBitsPerSample is then the container size
        const valid = dv.getUint16(body + 18, true);
        if (valid > bits) throw new WavError(`WAVE_FORMAT_EXTENSIBLE valid bits ${valid} above the ${bits}-bit container`);
        if (valid > 0) validBits = valid;
        // SubFormat GUID: first two bytes are the format code
        format = dv.getUint16(body + 24, true);
      }
      fmt = { format, channels, sampleRate, blockAlign, bits, validBits };
    } else if (id === 'data') {
      dataOff = body;
      // a streaming writer may leave size 0 or 0xFFFFFFFF: take the rest of the file
      dataLen = size === 0 || size === 0xffffffff ? bytes.length - body : size;
      if (body + dataLen > bytes.length) dataLen = bytes.length - body; // truncated: use what is there
      break;
    }
    off = body + size + (size & 1);
  }
  if (!fmt) throw new WavError('no fmt chunk');
  if (dataOff < 0) throw new WavError('no data chunk');
  const { format, channels, sampleRate, blockAlign, bits, validBits } = fmt;
  if (channels < 1) throw new WavError('zero channels');
  if (sampleRate < 1) throw new WavError('zero sample rate');
  if (sampleRate > MAX_SAMPLE_RATE) throw new WavError(`sample rate ${sampleRate} Hz above ${MAX_SAMPLE_RATE / 1000} kHz`);
  let encoding: Wav['encoding'];
  if (format === WAVE_FORMAT_PCM) {
    if (validBits < 1 || validBits > 32) throw new WavError(`unsupported PCM bit depth ${validBits}`);
    encoding = 'pcm';
  } else if (format === WAVE_FORMAT_IEEE_FLOAT) {
    if (validBits !== 32 && validBits !== 64) throw new WavError(`unsupported float bit depth ${validBits}`);
    encoding = 'float';
  } else {
    throw new WavError(`unsupported WAV encoding (format code ${format})`);
  }
  // the frame stride is blockAlign; each sample's container is blockAlign / channels bytes
  // a block align too small for the samples (0 included: some writers leave it out) is the plain layout,
  // as libsndfile reads it; a larger one is padding; an uneven one says nothing consistent
  const minBytes = Math.ceil(Math.max(bits, validBits) / 8);
  const stride = Math.max(blockAlign, channels * minBytes);
  const bps = stride / channels;
  if (!Number.isInteger(bps)) throw new WavError(`block align ${blockAlign} does not fit ${channels} channel(s) of ${Math.max(bits, validBits)}-bit samples`);
  if (encoding === 'float' ? bps !== validBits / 8 : bps > 4)
    throw new WavError(
      `block align ${stride}: ${bps}-byte sample containers for ${validBits}-bit ${encoding === 'float' ? 'float' : 'PCM'} samples are not supported`,
    );
  const frameBytes = stride;
  const totalFrames = Math.floor(dataLen / frameBytes);
  if (totalFrames === 0) throw new WavError('WAV has no audio frames');
  const frames = opts.maxFrames !== undefined ? Math.min(totalFrames, opts.maxFrames) : totalFrames;
  const samples = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const base = dataOff + f * frameBytes;
    for (let c = 0; c < channels; c++) {
      const o = base + c * bps;
      let v: number;
      if (encoding === 'float') v = validBits === 32 ? dv.getFloat32(o, true) : dv.getFloat64(o, true);
      else if (bps === 1) v = (bytes[o]! - 128) / 128;
      else if (bps === 2) v = dv.getInt16(o, true) / 32768;
      else if (bps === 3) {
        let x = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16);
        if (x & 0x800000) x -= 0x1000000;
        v = x / 8388608;
      } else v = dv.getInt32(o, true) / 2147483648;
      samples[c]![f] = Number.isFinite(v) ? v : 0;
    }
  }
  return { sampleRate, channels, bitsPerSample: validBits, encoding, samples, frames, totalFrames };
}
