/* Fortifiable calls with destination sizes the compiler cannot see, built
 * without _FORTIFY_SOURCE: they stay plain imports (strcpy, memcpy, printf). */
#include <stdio.h>
#include <string.h>

void plain_calls(char *dst, const char *src, size_t n) {
	strcpy(dst, src);
	memcpy(dst + 1, src, n);
	printf("%s %zu\n", dst, n);
}
