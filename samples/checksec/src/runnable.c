/* A shared library that can also be run, the way glibc makes libc.so.6
 * runnable: its own .interp section (so the link gets PT_INTERP) and an
 * entry point; it is still a library (DT_SONAME, no DF_1_PIE). */
#include <stdlib.h>
#include <unistd.h>

const char interp[] __attribute__((section(".interp"))) = "/lib64/ld-linux-x86-64.so.2";

int runnable_answer(void) {
	return 42;
}

void runnable_main(void) {
	static const char msg[] = "a library\n";
	write(1, msg, sizeof msg - 1);
	_exit(0);
}
