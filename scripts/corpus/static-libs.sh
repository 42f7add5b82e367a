#!/usr/bin/env bash
# scripts/corpus/static-libs.sh - `elfaudit readelf` vs GNU readelf 2.40 on real
# static libraries: every ar archive in Debian's multiarch library folders of
# this machine (the host's and the cross sysroots' of libc6-dev-*-cross), libc.a
# of each architecture among them. Runs scripts/corpus/compare.ts over that list
# for each ported view and prints its counts (identical / differing files per
# flag set, per architecture of each archive's first ELF member).
#
#   bash scripts/corpus/static-libs.sh [--limit-per-dir N] [compare.ts options...]
#
#   --limit-per-dir N  at most N archives from each folder (libc.a always first); default all
#   other options go to compare.ts (e.g. --flags "-s -W" --show 3); the default
#   flag sets are every ported view: -h, -S -W, -s -W, -r -W, -g, -n, -c, -lW,
#   -d, -V, -u, -A, -I, -a -W, the dumps (-x, -p, -R with -z) and two combined ones.
#
# Needs `npm run build` (dist/, dist-scripts/) and GNU readelf 2.40.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

limit=0
if [[ ${1:-} == --limit-per-dir ]]; then
	limit=$2
	shift 2
fi
dirs=(/usr/lib/x86_64-linux-gnu /usr/aarch64-linux-gnu/lib /usr/arm-linux-gnueabihf/lib /usr/i686-linux-gnu/lib
	/usr/mips-linux-gnu/lib /usr/powerpc64-linux-gnu/lib /usr/riscv64-linux-gnu/lib)

list=$(mktemp)
trap 'rm -f "$list"' EXIT
for d in "${dirs[@]}"; do
	[[ -d $d ]] || continue
	n=0
	# libc.a first, then the rest by name; linker scripts named .a (libm.a on some arches) are left out.
	for f in "$d/libc.a" $(find "$d" -maxdepth 1 -name '*.a' ! -name libc.a -type f | sort); do
		[[ -f $f ]] || continue
		[[ $(head -c 8 "$f" | tr -d '\0') == '!<arch>' ]] || continue
		[[ $limit -gt 0 && $n -ge $limit ]] && break
		printf '%s\n' "$f" >>"$list"
		n=$((n + 1))
	done
done
echo "static-libs: $(wc -l <"$list") archives from ${#dirs[@]} folders"
flags='-h,-S -W,-s -W,-r -W,-g,-n,-c,-lW,-d,-V,-u,-A,-I,-a -W,-x .text -p .comment -R .text -z,-c -h -S -s -r -W'
node dist-scripts/scripts/corpus/compare.js --list "$list" --batch 4 --flags "$flags" "$@"
