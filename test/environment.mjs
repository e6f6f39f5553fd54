/**
 * jest's node environment with the host realm's typed arrays and ArrayBuffer. ONNX Runtime's native
 * binding creates its output tensors' typed arrays in the host realm, and onnxruntime-common checks them
 * with `instanceof Float32Array`; with the sandbox's own constructors that check fails under jest only
 * (Buffer, from the host realm, already is not a sandbox Uint8Array). Sharing the host's constructors
 * makes the test realm behave like a plain Node process.
 */
import NodeEnvironment from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class HostTypedArraysEnvironment extends (NodeEnvironment.TestEnvironment ?? NodeEnvironment.default ?? NodeEnvironment) {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}
