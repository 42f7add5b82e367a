/* tls.c - thread-local storage: an initialised __thread variable (.tdata)
   and zero-initialised ones (.tbss), so PT_TLS has filesz < memsz. */
#include <stdio.h>

__thread int tls_counter = 42;
__thread char tls_buf[64];
static __thread long tls_zero;

int main(void)
{
	tls_counter++;
	tls_buf[0] = 'x';
	tls_zero += tls_counter;
	printf("%d %c %ld\n", tls_counter, tls_buf[0], tls_zero);
	return 0;
}
