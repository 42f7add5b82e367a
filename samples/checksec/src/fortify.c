/* Calls that _FORTIFY_SOURCE=2 turns into __*_chk (destination sizes are
 * known here), plus calls into plain.c, built without fortification. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void plain_calls(char *dst, const char *src, size_t n);

static char buf[64];

int main(int argc, char **argv) {
	char local[32];
	strcpy(local, argc > 1 ? argv[1] : "x");
	snprintf(buf, sizeof buf, "%s-%d", local, argc);
	memcpy(buf + 8, local, (size_t)argc);
	if (argc > 2 && read(0, local, sizeof local) < 0) return 1;
	printf("%s\n", buf);
	plain_calls(buf, local, (size_t)argc);
	return 0;
}
