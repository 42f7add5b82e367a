#!/usr/bin/env bash
# Build a corpus of real Debian (bookworm) ELF binaries that we did not build,
# for many architectures, under .corpus/ (git-ignored):
#
#   .corpus/_debs/<arch>/*.deb      downloaded packages (kept, so re-runs skip them)
#   .corpus/<arch>/<pkg>/...        each package unpacked with dpkg-deb -x
#   .corpus/list.txt                every regular file (not symlink) whose first
#                                   4 bytes are \x7fELF, one path per line,
#                                   relative to the repo root, LC_ALL=C sorted
#
# Idempotent: a package whose .deb is already there is not downloaded again, a
# package already unpacked is not unpacked again, and apt-get update runs only
# when something has to be downloaded.  Packages missing for an architecture
# are skipped with a note.
#
# Needs root (dpkg --add-architecture, apt-get update) and network access to
# the Debian mirrors, only when something has to be downloaded.  Environment
# overrides:
#   CORPUS_ARCHES="amd64 armhf ..."   architectures (default below)
#   CORPUS_PACKAGES="coreutils ..."   packages (default below)
#   CORPUS_MAX_MB=40                  skip packages whose .deb is bigger
#   CORPUS_FORCE_UPDATE=1             always run apt-get update, and look
#                                     again for packages found missing before
#   CORPUS_KEEP_ARCHES=1              leave the foreign architectures added
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
CORPUS=.corpus

NATIVE=$(dpkg --print-architecture)
read -r -d "" -a ARCHES <<<"${CORPUS_ARCHES:-amd64 armhf armel arm64 i386 s390x mips64el mipsel ppc64el}" || true
read -r -d "" -a PACKAGES <<<"${CORPUS_PACKAGES:-
  coreutils libc6 libc6-dev libc-bin libstdc++6 libgcc-s1 busybox-static
  openssl libssl3 zlib1g libzstd1 liblzma5 libbz2-1.0 bash dash util-linux
  findutils grep sed tar gzip diffutils procps libsqlite3-0 libxml2
  libglib2.0-0 libpcre2-8-0 libselinux1 libcrypt1 libgmp10 libffi8
  perl-base python3.11-minimal systemd libsystemd0 libudev1 e2fsprogs
  libncursesw6 libtinfo6 libreadline8 libcurl4 libgnutls30 libkrb5-3
  libelf1 kmod iproute2 openssh-client busybox libgfortran5
  libpython3.11-stdlib libperl5.36
  libc6-dbg libgcc-12-dev klibc-utils libklibc valgrind fzf ripgrep
}" || true
# Besides ordinary programs and libraries, the list brings edge cases for
# readelf -l: separate debug files (libc6-dbg: phdrs kept, contents NOBITS),
# relocatable objects (libgcc-12-dev, libc6-dev: crt*.o, "no program
# headers"), static binaries (busybox-static, klibc, valgrind tools), and Go
# and Rust linkers' layouts (fzf, ripgrep).
MAX_MB=${CORPUS_MAX_MB:-40}

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

log() { printf '%s\n' "$*" >&2; }

mkdir -p "$CORPUS"

# --- 1. architectures and package lists ---------------------------------------
# Only when something has to be downloaded: the foreign architectures are added
# to dpkg, the lists updated, and on exit the architectures this run added are
# removed again and the lists updated once more, so the machine's own apt-get
# update is left as it was (a mirror in mid-sync for some foreign architecture
# would otherwise make every later apt-get update here exit 100).
# CORPUS_KEEP_ARCHES=1 keeps them.
added=()
updated=0
cleanup() {
  local rc=$?
  if [ "${#added[@]}" -gt 0 ] && [ "${CORPUS_KEEP_ARCHES:-0}" != 1 ]; then
    log "dpkg --remove-architecture ${added[*]}; apt-get update"
    for a in "${added[@]}"; do $SUDO dpkg --remove-architecture "$a" || true; done
    $SUDO apt-get update -qq 2>/dev/null || log "warning: apt-get update reported errors"
  fi
  exit "$rc"
}
trap cleanup EXIT

apt_update() {
  [ "$updated" = 0 ] || return 0
  local foreign a
  foreign=" $(dpkg --print-foreign-architectures | tr '\n' ' ') "
  for a in "${ARCHES[@]}"; do
    if [ "$a" != "$NATIVE" ] && [[ "$foreign" != *" $a "* ]]; then
      log "dpkg --add-architecture $a"
      $SUDO dpkg --add-architecture "$a"
      added+=("$a")
    fi
  done
  log "apt-get update"
  # A mirror in mid-sync can fail some index files (often the -security
  # suite for one architecture); retry, then go on with what was fetched:
  # packages missing from the lists are skipped below.
  if ! $SUDO apt-get update -qq 2>/dev/null; then
    sleep 5
    $SUDO apt-get update -qq ||
      log "warning: apt-get update reported errors; continuing with the index files it got"
  fi
  updated=1
}
if [ "${CORPUS_FORCE_UPDATE:-0}" = 1 ]; then apt_update; fi

# --- 2. download ------------------------------------------------------------
# have_deb ARCH PKG: the .deb for PKG (arch-specific or arch:all) is already there
have_deb() {
  compgen -G "$CORPUS/_debs/$1/${2}_*_$1.deb" >/dev/null ||
    compgen -G "$CORPUS/_debs/$1/${2}_*_all.deb" >/dev/null
}

skipped=()
APT_OPTS=(-qq)
# As root, apt drops to user _apt to download, which cannot write here.
if [ -z "$SUDO" ]; then APT_OPTS+=(-o APT::Sandbox::User=root); fi

for a in "${ARCHES[@]}"; do
  dl="$CORPUS/_debs/$a"
  mkdir -p "$dl"
  want=()
  for p in "${PACKAGES[@]}"; do
    have_deb "$a" "$p" && continue
    # Known to be missing for this architecture (see below): skip quietly,
    # unless CORPUS_FORCE_UPDATE=1 asks to look again.
    if [ -e "$dl/.missing-$p" ] && [ "${CORPUS_FORCE_UPDATE:-0}" != 1 ]; then
      skipped+=("$p:$a")
      continue
    fi
    want+=("$p")
  done
  [ "${#want[@]}" -gt 0 ] || continue
  apt_update
  # One apt-cache call per architecture: which packages exist, and how big?
  # (It exits non-zero when some are missing; the records found still print.)
  declare -A size=()
  while read -r name sz; do
    [ -n "${size[$name]:-}" ] || size[$name]=$sz
  done < <(apt-cache show --no-all-versions "${want[@]/%/:$a}" 2>/dev/null |
    awk '/^Package: /{p=$2} /^Size: /{print p, $2}' || true)
  get=()
  for p in "${want[@]}"; do
    if [ -z "${size[$p]:-}" ]; then
      log "skip $p:$a (no such package for $a)"
      skipped+=("$p:$a")
      : >"$dl/.missing-$p"
    elif [ "${size[$p]}" -gt $((MAX_MB * 1024 * 1024)) ]; then
      log "skip $p:$a ($((size[$p] / 1024 / 1024)) MB > $MAX_MB MB)"
      skipped+=("$p:$a")
    else
      rm -f "$dl/.missing-$p"
      get+=("$p:$a")
    fi
  done
  unset size
  [ "${#get[@]}" -gt 0 ] || continue
  log "download ${#get[@]} packages for $a: ${get[*]%:$a}"
  # Download into a scratch folder and move complete .debs into place, so an
  # interrupted run never leaves a truncated .deb that looks "already there".
  part="$dl/.partial"
  rm -rf "$part"
  mkdir -p "$part"
  if ! (cd "$part" && apt-get download "${APT_OPTS[@]}" "${get[@]}" >/dev/null); then
    log "batch download failed for $a; retrying one package at a time"
    for pa in "${get[@]}"; do
      (cd "$part" && apt-get download "${APT_OPTS[@]}" "$pa" >/dev/null) || {
        log "skip $pa (apt-get download failed)"
        skipped+=("$pa")
      }
    done
  fi
  find "$part" -maxdepth 1 -name '*.deb' -exec mv -t "$dl" {} +
  rm -rf "$part"
done

# --- 3. unpack --------------------------------------------------------------
for a in "${ARCHES[@]}"; do
  for deb in "$CORPUS/_debs/$a"/*.deb; do
    [ -e "$deb" ] || continue
    p=$(basename "$deb"); p=${p%%_*}
    dest="$CORPUS/$a/$p"
    [ -d "$dest" ] && continue
    tmp="$CORPUS/$a/.tmp-$p"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    if dpkg-deb -x "$deb" "$tmp"; then
      mv "$tmp" "$dest"
    else
      log "warning: cannot unpack $deb; removing it (re-run to download it again)"
      rm -rf "$tmp" "$deb"
    fi
  done
done

# --- 4. list ------------------------------------------------------------------
# Every regular file (find -type f: symlinks excluded) starting with \x7fELF,
# in every architecture unpacked so far (not only this run's CORPUS_ARCHES).
dirs=()
present=()
for d in "$CORPUS"/*/; do
  a=$(basename "$d")
  case "$a" in _* | .*) continue ;; esac
  dirs+=("$CORPUS/$a")
  present+=("$a")
done
: >"$CORPUS/list.txt.tmp"
if [ "${#dirs[@]}" -gt 0 ]; then
  find "${dirs[@]}" -type f -size +3c -print0 |
    xargs -0 -r perl -e '
      for my $f (@ARGV) {
        open(my $fh, "<:raw", $f) or next;
        my $n = read($fh, my $b, 4);
        print "$f\n" if defined $n && $n == 4 && $b eq "\x7fELF";
      }' |
    LC_ALL=C sort >"$CORPUS/list.txt.tmp"
fi
mv "$CORPUS/list.txt.tmp" "$CORPUS/list.txt"

# --- 5. report ----------------------------------------------------------------
total=$(wc -l <"$CORPUS/list.txt")
printf 'ELF files per architecture (%s):\n' "$ROOT/$CORPUS/list.txt"
for a in "${present[@]}"; do
  n=$(grep -c "^$CORPUS/$a/" "$CORPUS/list.txt" || true)
  pk=$(find "$CORPUS/$a" -mindepth 1 -maxdepth 1 -type d ! -name '.tmp-*' 2>/dev/null | wc -l)
  printf '  %-9s %6d  (%d packages)\n' "$a" "$n" "$pk"
done
printf '  %-9s %6d\n' total "$total"
if [ "${#skipped[@]}" -gt 0 ]; then
  printf 'skipped (missing for that architecture, or too big): %s\n' "${skipped[*]}"
fi
