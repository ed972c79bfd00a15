#!/bin/sh
# Guest side: time the end-to-end user path of sub-section hotplug with
# hyperfine: ndctl creates a 16 MiB fsdax namespace (nd_pmem maps it with
# devm_memremap_pages) and destroys it again. Process-level timing: the
# figure includes ndctl, sysfs and udev-less driver binding, not only the
# kernel's hotplug. Run after the benchmark: nd_pmem owns what it maps.
#
#   ndctl-hyperfine.sh OUT.json
set -eu
out=$1
modprobe nd_pmem
region=$(ndctl list -R | sed -n 's/.*"dev":"\(region[0-9]*\)".*/\1/p' | head -n 1)
if [ -z "$region" ]; then
	echo "ndctl-hyperfine: no NVDIMM region" >&2
	exit 1
fi
# The runner's NVDIMM starts with a zeroed label area: a label-less region
# cannot be sub-divided. Write empty labels once.
if [ "$(ndctl list -r "$region" | sed -n 's/.*"available_size":\([0-9]*\).*/\1/p')" = 0 ]; then
	ndctl disable-region "$region" >/dev/null
	ndctl init-labels -f all >/dev/null
	ndctl enable-region "$region" >/dev/null
fi
ndctl destroy-namespace -f all -r "$region" >/dev/null 2>&1 || true
# --style basic: no progress bars in the console log. The text summary
# goes beside the JSON export for the host to print.
hyperfine -N --style basic --warmup 1 --runs 10 --export-json "$out" \
	--command-name "ndctl create-namespace -m fsdax -s 16M; destroy" \
	"sh -c 'ndctl create-namespace -r $region -m fsdax -s 16M >/dev/null && ndctl destroy-namespace -f all -r $region >/dev/null'" \
	>"${out%.json}.txt" || { cat "${out%.json}.txt"; exit 1; }
cat "${out%.json}.txt"
