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
  if ! out=$("$CC" "${CFLAGS[@]}" "${CJSON[@]}" -o build/reclaim-heap src/heap_main.c src/tensors.c "${SRC[@]}" -lcjson -ldl 2>&1); then
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

# reclaim-heap-musl: the same C runner linked statically with Debian's musl (musl-tools), for the libc
# axis's musl cells; cJSON compiled with it from Debian's source package (scripts/debian-archive.sh).
build_heap_musl() {
  rm -f build/reclaim-heap-musl.unavailable
  local release version cjson
  if ! command -v musl-gcc >/dev/null; then
    echo "no musl-gcc here (apt-get install musl-tools): the C runner on musl was not built" >build/reclaim-heap-musl.unavailable
    return
  fi
  version=$(dpkg-query -W -f='${Version}' musl 2>/dev/null | sed 's/-[^-]*$//')
  release=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  cjson=build/cjson-src
  if [ ! -f "$cjson/cJSON.c" ] && ! out=$(../../scripts/debian-archive.sh "${release:-bookworm}" source cjson "$PWD/build" 2>&1); then
    echo "$out" >&2
    echo "cJSON's source for the musl build could not be fetched from Debian's archive: $(echo "$out" | tail -1)" >build/reclaim-heap-musl.unavailable
    return
  fi
  mkdir -p build/cjson-include/cjson && cp "$cjson/cJSON.h" build/cjson-include/cjson/
  if ! out=$(musl-gcc -static "${CFLAGS[@]}" -Ibuild/cjson-include -DRECLAIM_LIBC_MARK="\"reclaim-libc: musl ${version:-unknown}\"" \
    -o build/reclaim-heap-musl src/heap_main.c src/tensors.c "${SRC[@]}" "$cjson/cJSON.c" -lm -ldl 2>&1); then
    echo "$out" >&2
    echo "building runners/native/src with musl-gcc failed: $(echo "$out" | grep -m1 error)" >build/reclaim-heap-musl.unavailable
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
  musl) build_heap_musl ;;
  cuda) build_cuda ;;
  attach) build_attach ;;
  *) build_heap; build_heap_musl; build_attach; build_cuda ;;
esac
exit 0
