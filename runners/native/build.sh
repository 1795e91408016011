#!/usr/bin/env bash
# Builds the native runners into runners/native/build/: reclaim-heap with the system C compiler (needs
# libcjson-dev, installed when missing and allowed), reclaim-cuda with nvcc when there is one, and
# reclaim-attach (reclaim's call helper into live processes, attach/). What could not be built gets a
# <name>.unavailable file saying why: reclaim list and skipped cells repeat it.
#   CJSON_PREFIX=DIR  look for cJSON under DIR/include and DIR/lib (a GPU machine without apt);
#   CJSON_LIB=DIR     the library directory when it is not DIR/lib (e.g. lib/x86_64-linux-gnu).
set -uo pipefail
cd "$(dirname "$0")"
[ -n "${CJSON_PREFIX:-}" ] || ../../scripts/system-packages.sh libcjson-dev
mkdir -p build
CC=${CC:-cc}
CFLAGS=(-O2 -g -Wall -Wextra -std=gnu11)
CJSON=() NVCC_CJSON=()
if [ -n "${CJSON_PREFIX:-}" ]; then
  lib=${CJSON_LIB:-$CJSON_PREFIX/lib}
  CJSON=(-I"$CJSON_PREFIX/include" -L"$lib" -Wl,-rpath,"$lib")
  NVCC_CJSON=(-I"$CJSON_PREFIX/include" -L"$lib" -Xlinker -rpath,"$lib")
fi
SRC=(src/channel.c src/plan.c)

build_heap() {
  rm -f build/reclaim-heap.unavailable
  if ! out=$("$CC" "${CFLAGS[@]}" "${CJSON[@]}" -o build/reclaim-heap src/heap_main.c src/tensors.c "${SRC[@]}" -lcjson 2>&1); then
    echo "$out" >&2
    if echo "$out" | grep -q 'cjson/cJSON.h'; then
      echo "the C runner needs cJSON: apt-get install libcjson-dev" >build/reclaim-heap.unavailable
    else
      echo "building runners/native/src with $CC failed: $(echo "$out" | grep -m1 error)" >build/reclaim-heap.unavailable
    fi
  fi
}

build_cuda() {
  rm -f build/reclaim-cuda.unavailable
  local nvcc
  nvcc=$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null || true)
  if [ -z "$nvcc" ]; then
    echo "no nvcc (the CUDA toolkit) on this machine, so the CUDA runner was not built" >build/reclaim-cuda.unavailable
    return
  fi
  # The shared C parts are compiled as C by the C compiler, then linked with nvcc.
  if ! out=$("$CC" "${CFLAGS[@]}" "${CJSON[@]}" -c src/channel.c -o build/channel.o 2>&1 &&
    "$CC" "${CFLAGS[@]}" "${CJSON[@]}" -c src/plan.c -o build/plan.o 2>&1 &&
    "$nvcc" -O2 -std=c++17 "${NVCC_CJSON[@]}" -Xcompiler -Wall -o build/reclaim-cuda cuda/cuda_main.cu build/channel.o build/plan.o -lcjson 2>&1); then
    echo "$out" >&2
    echo "building runners/native/cuda with nvcc failed: $(echo "$out" | grep -m1 -i error)" >build/reclaim-cuda.unavailable
  fi
}

# reclaim-attach, reclaim's ptrace call helper (attach/): C and the kernel's headers only, x86-64 only.
build_attach() {
  rm -f build/reclaim-attach.unavailable
  if [ "$(uname -m)" != x86_64 ]; then
    echo "calls into a live process are made on x86-64 only (this machine is $(uname -m)); docs/design.md says what other architectures need" >build/reclaim-attach.unavailable
    return
  fi
  if ! out=$("$CC" "${CFLAGS[@]}" -o build/reclaim-attach attach/attach_main.c attach/threads.c attach/call.c 2>&1); then
    echo "$out" >&2
    echo "building runners/native/attach with $CC failed: $(echo "$out" | grep -m1 error)" >build/reclaim-attach.unavailable
  fi
}

case "${1:-all}" in
  heap) build_heap ;;
  cuda) build_cuda ;;
  attach) build_attach ;;
  *) build_heap; build_attach; build_cuda ;;
esac
exit 0
