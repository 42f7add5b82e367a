/* libdemo.c - a tiny shared object: exported code, initialised data with
   relocated pointers (so there is something for RELRO to protect), bss, and
   a call through the PLT. */
#include <stdio.h>

static const char *const demo_names[] = { "alpha", "beta", "gamma" };
int demo_counter = 3;
static int demo_scratch[16];

const char *demo_name(unsigned i)
{
	return demo_names[i % 3];
}

int demo_bump(int by)
{
	demo_scratch[by & 15] += by;
	demo_counter += by;
	printf("demo: %s %d\n", demo_name((unsigned)by), demo_counter);
	return demo_counter;
}
