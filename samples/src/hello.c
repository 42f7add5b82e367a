/* hello.c - the smallest useful dynamically linked program. */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}
