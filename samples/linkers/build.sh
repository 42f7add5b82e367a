#!/usr/bin/env bash
# samples/linkers/build.sh - one small shared object (samples/src/libdemo.c)
# linked every way that changes its segment layout, for `elfaudit diff` and
# the gate's segment rules (test/diff-pairing.test.ts):
#
#   samples/linkers/<arch>/lib-<linker>-<code>-<relro>-<page>.so
#     arch    x86_64, aarch64
#     linker  bfd, gold, lld          (-fuse-ld=…)
#     code    sep, nosep              (-z separate-code / -z noseparate-code)
#     relro   relro, norelro          (-z relro / -z norelro)
#     page    4k, 64k                 (-z max-page-size=0x1000 / 0x10000)
#
# 2 × 3 × 2 × 2 × 2 = 48 files. gold has no -z separate-code option (it
# always puts code and read-only data in one R E segment), so its sep and
# nosep builds are linked alike and are the same file: a diff between them
# must say nothing changed.
#
# Needs: gcc (x86_64-linux-gnu-gcc), gcc-aarch64-linux-gnu with
# libc6-dev-arm64-cross, binutils (ld.bfd, ld.gold) and the aarch64 ones,
# lld (ld.lld; the cross gcc finds it through -B, below).
# Determinism as in samples/build.sh: repo-relative source, -ffile-prefix-map,
# no -g, LC_ALL=C, TZ=UTC.
#
# Usage: bash samples/linkers/build.sh          builds them
#        bash samples/linkers/build.sh --list   prints their paths (samples/build.sh adds them to MANIFEST)
set -euo pipefail

export LC_ALL=C TZ=UTC
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
O=samples/linkers
ARCHES=(x86_64 aarch64)
LINKERS=(bfd gold lld)
CODES=(sep nosep)
RELROS=(relro norelro)
PAGES=(4k 64k)
declare -A TRIPLET=([x86_64]=x86_64-linux-gnu [aarch64]=aarch64-linux-gnu)
declare -A CODE_FLAG=([sep]=-Wl,-z,separate-code [nosep]=-Wl,-z,noseparate-code)
declare -A PAGE_FLAG=([4k]=-Wl,-z,max-page-size=0x1000 [64k]=-Wl,-z,max-page-size=0x10000)

each() {
	local a l c r p
	for a in "${ARCHES[@]}"; do
		for l in "${LINKERS[@]}"; do
			for c in "${CODES[@]}"; do
				for r in "${RELROS[@]}"; do
					for p in "${PAGES[@]}"; do
						"$@" "$a" "$l" "$c" "$r" "$p"
					done
				done
			done
		done
	done
}

path() { printf '%s/%s/lib-%s-%s-%s-%s.so' "$O" "$1" "$2" "$3" "$4" "$5"; }
list() { path "$@"; printf '\n'; }

if [[ ${1:-} == --list ]]; then
	each list
	exit 0
fi

for a in "${ARCHES[@]}"; do
	command -v "${TRIPLET[$a]}-gcc" >/dev/null || { echo "build.sh: missing ${TRIPLET[$a]}-gcc" >&2; exit 1; }
done
for t in ld.lld ld.gold aarch64-linux-gnu-ld.gold; do
	command -v "$t" >/dev/null || { echo "build.sh: missing $t" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A cross gcc looks for ld.lld only among its own programs; -B adds this directory.
ln -s "$(command -v ld.lld)" "$tmp/ld.lld"

one() {
	local a=$1 l=$2 c=$3 r=$4 p=$5 out
	out=$(path "$@")
	local args=(-O2 -ffile-prefix-map="$ROOT"=. -fPIC -shared -Wl,-soname,libdemo.so -B"$tmp" -fuse-ld="$l")
	# gold has no -z separate-code / noseparate-code
	[[ $l == gold ]] || args+=("${CODE_FLAG[$c]}")
	args+=(-Wl,-z,"$r" "${PAGE_FLAG[$p]}")
	"${TRIPLET[$a]}-gcc" "${args[@]}" samples/src/libdemo.c -o "$out"
	printf '  %-48s %s\n' "$out" "${args[*]:4}"
}

for a in "${ARCHES[@]}"; do
	rm -rf "${O:?}/$a"
	mkdir -p "$O/$a"
done
each one
echo "== $(each list | wc -l) linker-variant samples"
