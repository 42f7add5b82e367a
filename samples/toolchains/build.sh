#!/usr/bin/env bash
# samples/toolchains/build.sh - one small program per toolchain and hardening
# option that audit's toolchain-aware verdicts depend on (test/toolchains.test.ts):
#
#   rust          rustc -C opt-level=s -C strip=symbols -C panic=abort (glibc, dynamic PIE)
#   go            go build -ldflags='-s -w' (static, Go's own runtime)
#   musl-pie      musl-gcc -fPIE -pie -O2 -D_FORTIFY_SOURCE=2 (musl has no _chk functions)
#   musl-static   musl-gcc -static -O2
#   gcc-clash     gcc -O2 -fstack-clash-protection
#   gcc-noclash   gcc -O2 -fno-stack-clash-protection
#   gcc-asan      gcc -O1 -fsanitize=address
#   gcc-ubsan     gcc -O1 -fsanitize=undefined
#   gcc-fortify1/2/3  gcc -O2 -D_FORTIFY_SOURCE=N (3 needs glibc >= 2.34 and gcc >= 12)
#   clang-pie     clang -O2 -fstack-protector-strong
#   aarch64-clash/-noclash  aarch64-linux-gnu-gcc -O2 -f(no-)stack-clash-protection (the AArch64 probe pattern)
#   i686-clash/-noclash     i686-linux-gnu-gcc -O2 -f(no-)stack-clash-protection (the i386 probe pattern)
#   clang-clash   clang -O2 -fstack-clash-protection (clang probes with mov, not or)
#
# Needs: gcc, clang, musl-tools (musl-gcc), gcc-aarch64-linux-gnu, gcc-i686-linux-gnu, golang-go,
# rustc (Debian's /usr/bin/rustc when installed, else ~/.cargo/bin/rustc).
# The compiler versions used are written to samples/toolchains/VERSIONS.
# A missing compiler skips its samples with a message.
# Determinism as in samples/build.sh: repo-relative source, -ffile-prefix-map,
# no -g, LC_ALL=C, TZ=UTC; Go with -trimpath.
#
# Usage: bash samples/toolchains/build.sh          builds them
#        bash samples/toolchains/build.sh --list   prints the paths of those built (samples/build.sh adds them to MANIFEST)
set -euo pipefail

export LC_ALL=C TZ=UTC
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
O=samples/toolchains
SRC=samples/src
CFLAGS=(-ffile-prefix-map="$ROOT"=. -fno-ident)
VERSIONS=$O/VERSIONS
ALL=(gcc-clash gcc-noclash gcc-asan gcc-ubsan gcc-fortify1 gcc-fortify2 gcc-fortify3 aarch64-clash aarch64-noclash i686-clash i686-noclash clang-pie clang-clash musl-pie musl-static rust go)
if [ "${1:-}" = --list ]; then
  for n in "${ALL[@]}"; do [ -f "$O/$n" ] && echo "$O/$n"; done
  exit 0
fi
: >"$VERSIONS"

have() { command -v "$1" >/dev/null 2>&1; }
skip() { echo "toolchains: $1 not found; skipping $2" >&2; }

# gcc: stack clash, sanitizers, FORTIFY levels (the .comment keeps its GCC: line: no -fno-ident there)
gcc --version | head -1 >>"$VERSIONS"
gcc -O2 -fstack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/gcc-clash $SRC/tc.c -s
gcc -O2 -fno-stack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/gcc-noclash $SRC/tc.c -s
gcc -O1 -fsanitize=address -ffile-prefix-map="$ROOT"=. -o $O/gcc-asan $SRC/tc.c -s
gcc -O1 -fsanitize=undefined -ffile-prefix-map="$ROOT"=. -o $O/gcc-ubsan $SRC/tc.c -s
for n in 1 2 3; do
  gcc -O2 -D_FORTIFY_SOURCE=$n -ffile-prefix-map="$ROOT"=. -o $O/gcc-fortify$n $SRC/tc.c -s
done

if have aarch64-linux-gnu-gcc; then
  aarch64-linux-gnu-gcc --version | head -1 >>"$VERSIONS"
  aarch64-linux-gnu-gcc -O2 -fstack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/aarch64-clash $SRC/tc.c -s
  aarch64-linux-gnu-gcc -O2 -fno-stack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/aarch64-noclash $SRC/tc.c -s
else skip aarch64-linux-gnu-gcc aarch64-clash; fi

if have i686-linux-gnu-gcc; then
  i686-linux-gnu-gcc --version | head -1 >>"$VERSIONS"
  i686-linux-gnu-gcc -O2 -fstack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/i686-clash $SRC/tc.c -s
  i686-linux-gnu-gcc -O2 -fno-stack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/i686-noclash $SRC/tc.c -s
else skip i686-linux-gnu-gcc i686-clash; fi

if have clang; then
  clang --version | head -1 >>"$VERSIONS"
  clang -O2 -fstack-protector-strong -ffile-prefix-map="$ROOT"=. -o $O/clang-pie $SRC/tc.c -s
  clang -O2 -fstack-clash-protection -ffile-prefix-map="$ROOT"=. -o $O/clang-clash $SRC/tc.c -s
else skip clang 'clang-pie, clang-clash'; fi

if have musl-gcc; then
  echo "musl-gcc ($(gcc -dumpfullversion), musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null || echo unknown))" >>"$VERSIONS"
  musl-gcc -O2 -fPIE -pie -D_FORTIFY_SOURCE=2 "${CFLAGS[@]}" -o $O/musl-pie $SRC/tc.c -s
  musl-gcc -O2 -static "${CFLAGS[@]}" -o $O/musl-static $SRC/tc.c -s
else skip musl-gcc 'musl-pie, musl-static'; fi

RUSTC=
if [ -x /usr/bin/rustc ]; then RUSTC=/usr/bin/rustc; elif have rustc; then RUSTC=$(command -v rustc); elif [ -x "$HOME/.cargo/bin/rustc" ]; then RUSTC=$HOME/.cargo/bin/rustc; fi
if [ -n "$RUSTC" ]; then
  "$RUSTC" --version >>"$VERSIONS"
  "$RUSTC" -C opt-level=s -C strip=symbols -C panic=abort --remap-path-prefix="$ROOT"=. -o $O/rust $SRC/tc.rs
else skip rustc rust; fi

if have go; then
  go version >>"$VERSIONS"
  (cd $SRC && GOFLAGS= CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$ROOT/$O/go" tc.go)
else skip go go; fi

ls -l $O | sed 1d >&2
