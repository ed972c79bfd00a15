"""Two exact-mode run files, sample for sample: the same samples (case,
repetition, warm-up, probes), the same phases, and every work figure (work_ns
and each phase that is no wait and holds none: instructions under icount)
equal to 0.1%, the tolerance of compare's exact rule (analysis/METHOD.md).
Waits and totals are virtual time and differ between any two boots; they are
not compared. Prints the counts and "same samples: yes|no"; used by
tests/lava.sh.

    same-samples.py A.json B.json
"""
import json
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


def main(a_path, b_path):
    a, b = json.load(open(a_path)), json.load(open(b_path))
    sa, sb = by_key(a), by_key(b)
    work = work_phases(a)
    same_keys = sa.keys() == sb.keys() and len(sa) == len(a["samples"]) == len(b["samples"])
    figures = equal = 0
    worst = (0.0, "")
    for key in sorted(sa.keys() & sb.keys()):
        for op in ("map", "unmap"):
            pa, pb = sa[key][op]["phases"], sb[key][op]["phases"]
            same_keys &= pa.keys() == pb.keys()
            pairs = [("work_ns", sa[key][op]["work_ns"], sb[key][op]["work_ns"])]
            pairs += [(n, pa[n]["ns"], pb[n]["ns"]) for n in pa.keys() & pb.keys() & work]
            for name, x, y in pairs:
                figures += 1
                equal += x == y
                rel = abs(y - x) / x if x else float(y != x)
                if rel > worst[0]:
                    worst = (rel, "%s %s %s: %d against %d" % (key[0], op, name, x, y))
    print("samples: %d and %d; work figures: %d, identical: %d; largest difference: %.4f%% %s"
          % (len(a["samples"]), len(b["samples"]), figures, equal, 100 * worst[0], worst[1]))
    ok = same_keys and figures > 0 and worst[0] <= 0.001
    print("same samples: %s" % ("yes" if ok else "no"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
