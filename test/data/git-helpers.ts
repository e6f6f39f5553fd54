/** Throwaway git repositories for data-layer tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, data: string | Uint8Array): void;
  remove(path: string): void;
  move(from: string, to: string): void;
  commit(message: string): string;
  cleanup(): void;
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function makeRepo(prefix = 'tr-data-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(path, data) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, data);
    },
    remove(path) {
      git('rm', '-q', '--', path);
    },
    move(from, to) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      renameSync(join(dir, from), join(dir, to));
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Small deterministic PRNG (mulberry32) for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal from a uniform PRNG (Box–Muller). */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface WavSpec {
  sampleRate: number;
  channels: number;
  /** 8 | 16 | 24 | 32 (int) or 32 | 64 with float */
  bits: number;
  float?: boolean;
  extensible?: boolean;
}

/** A WAV file written by hand from per-channel samples in [-1, 1]. */
export function writeWav(spec: WavSpec, channels: Float64Array[]): Uint8Array {
  const frames = channels[0]!.length;
  const bps = spec.bits / 8;
  const dataLen = frames * bps * spec.channels;
  const fmtLen = spec.extensible ? 40 : 16;
  const buf = Buffer.alloc(12 + 8 + fmtLen + 8 + dataLen);
  let o = 0;
  buf.write('RIFF', o);
  o += 4;
  buf.writeUInt32LE(buf.length - 8, o);
  o += 4;
  buf.write('WAVE', o);
  o += 4;
  buf.write('fmt ', o);
  o += 4;
  buf.writeUInt32LE(fmtLen, o);
  o += 4;
  const code = spec.float ? 3 : 1;
  buf.writeUInt16LE(spec.extensible ? 0xfffe : code, o);
  o += 2;
  buf.writeUInt16LE(spec.channels, o);
  o += 2;
  buf.writeUInt32LE(spec.sampleRate, o);
  o += 4;
  buf.writeUInt32LE(spec.sampleRate * bps * spec.channels, o);
  o += 4;
  buf.writeUInt16LE(bps * spec.channels, o);
  o += 2;
  buf.writeUInt16LE(spec.bits, o);
  o += 2;
  if (spec.extensible) {
    buf.writeUInt16LE(22, o);
    o += 2; // cbSize
    buf.writeUInt16LE(spec.bits, o);
    o += 2; // valid bits
    buf.writeUInt32LE(spec.channels === 2 ? 3 : 4, o);
    o += 4; // channel mask
    buf.writeUInt16LE(code, o); // SubFormat GUID starts with the format code
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(buf, o + 2);
    o += 16;
  }
  buf.write('data', o);
  o += 4;
  buf.writeUInt32LE(dataLen, o);
  o += 4;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < spec.channels; c++) {
      const v = Math.max(-1, Math.min(1, channels[c]![f]!));
      if (spec.float) {
        if (spec.bits === 32) buf.writeFloatLE(v, o);
        else buf.writeDoubleLE(v, o);
      } else if (spec.bits === 8) buf.writeUInt8(Math.max(0, Math.min(255, Math.round(v * 128 + 128))), o);
      else if (spec.bits === 16) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32768))), o);
      else if (spec.bits === 24) buf.writeIntLE(Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608))), o, 3);
      else buf.writeInt32LE(Math.max(-2147483648, Math.min(2147483647, Math.round(v * 2147483648))), o);
      o += bps;
    }
  }
  return new Uint8Array(buf);
}

/**
 * A valid, all-black PNG of width × height pixels built by hand (1-bit greyscale: 120 MP is about 15 MB
 * of rows, deflated to a few KB), to check that a pixel limit refuses it before decoding.
 */
export function bigPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // filter byte 0 + zero bits per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
