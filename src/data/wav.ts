/**
 * WAV (RIFF/WAVE) parser by hand: PCM 8/16/24/32-bit integer, IEEE float 32/64, and
 * WAVE_FORMAT_EXTENSIBLE wrapping either. Samples come out as floats in [-1, 1], one array per channel.
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
  let fmt: { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
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
      if (format === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length) throw new WavError('truncated WAVE_FORMAT_EXTENSIBLE fmt chunk');
        // SubFormat GUID: first two bytes are the format code
        format = dv.getUint16(body + 24, true);
      }
      fmt = { format, channels, sampleRate, blockAlign, bits };
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
  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1) throw new WavError('zero channels');
  if (sampleRate < 1) throw new WavError('zero sample rate');
  if (sampleRate > MAX_SAMPLE_RATE) throw new WavError(`sample rate ${sampleRate} Hz above ${MAX_SAMPLE_RATE / 1000} kHz`);
  let encoding: Wav['encoding'];
  if (format === WAVE_FORMAT_PCM) {
    if (![8, 16, 24, 32].includes(bits)) throw new WavError(`unsupported PCM bit depth ${bits}`);
    encoding = 'pcm';
  } else if (format === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) throw new WavError(`unsupported float bit depth ${bits}`);
    encoding = 'float';
  } else {
    throw new WavError(`unsupported WAV encoding (format code ${format})`);
  }
  const bps = bits / 8;
  const frameBytes = bps * channels;
  const totalFrames = Math.floor(dataLen / frameBytes);
  if (totalFrames === 0) throw new WavError('WAV has no audio frames');
  const frames = opts.maxFrames !== undefined ? Math.min(totalFrames, opts.maxFrames) : totalFrames;
  const samples = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const base = dataOff + f * frameBytes;
    for (let c = 0; c < channels; c++) {
      const o = base + c * bps;
      let v: number;
      if (encoding === 'float') v = bits === 32 ? dv.getFloat32(o, true) : dv.getFloat64(o, true);
      else if (bits === 8) v = (bytes[o]! - 128) / 128;
      else if (bits === 16) v = dv.getInt16(o, true) / 32768;
      else if (bits === 24) {
        let x = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16);
        if (x & 0x800000) x -= 0x1000000;
        v = x / 8388608;
      } else v = dv.getInt32(o, true) / 2147483648;
      samples[c]![f] = Number.isFinite(v) ? v : 0;
    }
  }
  return { sampleRate, channels, bitsPerSample: bits, encoding, samples, frames, totalFrames };
}
