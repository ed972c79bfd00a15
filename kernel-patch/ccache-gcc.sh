#!/bin/sh
# The kernel build's CC (build-kernel.sh): ccache gcc, except for a source
# that holds an .incbin directive, which gcc compiles itself.
#
#   ccache-gcc.sh GCC-ARGUMENT...
#
# Why: in depend mode (CCACHE_DEPEND=1, build-kernel.sh) ccache up to
# 4.12 does not look for .incbin (its preprocessor mode does, and then
# does not cache): the file an .incbin pulls in is in no dependency list,
# so a source whose own text has not changed is a hit. The kernel's
# arch/x86/boot/compressed/piggy.S is one: two builds whose compressed
# kernels have the same length write the same piggy.S, and the second
# bzImage carried the first one's kernel (seen: a make compare B side
# that booted A's kernel). Also usr/initramfs_data.S, kernel/configs.c,
# certs/system_certificates.S, arch/x86/realmode/rmpiggy.S.
set -eu

src=
for arg; do
	case $arg in
	*.c | *.S) src=$arg ;;
	esac
done
if [ -n "$src" ] && [ -f "$src" ] && grep -q '\.incbin' "$src"; then
	exec gcc "$@"
fi
exec ccache gcc "$@"
