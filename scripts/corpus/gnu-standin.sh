#!/bin/sh
# GNU readelf standing in for elfaudit, to check scripts/corpus/compare.ts and
# scripts/bench/readelf.ts themselves (they should then report 100% identical
# and a ratio near 1.00):
#   ELFAUDIT_CMD=scripts/corpus/gnu-standin.sh node dist-scripts/scripts/corpus/compare.js
# It drops elfaudit's `readelf` subcommand and runs ${READELF:-readelf}.
[ "$1" = readelf ] && shift
exec ${READELF:-readelf} "$@"
