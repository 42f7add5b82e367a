#!/usr/bin/env bash
# test/golden/record.sh - records GNU readelf 2.40 output as golden files.
#
# Needs: bash, coreutils, GNU readelf 2.40 (Debian 12 package "binutils").
# Run from anywhere: bash test/golden/record.sh   (it works in the repo root)
#
# Inputs (all relative to the repo root):
#   samples/MANIFEST     one sample path per line (written by samples/build.sh)
#   test/golden/FLAGS    one readelf flag set per line, e.g. "-l", "-lW", "-l -W"
#   test/golden/BATCHES  one batch per line: NAME <TAB> FLAGS <TAB> space-separated paths
#                        (blank lines and lines starting with # are ignored)
#   samples/archives/MANIFEST  ar archives (samples/archives/generate.mjs), recorded under
#                        every flag set of FLAGS and of test/golden/ARCHIVE_FLAGS (the archive-only
#                        ones: -c / --archive-index)
#
# Outputs:
#   test/golden/VERSION                          first line of `readelf --version`
#   test/golden/readelf/<path>/<slug>.out|.err|.rc   for every MANIFEST path and flag set
#   test/golden/batch/<name>.out|.err|.rc            for every batch
# where <slug> is the flag set with each word's leading dashes removed and the
# words joined by "_" ("-l" -> "l", "-lW" -> "lW", "-l -W" -> "l_W"), .out is
# stdout, .err is stderr and .rc is the exit status followed by a newline.
# readelf is run exactly as `readelf FLAGS PATH...` with repo-relative paths and
# LC_ALL=C. Existing goldens are removed first, so the tree is exactly what this
# run produced.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v readelf >/dev/null 2>&1; then
	echo "record.sh: readelf not found; GNU readelf 2.40 (binutils 2.40) is required" >&2
	exit 2
fi
# sed reads all of readelf's output (head -1 could SIGPIPE it under pipefail)
version=$(readelf --version 2>/dev/null | sed -n 1p || true)
if [[ ! $version =~ ^GNU\ readelf\ .*\ 2\.40$ ]]; then
	echo "record.sh: refusing to record: need GNU readelf 2.40, found '${version:-nothing}'" >&2
	exit 2
fi

G=test/golden
for f in samples/MANIFEST "$G/FLAGS" "$G/BATCHES"; do
	[[ -f $f ]] || { echo "record.sh: missing $f" >&2; exit 1; }
done

# blank lines and #-comments are skipped, as test/golden.test.ts does
mapfile -t paths < <(grep -v -e '^[[:space:]]*$' -e '^#' samples/MANIFEST)
mapfile -t flagsets < <(grep -v -e '^[[:space:]]*$' -e '^#' "$G/FLAGS")
for p in "${paths[@]}"; do
	[[ -e $p ]] || { echo "record.sh: $p is in samples/MANIFEST but missing (run samples/build.sh)" >&2; exit 1; }
done

slug() {
	local -a words
	local out= w
	read -ra words <<<"$1"
	for w in "${words[@]}"; do
		while [[ $w == -* ]]; do w=${w#-}; done
		out+=${out:+_}$w
	done
	printf '%s' "$out"
}

# run OUTPREFIX ARGS... : readelf ARGS > OUTPREFIX.out 2> OUTPREFIX.err, status in .rc
run() {
	local prefix=$1 rc=0
	shift
	readelf "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?
	printf '%s\n' "$rc" >"$prefix.rc"
}

rm -rf "$G/readelf" "$G/batch"
printf '%s\n' "$version" >"$G/VERSION"

set -f # flag sets and batch paths are split on blanks, never globbed
n=0
for p in "${paths[@]}"; do
	mkdir -p "$G/readelf/$p"
	for fs in "${flagsets[@]}"; do
		read -ra flags <<<"$fs"
		run "$G/readelf/$p/$(slug "$fs")" "${flags[@]}" "$p"
		n=$((n + 1))
	done
done

# Archives: FLAGS and the archive-only flag sets, same layout.
a=0
if [[ -f samples/archives/MANIFEST ]]; then
	mapfile -t archives < <(grep -v -e '^[[:space:]]*$' -e '^#' samples/archives/MANIFEST)
	mapfile -t archiveflags < <(grep -v -e '^[[:space:]]*$' -e '^#' "$G/ARCHIVE_FLAGS")
	for p in "${archives[@]}"; do
		[[ -e $p ]] || { echo "record.sh: $p is in samples/archives/MANIFEST but missing (run samples/archives/generate.mjs)" >&2; exit 1; }
		mkdir -p "$G/readelf/$p"
		for fs in "${flagsets[@]}" "${archiveflags[@]}"; do
			read -ra flags <<<"$fs"
			run "$G/readelf/$p/$(slug "$fs")" "${flags[@]}" "$p"
			a=$((a + 1))
		done
	done
fi

mkdir -p "$G/batch"
b=0
while IFS=$'\t' read -r name fs list || [[ -n $name ]]; do
	[[ -z $name || $name == \#* ]] && continue
	if [[ -z ${fs:-} || -z ${list:-} || ! $name =~ ^[A-Za-z0-9._-]+$ ]]; then
		echo "record.sh: bad BATCHES line for '$name' (want NAME<TAB>FLAGS<TAB>PATHS)" >&2
		exit 1
	fi
	read -ra flags <<<"$fs"
	read -ra bpaths <<<"$list"
	run "$G/batch/$name" "${flags[@]}" "${bpaths[@]}"
	# Both streams into one file too: readelf flushes stdout before each
	# diagnostic, so this records how the two interleave (.all).
	readelf "${flags[@]}" "${bpaths[@]}" >"$G/batch/$name.all" 2>&1 || true
	b=$((b + 1))
done <"$G/BATCHES"
set +f

echo "record.sh: $version: ${#paths[@]} paths x ${#flagsets[@]} flag sets = $n runs, $a archive runs, $b batches"
