#!/bin/sh
# GNU readelf standing in for elfaudit, to check scripts/corpus/compare.mjs and
# scripts/bench/readelf.mjs themselves (they should then report 100% identical
# and a ratio near 1.00):
#   ELFAUDIT_CMD=scripts/corpus/gnu-standin.sh node scripts/corpus/compare.mjs
# It drops elfaudit's `readelf` subcommand and runs ${READELF:-readelf}.
[ "$1" = readelf ] && shift
exec ${READELF:-readelf} "$@"
