#!/bin/sh
# Render LAVA's qemu device type with a job's context, as a LAVA server
# does before it hands a job to a worker: the device configuration that
# `lava-run --device` takes on a machine without a server. The templates
# are lava-server's own, taken from Debian's package without installing
# it (its server side needs PostgreSQL and Django; the dispatcher does not).
#
#   render-device.sh JOB.yaml DEVICE.yaml
set -eu

[ $# -eq 2 ] || { echo "usage: render-device.sh JOB.yaml DEVICE.yaml" >&2; exit 2; }
job=$1
out=$2
me=render-device
# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/bench/lib.sh"

templates=$cache/lava-server/usr/share/lava-server/device-types
if [ ! -f "$templates/qemu.jinja2" ]; then
	dl=$(mktemp -d)
	log "fetching lava-server's device-type templates (Debian's package, not installed)"
	(cd "$dl" && apt-get download -q lava-server >/dev/null 2>&1) ||
		die "apt-get download lava-server failed (apt-get update?)"
	mkdir -p "$cache/lava-server"
	dpkg-deb -x "$dl"/lava-server_*.deb "$cache/lava-server.tmp"
	rm -rf "$cache/lava-server" "$dl"
	mv "$cache/lava-server.tmp" "$cache/lava-server"
fi
# Debian's python3 (jinja2 and yaml come with lava-dispatcher), not
# whatever python3 comes first in PATH
/usr/bin/python3 - "$templates" "$job" "$out" <<'PY'
import sys, jinja2, yaml
templates, job, out = sys.argv[1:]
context = yaml.safe_load(open(job)).get("context", {})
env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=False,
                         trim_blocks=True)
text = env.from_string("{% extends 'qemu.jinja2' %}").render(**context)
yaml.safe_load(text)  # a device configuration LAVA can read
open(out, "w").write(text)
PY
