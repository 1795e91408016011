#!/usr/bin/env bash
# The libc findings' probes (docs/findings/libc.md): each compiled and run on this machine and in each
# Debian release image of the libc axis that is built here (make docker-images-libc), with and without
# the tunable it probes. Prints one line per C library and setting.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
probe() { # name, then the command line that prints its answer
  local where=$1
  shift
  for t in "" glibc.malloc.hugetlb=1; do
    printf '%-24s GLIBC_TUNABLES=%-24s %s\n' "$where" "$t" "$("$@" "$t" 2>&1 | tr -s ' ' | tr '\n' ' ')"
  done
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/hugetlb" "$here/hugetlb.c" || exit 1
host() { GLIBC_TUNABLES=$1 "$tmp/hugetlb"; }
probe "this machine (glibc $(ldd --version | head -1 | grep -o '[0-9.]*$'))" host
for release in bullseye bookworm trixie forky; do
  image=reclaim:cpu-$release
  [ "$release" = bookworm ] && image=reclaim:cpu
  docker image inspect "$image" >/dev/null 2>&1 || continue
  in_image() { docker run --rm --network none -v "$here/hugetlb.c:/probe.c:ro" -e GLIBC_TUNABLES="$1" --entrypoint sh "$image" -c 'cc -O2 -o /tmp/p /probe.c && /tmp/p'; }
  probe "$release ($image)" in_image
done
