#!/usr/bin/env bash
# samples/build.sh - builds the sample ELF corpus into samples/<arch>/<name>,
# runs samples/crafted/generate.mjs, and rewrites samples/MANIFEST.
#
# Debian 12 (bookworm) packages this script needs:
#   gcc (x86_64-linux-gnu-gcc), binutils (ld.bfd, ld.gold, readelf 2.40),
#   gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf libc6-dev-armhf-cross
#   gcc-aarch64-linux-gnu libc6-dev-arm64-cross
#   gcc-i686-linux-gnu libc6-dev-i386-cross
#   gcc-mips-linux-gnu libc6-dev-mips-cross
#   gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross
#   gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
#   lld (ld.lld for -fuse-ld=lld), musl-tools (musl-gcc),
#   util-linux (setarch), gdb (gcore, fallback for the core file),
#   nodejs >= 20 (generate.mjs and src/strip-bind-now.mjs).
# The gcc-<triplet> packages only *recommend* the libc6-dev-*-cross ones, so
# with --no-install-recommends they must be named explicitly:
#   apt-get install --no-install-recommends gcc g++ binutils lld musl-tools \
#     util-linux gdb gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf \
#     gcc-aarch64-linux-gnu gcc-i686-linux-gnu gcc-mips-linux-gnu \
#     gcc-powerpc64-linux-gnu gcc-riscv64-linux-gnu libc6-dev-armhf-cross \
#     libc6-dev-arm64-cross libc6-dev-i386-cross libc6-dev-mips-cross \
#     libc6-dev-ppc64-cross libc6-dev-riscv64-cross
#
# Determinism: sources are passed with repo-relative paths, -ffile-prefix-map
# maps the checkout path to ".", no -g, no __DATE__/__TIME__, LC_ALL=C and
# TZ=UTC. The build-id is left at the toolchain default (it is a hash of the
# output, so it is stable when the toolchain is). The core file is the only
# sample that differs between runs (registers, pids, times in its notes); its
# program headers are stable because it is dumped with ASLR off (setarch -R)
# and an empty environment.
#
# Usage: bash samples/build.sh          (from anywhere; works in the repo root)
set -euo pipefail

export LC_ALL=C TZ=UTC
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SRC=samples/src
OUT=samples
ARCHES=(arm aarch64 i686 mips ppc64 riscv64 x86_64)

declare -A TRIPLET=(
	[arm]=arm-linux-gnueabihf
	[aarch64]=aarch64-linux-gnu
	[i686]=i686-linux-gnu
	[mips]=mips-linux-gnu
	[ppc64]=powerpc64-linux-gnu
	[riscv64]=riscv64-linux-gnu
	[x86_64]=x86_64-linux-gnu
)

CFLAGS=(-O2 -ffile-prefix-map="$ROOT"=.)

PRODUCED=()
note() { printf '  %-34s %s\n' "$1" "$2"; }

# build ARCH NAME CC ARGS... : CC ARGS... -o samples/ARCH/NAME
build() {
	local arch=$1 name=$2 cc=$3
	shift 3
	local out=$OUT/$arch/$name
	"$cc" "$@" -o "$out"
	PRODUCED+=("$out")
	note "$out" "$*"
}

need() {
	local missing=()
	for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
	if ((${#missing[@]})); then
		echo "build.sh: missing tools: ${missing[*]} (see the package list at the top of this script)" >&2
		exit 1
	fi
}

need node readelf setarch musl-gcc ld.lld ld.gold arm-linux-gnueabihf-g++
for a in "${ARCHES[@]}"; do need "${TRIPLET[$a]}-gcc"; done

for a in "${ARCHES[@]}"; do
	rm -rf "${OUT:?}/$a"
	mkdir -p "$OUT/$a"
done

# --- every architecture ------------------------------------------------------
for a in "${ARCHES[@]}"; do
	cc=${TRIPLET[$a]}-gcc
	echo "== $a ($cc)"
	build "$a" hello-pie     "$cc" "${CFLAGS[@]}" -fPIE -pie "$SRC/hello.c"
	build "$a" hello-nopie   "$cc" "${CFLAGS[@]}" -fno-pie -no-pie "$SRC/hello.c"
	build "$a" hello-norelro "$cc" "${CFLAGS[@]}" -Wl,-z,norelro "$SRC/hello.c"
	build "$a" hello-now     "$cc" "${CFLAGS[@]}" -Wl,-z,now "$SRC/hello.c"
	build "$a" hello.o       "$cc" "${CFLAGS[@]}" -c "$SRC/hello.c"
	build "$a" libdemo.so    "$cc" "${CFLAGS[@]}" -fPIC -shared -Wl,-soname,libdemo.so "$SRC/libdemo.c"
	# DWARF with relocations against it, for readelf -R (relocated dumps);
	# -ffile-prefix-map keeps the checkout path out of it.
	build "$a" debug.o       "$cc" "${CFLAGS[@]}" -g -c "$SRC/libdemo.c"
done

# zlib-compressed debug sections (SHF_COMPRESSED), 64- and 32-bit, relocatable
# and linked, for readelf -z (--decompress)
echo "== compressed debug sections"
build x86_64 debug-gz.o x86_64-linux-gnu-gcc "${CFLAGS[@]}" -g -gz=zlib -c "$SRC/libdemo.c"
build i686 debug-gz.o i686-linux-gnu-gcc "${CFLAGS[@]}" -g -gz=zlib -c "$SRC/libdemo.c"
build x86_64 hello-gz x86_64-linux-gnu-gcc "${CFLAGS[@]}" -g -gz=zlib "$SRC/hello.c"

# --- arm extras --------------------------------------------------------------
echo "== arm extras"
build arm libcxx-exidx.so arm-linux-gnueabihf-g++ "${CFLAGS[@]}" -fPIC -shared \
	-Wl,-soname,libcxx-exidx.so "$SRC/cxx-exidx.cc"
build arm libseed-norelro.so arm-linux-gnueabihf-gcc "${CFLAGS[@]}" -fPIC -shared \
	-Wl,-soname,libseed.so -Wl,-z,norelro "$SRC/seed.c"
build arm libseed-relro.so arm-linux-gnueabihf-gcc "${CFLAGS[@]}" -fPIC -shared \
	-Wl,-soname,libseed.so -Wl,-z,relro "$SRC/seed.c"

# --- aarch64 extras ----------------------------------------------------------
# Debian's crt*.o carry no BTI / IBT+SHSTK property notes, so the linker would
# drop the GNU property from the output; -z force-bti / -z ibt,-z shstk mark
# the executables anyway (ld warns about each unmarked input for BTI; those
# warnings are filtered out below), so they really have the property note.
echo "== aarch64 extras"
build aarch64 hello-bti aarch64-linux-gnu-gcc "${CFLAGS[@]}" -mbranch-protection=standard \
	-Wl,-z,force-bti "$SRC/hello.c" 2> >(grep -v 'BTI turned on by -z force-bti' >&2 || true)

# --- x86_64 extras -----------------------------------------------------------
echo "== x86_64 extras"
X=x86_64-linux-gnu-gcc
build x86_64 hello-static     "$X" "${CFLAGS[@]}" -static "$SRC/hello.c"
build x86_64 hello-static-pie "$X" "${CFLAGS[@]}" -fPIE -static-pie "$SRC/hello.c"
build x86_64 hello-lld        "$X" "${CFLAGS[@]}" -fuse-ld=lld "$SRC/hello.c"
build x86_64 hello-gold       "$X" "${CFLAGS[@]}" -fuse-ld=gold "$SRC/hello.c"
build x86_64 hello-musl       musl-gcc "${CFLAGS[@]}" "$SRC/hello.c"
build x86_64 hello-tls        "$X" "${CFLAGS[@]}" "$SRC/tls.c"
build x86_64 hello-execstack  "$X" "${CFLAGS[@]}" -Wl,-z,execstack "$SRC/hello.c"
build x86_64 hello-cet        "$X" "${CFLAGS[@]}" -fcf-protection=full -Wl,-z,ibt,-z,shstk "$SRC/hello.c"

# hello-dfnow: bind-now expressed only by DF_1_NOW in DT_FLAGS_1. GNU ld's
# -z now always emits DF_BIND_NOW in DT_FLAGS too (or DT_BIND_NOW with
# --disable-new-dtags), so link with -z now and squeeze those out.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$X" "${CFLAGS[@]}" -Wl,-z,now "$SRC/hello.c" -o "$tmp/hello-now"
node "$SRC/strip-bind-now.mjs" "$tmp/hello-now" "$OUT/x86_64/hello-dfnow"
PRODUCED+=("$OUT/x86_64/hello-dfnow")
note "$OUT/x86_64/hello-dfnow" "-Wl,-z,now, then DT_FLAGS/DT_BIND_NOW removed (strip-bind-now.mjs)"
if readelf -d "$OUT/x86_64/hello-dfnow" | grep -Eq '\((FLAGS|BIND_NOW)\)'; then
	echo "build.sh: hello-dfnow still has DT_FLAGS/DT_BIND_NOW" >&2
	exit 1
fi

# core: a tiny static program that raises SIGABRT. Preferred: a kernel core
# dump (ulimit -c unlimited, ASLR off, empty environment so no build secrets
# land in the stack image). That needs /proc/sys/kernel/core_pattern to be a
# plain relative file name (e.g. "core", the kernel default) - it is not
# changed here. Fallback: gdb's gcore on the stopped program (a gdb core also
# has section headers, unlike a kernel one). If neither works, no core.
# The program's path ends up in the core's NT_FILE note, so it is run from a
# fixed directory (not a random mktemp one) to keep the note's size stable.
cdir=/tmp/elfaudit-core
rm -rf "$cdir"
mkdir -p "$cdir/dump"
"$X" "${CFLAGS[@]}" -static "$SRC/crash.c" -o "$cdir/crash"
core_made=
pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo '|unknown')
if [[ $pattern != \|* && $pattern != */* ]]; then
	(
		cd "$cdir/dump"
		ulimit -c unlimited
		sh -c "env -i setarch -R ../crash" >/dev/null 2>&1 || true
	)
	for f in "$cdir/dump"/*; do
		[[ -f $f ]] || continue
		mv "$f" "$OUT/x86_64/core"
		core_made="kernel core dump (core_pattern '$pattern')"
		break
	done
fi
if [[ -z $core_made ]] && command -v gdb >/dev/null 2>&1; then
	if (cd "$cdir/dump" && env -i setarch -R gdb -nx -batch -ex 'handle SIGABRT stop nopass' \
		-ex run -ex 'gcore ../gcore' ../crash >/dev/null 2>&1) && [[ -f $cdir/gcore ]]; then
		mv "$cdir/gcore" "$OUT/x86_64/core"
		core_made="gdb gcore"
	fi
fi
rm -rf "$cdir"
if [[ -n $core_made ]]; then
	chmod 644 "$OUT/x86_64/core"
	size=$(stat -c %s "$OUT/x86_64/core")
	if ((size >= 2 * 1024 * 1024)); then
		echo "build.sh: core is $size bytes (limit 2 MiB)" >&2
		exit 1
	fi
	PRODUCED+=("$OUT/x86_64/core")
	note "$OUT/x86_64/core" "$core_made, $size bytes"
else
	echo "build.sh: WARNING: no core file (core_pattern '$pattern' is a pipe or a path and gdb failed); skipped" >&2
fi

# --- crafted corrupt / edge-case files ---------------------------------------
echo "== crafted"
node samples/crafted/generate.mjs
while IFS= read -r f; do PRODUCED+=("$f"); done < <(node samples/crafted/generate.mjs --list)

# --- ar archives of the objects above (their own MANIFEST: readelf reads them, checksec does not) ---
echo "== archives"
node samples/archives/generate.mjs

# --- linker variants (samples/linkers/build.sh) -------------------------------
echo "== linker variants"
bash samples/linkers/build.sh
while IFS= read -r f; do PRODUCED+=("$f"); done < <(bash samples/linkers/build.sh --list)

# --- one binary per toolchain and hardening option (samples/toolchains/build.sh) ---
bash samples/toolchains/build.sh
while IFS= read -r f; do PRODUCED+=("$f"); done < <(bash samples/toolchains/build.sh --list)

# --- MANIFEST ----------------------------------------------------------------
printf '%s\n' "${PRODUCED[@]}" | sort -u >samples/MANIFEST
echo "== wrote samples/MANIFEST ($(wc -l <samples/MANIFEST) files)"
