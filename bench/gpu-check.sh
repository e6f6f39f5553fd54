#!/usr/bin/env bash
# bench/gpu-check.sh — the GPU figures of the embedding engines, in one command (a few minutes), on a
# Linux x64 machine with an NVIDIA GPU: raw and pipeline images/s of the built-in model (MobileNetV2) on
# onnx-cuda, tensorflow-gpu (when @tensorflow/tfjs-node-gpu is installed) and onnx (CPU), with ratios.
#
#   bash bench/gpu-check.sh              # install the CUDA provider for onnxruntime-node if missing, then measure
#   bash bench/gpu-check.sh --no-install # measure what is installed
#
# Needs: node >= 20, npm, git checkout with node_modules (runs `npm ci` when missing), the NVIDIA driver,
# CUDA 12 and cuDNN 9 libraries on the loader path for onnx-cuda (docs/gpu-runner.md). Installing the CUDA
# provider downloads it from NuGet once (ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js).
# tensorflow-gpu is measured only when @tensorflow/tfjs-node-gpu resolves (NODE_PATH or node_modules) and
# needs CUDA 11.2 / cuDNN 8.1. Env: GPU_CHECK_IMAGES (default 256), GPU_CHECK_ROUNDS (default 3),
# GPU_CHECK_TIMEOUT (seconds for the measurement, default 240).
set -euo pipefail

cd "$(dirname "$0")/.."
INSTALL=1
for arg in "$@"; do
  case "$arg" in
    --no-install) INSTALL=0 ;;
    -h | --help)
      sed -n '2,16p' "$0"
      exit 0
      ;;
    *)
      echo "gpu-check: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf '[gpu-check] %s\n' "$*" >&2; }

if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
  say "onnx-cuda exists for Linux x64 only (this is $(uname -s)/$(uname -m))"
  exit 2
fi
if command -v nvidia-smi > /dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/[gpu-check] GPU: /' >&2 || true
else
  say "nvidia-smi not found: no NVIDIA driver on this machine? (measuring anyway; onnx-cuda will say what is missing)"
fi
for lib in libcudart.so.12 libcublasLt.so.12 libcudnn.so.9; do
  if ldconfig -p 2> /dev/null | grep -q "$lib" || { [ -n "${LD_LIBRARY_PATH:-}" ] && find ${LD_LIBRARY_PATH//:/ } -maxdepth 1 -name "$lib*" 2> /dev/null | grep -q .; }; then
    say "found $lib"
  else
    say "not found on the loader path: $lib (onnx-cuda needs CUDA 12 and cuDNN 9)"
  fi
done

if [ ! -d node_modules ]; then
  say "npm ci"
  npm ci --no-audit --no-fund > /dev/null
fi
if [ ! -f dist/embed/create.js ] || [ -n "$(find src -newer dist/embed/create.js -name '*.ts' -print -quit)" ]; then
  say "npm run build"
  npm run build > /dev/null
fi

BIN="node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
if [ ! -f "$BIN/libonnxruntime_providers_cuda.so" ]; then
  if [ "$INSTALL" = 1 ]; then
    say "installing the CUDA execution provider of onnxruntime-node (NuGet, once; a few hundred MB)"
    (cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 timeout 600 node script/install.js >&2)
  else
    say "the CUDA provider is not installed ($BIN/libonnxruntime_providers_cuda.so); onnx-cuda will be skipped"
  fi
fi

BACKENDS="onnx-cuda,onnx"
if node -e "require.resolve('@tensorflow/tfjs-node-gpu')" > /dev/null 2>&1; then
  BACKENDS="onnx-cuda,tensorflow-gpu,onnx"
else
  say "@tensorflow/tfjs-node-gpu is not installed: tensorflow-gpu is not measured (docs/gpu-runner.md installs it)"
fi

say "measuring $BACKENDS"
export TF_FORCE_GPU_ALLOW_GROWTH=true
BENCH_BACKENDS="$BACKENDS" BENCH_IMAGES="${GPU_CHECK_IMAGES:-256}" BENCH_ROUNDS="${GPU_CHECK_ROUNDS:-3}" \
  timeout "${GPU_CHECK_TIMEOUT:-240}" node bench/embed.mjs
