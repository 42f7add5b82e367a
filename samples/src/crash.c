/* crash.c - a tiny static program that aborts, to produce a core file. */
#include <signal.h>

int main(void)
{
	raise(SIGABRT);
	return 0;
}
