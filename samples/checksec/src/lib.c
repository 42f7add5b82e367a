/* A small library: exported functions, one of them fortified. */
#include <stdio.h>
#include <string.h>

int demo_format(char *out, const char *name) {
	char tmp[16];
	strcpy(tmp, name);
	return sprintf(out, "<%s>", tmp);
}
