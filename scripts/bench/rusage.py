#!/usr/bin/env python3
"""scripts/bench/rusage.py OUT CMD [ARGS...] - runs CMD with the same
standard streams and writes "WALL USER SYS MAXRSS" to the file OUT: wall
seconds from fork to exit, user and system CPU seconds of CMD and the
descendants it waited for (getrusage via wait4, microsecond resolution
where /usr/bin/time prints hundredths), peak RSS in KiB. Exits with CMD's
status (128 + N when killed by signal N). This wrapper's own start-up is
in neither figure, so two tools compared through it pay nothing for it.
Used by scripts/bench/*.ts."""
import os
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter_ns()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = (time.perf_counter_ns() - t0) / 1e9
with open(out, "w") as f:
    f.write(f"{wall:.6f} {ru.ru_utime:.6f} {ru.ru_stime:.6f} {ru.ru_maxrss}\n")
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
