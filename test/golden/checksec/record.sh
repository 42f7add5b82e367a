#!/usr/bin/env bash
# test/golden/checksec/record.sh - records checksec.sh 2.6.0's output as
# goldens for test/checksec-golden.test.ts, so the tests never need checksec.
#
# Needs: checksec 2.6.0 (Debian 12 package "checksec", /usr/bin/checksec), which
# needs GNU readelf (binutils 2.40 here) and file(1).
# Run from anywhere: bash test/golden/checksec/record.sh
#
# Inputs: samples/MANIFEST and samples/checksec/MANIFEST (one path per line).
# Outputs (all in test/golden/checksec/):
#   VERSION          checksec's and readelf's version lines
#   samples.csv      `checksec --output=csv --file=P` for every path checksec
#                    accepts, one line each, in MANIFEST order
#   samples.errors   every path it refuses: PATH <TAB> exit status <TAB> its
#                    message (colour codes removed, one line)
#   formats/NAME.out the listed runs below in each format (cli has 2.6.0's
#                    colour codes; json as printed, trailing comma and all)
# checksec runs with LC_ALL=C and repo-relative paths. Existing goldens are
# replaced, so the directory is exactly what this run produced.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

G=test/golden/checksec
if ! command -v checksec >/dev/null 2>&1; then
	echo "record.sh: checksec not found (apt-get install checksec: checksec.sh 2.6.0)" >&2
	exit 2
fi
version=$(checksec --version 2>/dev/null | sed -n 1p || true)
if [[ $version != "checksec v2.6.0,"* ]]; then
	echo "record.sh: refusing to record: need checksec v2.6.0, found '${version:-nothing}'" >&2
	exit 2
fi

mapfile -t paths < <(cat samples/MANIFEST samples/checksec/MANIFEST | grep -v -e '^[[:space:]]*$' -e '^#')
for p in "${paths[@]}"; do
	[[ -e $p ]] || { echo "record.sh: $p is listed but missing (run samples/build.sh and samples/checksec/build.sh)" >&2; exit 1; }
done

rm -rf "$G/formats"
mkdir -p "$G/formats"
{
	printf '%s\n' "$version"
	readelf --version | sed -n 1p
} >"$G/VERSION"

: >"$G/samples.csv"
: >"$G/samples.errors"
for p in "${paths[@]}"; do
	rc=0
	out=$(checksec --output=csv --file="$p") || rc=$?
	if [[ $rc == 0 ]]; then
		printf '%s\n' "$out" >>"$G/samples.csv"
	else
		msg=$(printf '%s' "$out" | sed -e 's/\x1b\[[0-9;]*m//g' | tr '\n' ' ' | sed -e 's/ *$//')
		printf '%s\t%s\t%s\n' "$p" "$rc" "$msg" >>"$G/samples.errors"
	fi
done

# Formats: one file, a list, a directory, with and without --extended.
# (Files without RPATH/RUNPATH only, so the CLI's RW- test cannot depend on
# this machine's directories.)
LIST=$G/formats/list.txt
printf '%s\n' samples/x86_64/hello-pie samples/checksec/x86_64/hardened samples/checksec/i686/libhardened.so \
	samples/arm/hello.o samples/crafted/type-core.elf samples/checksec/x86_64/static-nossp >"$LIST"
for fmt in cli csv json xml; do
	checksec --output=$fmt --file=samples/checksec/x86_64/hardened >"$G/formats/file.$fmt" || true
	checksec --output=$fmt --extended --file=samples/checksec/x86_64/hardened >"$G/formats/file-extended.$fmt" || true
	checksec --output=$fmt --listfile="$LIST" >"$G/formats/listfile.$fmt" || true
	checksec --output=$fmt --extended --listfile="$LIST" >"$G/formats/listfile-extended.$fmt" || true
	# find(1) lists a directory in on-disk order: tests compare these lines as a set
	checksec --output=$fmt --dir=samples/checksec/aarch64 >"$G/formats/dir.$fmt" || true
done

echo "record.sh: $version: $(wc -l <"$G/samples.csv") rows, $(wc -l <"$G/samples.errors") refused, $(ls "$G/formats" | wc -l) format runs"
