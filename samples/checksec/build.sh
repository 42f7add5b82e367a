#!/usr/bin/env bash
# samples/checksec/build.sh - the checksec/audit samples: binaries that
# exercise each hardening rule (stack protector, FORTIFY, RPATH/RUNPATH
# forms, TEXTREL, W+X, CET/BTI/PAC notes, GNU_STACK variants, bind-now via
# DF_1_NOW only, PIE without DT_DEBUG, stripped / no section headers,
# debug info), built into samples/checksec/<arch>/<name>, listed in
# samples/checksec/MANIFEST.
#
# Toolchains: the same Debian 12 cross compilers as samples/build.sh
# (gcc-{x86-64,i686,aarch64,arm,mips,powerpc64,riscv64}-linux-gnu with their
# libc6-dev-*-cross), binutils (strip, objcopy), nodejs >= 20 (patch.mjs).
# Files no option produces are edited by samples/checksec/patch.mjs, field
# by field; each edit is named next to the file below.
#
# Determinism as in samples/build.sh: repo-relative sources,
# -ffile-prefix-map, LC_ALL=C, TZ=UTC, no -g except where debug info is the
# point (then -fdebug-prefix-map keeps paths stable).
#
# Usage: bash samples/checksec/build.sh   (then bash test/golden/checksec/record.sh)
set -euo pipefail

export LC_ALL=C TZ=UTC
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
S=samples/checksec/src
O=samples/checksec
PATCH="node samples/checksec/patch.mjs"

declare -A TRIPLET=(
	[arm]=arm-linux-gnueabihf
	[aarch64]=aarch64-linux-gnu
	[i686]=i686-linux-gnu
	[mips]=mips-linux-gnu
	[ppc64]=powerpc64-linux-gnu
	[riscv64]=riscv64-linux-gnu
	[x86_64]=x86_64-linux-gnu
)
ARCHES=(arm aarch64 i686 mips ppc64 riscv64 x86_64)
CFLAGS=(-O2 -ffile-prefix-map="$ROOT"=.)

for a in "${ARCHES[@]}"; do
	command -v "${TRIPLET[$a]}-gcc" >/dev/null || { echo "build.sh: missing ${TRIPLET[$a]}-gcc" >&2; exit 1; }
done
for t in node strip objcopy readelf; do
	command -v "$t" >/dev/null || { echo "build.sh: missing $t" >&2; exit 1; }
done

PRODUCED=()
note() { printf '  %-44s %s\n' "$1" "$2"; }
out() { PRODUCED+=("$1"); note "$1" "$2"; }

for a in "${ARCHES[@]}"; do
	rm -rf "${O:?}/$a"
	mkdir -p "$O/$a"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- every architecture: stack protector + FORTIFY, fully hardened -------------
for a in "${ARCHES[@]}"; do
	cc=${TRIPLET[$a]}-gcc
	echo "== $a ($cc)"
	# plain.c is built without _FORTIFY_SOURCE so its calls stay plain imports
	"$cc" "${CFLAGS[@]}" -fPIE -fstack-protector-strong -c "$S/plain.c" -o "$tmp/plain-$a.o"
	"$cc" "${CFLAGS[@]}" -fPIE -fstack-protector-strong -D_FORTIFY_SOURCE=2 -c "$S/fortify.c" -o "$tmp/fortify-$a.o"
	"$cc" -fPIE -pie -Wl,-z,relro,-z,now "$tmp/fortify-$a.o" "$tmp/plain-$a.o" -o "$O/$a/hardened"
	out "$O/$a/hardened" "-fstack-protector-strong -D_FORTIFY_SOURCE=2 (fortify.c only) -pie -z relro -z now"
	"$cc" "${CFLAGS[@]}" -fPIC -shared -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
		-Wl,-soname,libhardened.so -Wl,-z,relro,-z,now "$S/lib.c" -o "$O/$a/libhardened.so"
	out "$O/$a/libhardened.so" "-shared -fstack-protector-strong -D_FORTIFY_SOURCE=2 -z now"
done

# --- GNU_STACK variants -----------------------------------------------------------
echo "== GNU_STACK"
# PF_R|PF_X only: checksec.sh counts only RWE as NX disabled
$PATCH samples/x86_64/hello-pie "$O/x86_64/stack-rx" phdr-flags:GNU_STACK:5
out "$O/x86_64/stack-rx" "hello-pie, PT_GNU_STACK flags R E (patch.mjs phdr-flags:GNU_STACK:5)"
# no PT_GNU_STACK at all: the architecture default applies
for a in x86_64 aarch64 i686 arm riscv64; do
	$PATCH "samples/$a/hello-pie" "$O/$a/stack-missing" phdr-type:GNU_STACK:NULL
	out "$O/$a/stack-missing" "hello-pie, PT_GNU_STACK retyped to PT_NULL"
done
# two PT_GNU_STACKs: the kernel uses the last one
idx() { readelf -lW "$1" | awk -v t="$2" '/^  [A-Z]/ && $1 != "Type" { if ($1 == t) { print n; exit } n++ }'; }
relro=$(idx samples/x86_64/hello-pie GNU_RELRO)
$PATCH samples/x86_64/hello-pie "$O/x86_64/stack-last-exec" "phdr-type@$relro:GNU_STACK" "phdr-flags@$relro:7"
out "$O/x86_64/stack-last-exec" "hello-pie, GNU_RELRO (header $relro) retyped to a second, RWE GNU_STACK"
note1=$(idx samples/x86_64/hello-pie NOTE)
$PATCH samples/x86_64/hello-pie "$O/x86_64/stack-first-exec" "phdr-type@$note1:GNU_STACK" "phdr-flags@$note1:7"
out "$O/x86_64/stack-first-exec" "hello-pie, first NOTE (header $note1) retyped to an earlier, RWE GNU_STACK"
# a PT_LOAD both writable and executable
text=$(readelf -lW samples/x86_64/hello-nopie | awk '/^  [A-Z]/ && $1 != "Type" { if ($1 == "LOAD" && $8 == "E") { print n; exit } n++ }')
$PATCH samples/x86_64/hello-nopie "$O/x86_64/load-wx" "phdr-flags@$text:7"
out "$O/x86_64/load-wx" "hello-nopie, text PT_LOAD (header $text) made RWX"

# --- binding and PIE markers ---------------------------------------------------------
echo "== binding, PIE"
# bind-now only through DF_1_NOW (ld.so honours it; checksec.sh greps for BIND_NOW)
$PATCH samples/aarch64/hello-now "$O/aarch64/dfnow" dyn-clear:FLAGS:8
out "$O/aarch64/dfnow" "hello-now, DF_BIND_NOW cleared from DT_FLAGS (DF_1_NOW kept)"
# a PIE without DT_DEBUG: checksec.sh calls it a DSO
$PATCH samples/x86_64/hello-pie "$O/x86_64/pie-nodebug" dyn-tag:DEBUG:CHECKSUM
out "$O/x86_64/pie-nodebug" "hello-pie, DT_DEBUG retagged DT_CHECKSUM"
# a shared object that can also be run (PT_INTERP and DT_SONAME, like libc.so.6)
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -fPIC -shared -Wl,-soname,librunnable.so -Wl,-e,runnable_main \
	"$S/runnable.c" -o "$O/x86_64/librunnable.so"
out "$O/x86_64/librunnable.so" "-shared with its own .interp section and entry point (like libc.so.6)"

# --- RPATH / RUNPATH ----------------------------------------------------------------------
echo "== RPATH / RUNPATH"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -Wl,--disable-new-dtags,-rpath,'$ORIGIN/../lib::/usr/local/lib' \
	samples/src/hello.c -o "$O/x86_64/rpath-origin-empty"
out "$O/x86_64/rpath-origin-empty" "DT_RPATH \$ORIGIN/../lib::/usr/local/lib"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -Wl,--enable-new-dtags,-rpath,'lib:/opt/app/lib' \
	samples/src/hello.c -o "$O/x86_64/runpath-relative"
out "$O/x86_64/runpath-relative" "DT_RUNPATH lib:/opt/app/lib"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -Wl,--disable-new-dtags,-rpath,/usr/lib/app samples/src/hello.c -o "$tmp/rp"
$PATCH "$tmp/rp" "$O/x86_64/rpath-empty-string" dyn-value:RPATH:0
out "$O/x86_64/rpath-empty-string" "DT_RPATH pointing at the empty string (dyn-value:RPATH:0)"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -Wl,--disable-new-dtags,-rpath,'/opt/a:$ORIGIN' \
	-Wl,--enable-new-dtags samples/src/hello.c -o "$O/x86_64/runpath-origin"
out "$O/x86_64/runpath-origin" "DT_RUNPATH /opt/a:\$ORIGIN"
# control characters in a path (escaping in every output format)
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -Wl,--disable-new-dtags,-rpath,$'/tmp/\e[31mred\e[m:\t' \
	samples/src/hello.c -o "$O/x86_64/rpath-ctrl"
out "$O/x86_64/rpath-ctrl" "DT_RPATH with ESC and TAB bytes"

# --- TEXTREL --------------------------------------------------------------------------------
echo "== TEXTREL"
i686-linux-gnu-gcc -O2 -ffile-prefix-map="$ROOT"=. -fno-pic -shared -Wl,-z,notext \
	"$S/textrel.c" -o "$O/i686/libtextrel.so" 2> >(grep -v 'creating DT_TEXTREL' >&2 || true)
out "$O/i686/libtextrel.so" "-shared -fno-pic (DT_TEXTREL)"

# --- CET, BTI/PAC -----------------------------------------------------------------------------
echo "== CET, BTI/PAC"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -fcf-protection=branch -Wl,-z,ibt samples/src/hello.c -o "$O/x86_64/cet-ibt"
out "$O/x86_64/cet-ibt" "-fcf-protection=branch -z ibt (IBT only)"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -fcf-protection=full -nostdlib -static -fno-stack-protector \
	"$S/nolibc.c" -o "$O/x86_64/cet-nolibc"
out "$O/x86_64/cet-nolibc" "-fcf-protection=full, no libc: every input marked (IBT|SHSTK)"
aarch64-linux-gnu-gcc "${CFLAGS[@]}" -mbranch-protection=standard -nostdlib -static -fno-stack-protector \
	"$S/nolibc.c" -o "$O/aarch64/bti-pac-nolibc"
out "$O/aarch64/bti-pac-nolibc" "-mbranch-protection=standard, no libc: BTI|PAC property"

# --- static ------------------------------------------------------------------------------------
echo "== static"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -static -fno-stack-protector samples/src/hello.c -o "$O/x86_64/static-nossp"
out "$O/x86_64/static-nossp" "-static -fno-stack-protector (libc's __stack_chk_fail still linked in)"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -static -fno-stack-protector -nostdlib "$S/nolibc.c" -o "$O/x86_64/static-nolibc"
out "$O/x86_64/static-nolibc" "-static -nostdlib: no __stack_chk_fail anywhere"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -static -fno-stack-protector -nostdlib -no-pie -Wl,-z,relro "$S/relro-nolibc.c" \
	-o "$O/x86_64/static-relro-nolibc"
out "$O/x86_64/static-relro-nolibc" "-static -nostdlib -z relro: PT_GNU_RELRO and no startup code to apply it"
strip -o "$O/x86_64/static-stripped" "$O/x86_64/static-nossp"
out "$O/x86_64/static-stripped" "static-nossp, stripped"

# --- symbols and debug info ------------------------------------------------------------------------
echo "== symbols, debug info"
strip -o "$O/x86_64/hardened-stripped" "$O/x86_64/hardened"
out "$O/x86_64/hardened-stripped" "hardened, stripped"
$PATCH "$O/x86_64/hardened-stripped" "$O/x86_64/hardened-noshdrs" no-shdrs
out "$O/x86_64/hardened-noshdrs" "hardened-stripped without section headers (dynamic symbols only via DT_SYMTAB)"
x86_64-linux-gnu-gcc "${CFLAGS[@]}" -g -fdebug-prefix-map="$ROOT"=. samples/src/hello.c -o "$O/x86_64/debug"
out "$O/x86_64/debug" "-g"
objcopy --only-keep-debug "$O/x86_64/debug" "$tmp/debug.debug"
strip -o "$tmp/debug-stripped" "$O/x86_64/debug"
(cd "$tmp" && objcopy --add-gnu-debuglink=debug.debug debug-stripped)
cp "$tmp/debug-stripped" "$O/x86_64/debuglink"
out "$O/x86_64/debuglink" "-g, stripped, .gnu_debuglink to debug.debug"
cp "$tmp/debug.debug" "$O/x86_64/debug.debug"
out "$O/x86_64/debug.debug" "objcopy --only-keep-debug: a separate debug-information file"

printf '%s\n' "${PRODUCED[@]}" | LC_ALL=C sort >"$O/MANIFEST"
echo "== wrote $O/MANIFEST ($(wc -l <"$O/MANIFEST") files)"
