cat >/tmp/split <<'MHPB_SUITE_EOF'
# 2 MiB and 1 GiB maps for the tracepoint vs kretprobe phase split
name split
description 2M and 1G at offset 0
sizes 2M 1G
offsets 0
repeat 10
warmup 2
MHPB_SUITE_EOF
suite=/tmp/split
/mhp/bench/mhpbench run "$suite" -o .
