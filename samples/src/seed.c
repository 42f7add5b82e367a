/* seed.c - a small shared object with about 1.8 KB of initialised data and a
   little bss, so its RW PT_LOAD is roughly 0x72c bytes in the file and 0x78c
   in memory (like the library this mirrors).  Built twice on ARM: once with
   -z norelro, once with -z relro. */
#include <string.h>

#define SEED_WORDS 387

unsigned int seed_table[SEED_WORDS] = {
#define S4(n) (n) * 2654435761u + 1u, (n + 1) * 2654435761u + 1u, \
	      (n + 2) * 2654435761u + 1u, (n + 3) * 2654435761u + 1u
#define S16(n) S4(n), S4(n + 4), S4(n + 8), S4(n + 12)
	S16(0), S16(16), S16(32), S16(48), S16(64), S16(80), S16(96),
	S16(112), S16(128), S16(144), S16(160), S16(176), S16(192),
	S16(208), S16(224), S16(240), S16(256), S16(272), S16(288),
	S16(304), S16(320), S16(336), S16(352), S16(368),
	384 * 2654435761u + 1u, 385 * 2654435761u + 1u, 386 * 2654435761u + 1u,
};

const char *seed_label = "seed";
static unsigned int seed_state[23];

unsigned int seed_next(unsigned int i)
{
	unsigned int v = seed_table[i % SEED_WORDS] ^ seed_state[i % 23];
	seed_state[i % 23] = v * 2654435761u;
	return v + (unsigned int)strlen(seed_label);
}
