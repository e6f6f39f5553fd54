/**
 * The embedding engines a user can ask for (`--backend`, the action's `backend` input): `auto`, the ONNX
 * Runtime engines (`onnx-cuda`: CUDA execution provider; `onnx`: CPU) and the TensorFlow.js backends.
 */
export const BACKEND_NAMES = ['auto', 'onnx-cuda', 'onnx', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
