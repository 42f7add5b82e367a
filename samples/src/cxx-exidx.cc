// cxx-exidx.cc - a small C++ shared object that throws and catches, so the
// ARM build has .ARM.exidx / .ARM.extab (PT_ARM_EXIDX, readelf "EXIDX").
#include <stdexcept>
#include <string>

namespace {
int checked(int a, int b)
{
	if (b == 0)
		throw std::runtime_error("division by zero");
	return a / b;
}
}

extern "C" int demo_checked_div(int a, int b)
{
	try {
		return checked(a, b);
	} catch (const std::exception &e) {
		return -static_cast<int>(std::string(e.what()).size());
	}
}
