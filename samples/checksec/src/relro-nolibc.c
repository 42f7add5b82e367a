/* A static program without a C library that still gets PT_GNU_RELRO (a
 * constant table of pointers lands in .data.rel.ro): with no startup code
 * to apply it, the segment protects nothing. */
static int value;
int *const table[] = { &value, &value };

void _start(void) {
	for (;;)
		*table[value & 1] += 1;
}
