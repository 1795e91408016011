#!/usr/bin/env bash
# Packages of any Debian release from Debian's archive, with apt's own tools under an apt configuration
# of reclaim's (its own sources list, lists and cache under the cache directory): the machine's apt and
# what it has installed are never touched. Used by `reclaim setup` (another release's libc6, unpacked
# for the libc axis) and by runners/native/build.sh (cJSON's source, for the C runner built with musl).
#   scripts/debian-archive.sh RELEASE download PACKAGE DIR   the .deb of PACKAGE into DIR; prints its path
#   scripts/debian-archive.sh RELEASE source PACKAGE DIR     the source of PACKAGE unpacked under DIR; prints the tree
# RECLAIM_DEBIAN_MIRROR overrides the mirror (default http://deb.debian.org/debian).
set -euo pipefail
release=$1 command=$2 package=$3 dir=$4
case "$release" in bullseye | bookworm | trixie | forky | sid) ;; *) echo "debian-archive: unknown release $release" >&2; exit 2 ;; esac
case "$package" in *[!a-z0-9.+-]* | '') echo "debian-archive: not a package name: $package" >&2; exit 2 ;; esac
command -v apt-get >/dev/null || { echo "debian-archive: apt-get is needed (a Debian-like system)" >&2; exit 1; }
mirror=${RECLAIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { echo "debian-archive: $keyring is missing (apt-get install debian-archive-keyring)" >&2; exit 1; }
cache=${RECLAIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reclaim}/debian-archive/$release
mkdir -p "$cache/lists/partial" "$cache/cache/archives/partial" "$cache/parts" "$dir"
printf 'deb [signed-by=%s] %s %s main\ndeb-src [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$release" "$keyring" "$mirror" "$release" >"$cache/sources.list"
opts=(-o "Dir::Etc::SourceList=$cache/sources.list" -o "Dir::Etc::SourceParts=$cache/parts" -o "Dir::State::Lists=$cache/lists"
  -o "Dir::Cache=$cache/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" -qq
  # A testing release's Release file is valid for a week; a snapshot mirror serves older ones (still signed).
  -o "Acquire::Check-Valid-Until=false")
# The lists are fetched again when older than a day.
if [ -z "$(find "$cache/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
  apt-get "${opts[@]}" update >&2
fi
cd "$dir"
case "$command" in
  download)
    apt-get "${opts[@]}" download "$package" >&2
    ls -t "$dir"/"${package}"_*.deb | head -1
    ;;
  source)
    apt-get "${opts[@]}" source --download-only "$package" >&2
    dsc=$(ls -t "$dir"/"${package}"_*.dsc | head -1)
    command -v dpkg-source >/dev/null || { echo "debian-archive: dpkg-source is needed (apt-get install dpkg-dev)" >&2; exit 1; }
    tree="$dir/$package-src"
    rm -rf "$tree" && dpkg-source --no-check -x "$dsc" "$tree" >&2
    echo "$tree"
    ;;
  *) echo "debian-archive: unknown command $command (download or source)" >&2; exit 2 ;;
esac
