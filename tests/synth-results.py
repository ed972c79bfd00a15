#!/usr/bin/env python3
"""Write SYNTHETIC result files for timing and testing `mhpbench compare`
and `mhpbench trend`: every time of a real TEMPLATE result file is scaled
by a lognormal factor. Not measurements: the label says so.

  synth-results.py TEMPLATE.json OUTDIR COUNT [--step AT FACTOR] [--seed N]

--step: runs AT.. get a release "...-synth-after" and times * FACTOR.
Every file gets a boot_id of its own: compare tests them boot by boot."""
import argparse
import json
import os
import random


def scale(op, f):
    if not op:
        return
    for k in ("total_ns", "wait_ns", "work_ns"):
        op[k] = int(op[k] * f)
    for ph in op.get("phases", {}).values():
        ph["ns"] = int(ph["ns"] * f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("template")
    ap.add_argument("outdir")
    ap.add_argument("count", type=int)
    ap.add_argument("--step", nargs=2, metavar=("AT", "FACTOR"))
    ap.add_argument("--sd", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with open(a.template, encoding="utf-8") as f:
        base = json.load(f)
    os.makedirs(a.outdir, exist_ok=True)
    rel = base["environment"]["kernel"]["release"]
    for i in range(a.count):
        d = json.loads(json.dumps(base))
        after = a.step and i >= int(a.step[0])
        factor = float(a.step[1]) if after else 1.0
        d["label"] = "SYNTHETIC %d (synth-results.py, not a measurement)" % i
        d["started"] = "2030-01-01T%02d:%02d:%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60)
        d["environment"]["kernel"]["release"] = rel + ("-synth-after" if after else "-synth")
        # each synthetic run stands for a boot of its own, as make compare's
        d["environment"]["boot_id"] = "00000000-5e1f-4000-8000-%012d" % i
        for s in d["samples"]:
            f = factor * rnd.lognormvariate(0, a.sd)
            scale(s["map"], f)
            scale(s["unmap"], f)
        with open(os.path.join(a.outdir, "synth-%04d.json" % i), "w", encoding="utf-8") as f:
            json.dump(d, f)


main()
