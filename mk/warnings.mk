# The warnings of every userspace C build (the collector, its tests, the
# in-guest fuzzer, the lens plugin): one list, so that they cannot drift.
# Beyond -Wall -Wextra: shadowed names, functions without a prototype,
# string literals as const, #if on undefined macros, and printf formats
# that are not literals (every format is checked against its arguments).
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	    -Wwrite-strings -Wundef -Wformat=2
