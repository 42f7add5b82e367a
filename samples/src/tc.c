/* tc.c - a program with a large stack frame (so -fstack-clash-protection
   probes it), a buffer copy FORTIFY can check (memcpy, strcpy, snprintf into
   a fixed-size array), and a read past a bound the sanitizers instrument. */
#include <stdio.h>
#include <string.h>

static void fill(char *buf, unsigned n, const char *s)
{
	for (unsigned i = 0; i < n; i++)
		buf[i] = s[i % 7];
}

int main(int argc, char **argv)
{
	char big[65536];
	char small[16];
	size_t n = strlen(argv[0]);
	fill(big, sizeof big, "elfaudit");
	memcpy(small, argv[0], n < sizeof small ? n : sizeof small - 1);
	small[15] = 0;
	strcpy(big + 100, small);
	snprintf(big + 200, sizeof big - 200, "%d %s", argc, small);
	puts(big + argc * 100);
	return big[argc * 4096] + small[argc];
}
