/* No C library at all: a static program that only loops. With
 * -mbranch-protection=standard every input is BTI/PAC-marked, so the
 * output keeps GNU_PROPERTY_AARCH64_FEATURE_1_AND = BTI | PAC. */
void _start(void) {
	for (;;) {
	}
}
