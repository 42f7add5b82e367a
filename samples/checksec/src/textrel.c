/* Built -shared without -fPIC on i686: absolute references to data in
 * .text need text relocations (DT_TEXTREL). */
int counter;

int bump(void) {
	return ++counter;
}
