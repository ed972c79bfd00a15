"""Two exact-mode run files, sample for sample: the same samples (case,
repetition, warm-up, probes), each with the same phases; then, as
information, how many of their work figures (work_ns and each phase that is
no wait and holds none: instructions under icount) are identical, and the
largest difference of a sample and of a case's median. Whether the values
are the same is compare's to say, with its exact rule and its tests
(analysis/METHOD.md, "Exact mode"): two boots of one kernel, direct or not,
differ in some samples (a timer interrupt inside one; a row that varies
from boot to boot), and a threshold here would be a second rule. Waits and
totals are virtual time and are not looked at. Prints "same samples:
yes|no"; used by tests/lava.sh beside compare's A/A.

    same-samples.py A.json B.json
"""
import json
import statistics
import sys


def work_phases(run):
    """Phases that are no wait and have no wait below them."""
    phases = run["module"]["phases"]
    waits = {p["name"] for p in phases if p["wait"]}
    parent = {p["name"]: p["parent"] for p in phases}
    holders = set()
    for w in waits:
        p = parent.get(w)
        while p:
            holders.add(p)
            p = parent.get(p)
    return {p["name"] for p in phases} - waits - holders


def by_key(run):
    return {(json.dumps(s["case"], sort_keys=True), s["rep"], s["warmup"], s["probes"]): s
            for s in run["samples"]}


def figures(run, work):
    """{(case, op, figure): {sample key: value}} of the measured samples."""
    out = {}
    for key, s in by_key(run).items():
        if s["warmup"]:
            continue
        for op in ("map", "unmap"):
            vals = [("work_ns", s[op]["work_ns"])]
            vals += [(n, p["ns"]) for n, p in s[op]["phases"].items() if n in work]
            for name, v in vals:
                out.setdefault((key[0], op, name), {})[key] = v
    return out


def rel(x, y):
    return abs(y - x) / x if x else float(y != x)


def main(a_path, b_path):
    a, b = json.load(open(a_path)), json.load(open(b_path))
    sa, sb = by_key(a), by_key(b)
    same = sa.keys() == sb.keys() and len(sa) == len(a["samples"]) == len(b["samples"])
    same = same and all(sa[k][op]["phases"].keys() == sb[k][op]["phases"].keys()
                        for k in sa.keys() & sb.keys() for op in ("map", "unmap"))
    work = work_phases(a)
    fa, fb = figures(a, work), figures(b, work)
    n = equal = 0
    worst_sample = worst_median = (0.0, "")
    for f in sorted(fa.keys() & fb.keys()):
        for k in fa[f].keys() & fb[f].keys():
            x, y = fa[f][k], fb[f][k]
            n += 1
            equal += x == y
            worst_sample = max(worst_sample, (rel(x, y), "%s %s %s: %d against %d" % (*f, x, y)))
        mx, my = statistics.median(fa[f].values()), statistics.median(fb[f].values())
        worst_median = max(worst_median, (rel(mx, my), "%s %s %s: %g against %g" % (*f, mx, my)))
    same = same and fa.keys() == fb.keys() and n > 0
    print("samples: %d and %d; work figures: %d, identical: %d" % (len(a["samples"]),
          len(b["samples"]), n, equal))
    print("largest difference of a sample: %.4f%% %s" % (100 * worst_sample[0], worst_sample[1]))
    print("largest difference of a median: %.4f%% %s" % (100 * worst_median[0], worst_median[1]))
    print("same samples: %s" % ("yes" if same else "no"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
