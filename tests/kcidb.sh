#!/bin/sh
# compare --format kcidb against KCIDB's own schema: the stored example
# comparisons (exact, wall, the cache lens, pfn_valid) written as KCIDB
# documents must validate against the I/O schema v5.3 as kcidb-io exports
# it (tests/data/kcidb-v5.3.schema.json; JSON Schema Draft 7 with format
# checks, as kcidb-io validates), hold checkouts, builds and tests, and
# link every build to a checkout and every test to a build of the same
# document, with unique ids (which a schema cannot say). Two broken
# copies, a status outside the schema and a test whose build is not in
# the document, must be refused: a checker that accepts anything fails.
# Needs python3-jsonschema for Debian's python3 (bench/install-deps.sh
# test; PYTHON overrides /usr/bin/python3). Part of make unit-test.
#
#   tests/kcidb.sh
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
start=$(date +%s)
py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || skip "no $py"
"$py" -c 'import jsonschema' 2>/dev/null ||
	skip "no python3-jsonschema for $py (bench/install-deps.sh test installs it)"
schema=$top/tests/data/kcidb-v5.3.schema.json
make -s -C "$top/bench" mhpbench
bin=$top/bench/mhpbench
test_out kcidb

# check.py SCHEMA DOC...: one line per DOC, "valid: ..." or "invalid:
# ..." with its first errors; exit 1 when any is invalid
cat >"$out/check.py" <<'EOF'
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
checker = getattr(jsonschema.Draft7Validator, "FORMAT_CHECKER", jsonschema.FormatChecker())
validator = jsonschema.Draft7Validator(schema, format_checker=checker)


def link_errors(doc):
    """Ids unique per kind; builds and tests linked to objects of doc."""
    errors = []
    ids = {}
    for kind in ("checkouts", "builds", "tests"):
        objs = doc.get(kind, [])
        if not objs:
            errors.append(f"no {kind}")
        ids[kind] = {o.get("id") for o in objs}
        if len(ids[kind]) != len(objs):
            errors.append(f"{kind}: {len(objs) - len(ids[kind])} ids repeated")
    for kind, link, target in (("builds", "checkout_id", "checkouts"),
                               ("tests", "build_id", "builds")):
        lost = [o["id"] for o in doc.get(kind, []) if o.get(link) not in ids[target]]
        if lost:
            errors.append(f"{kind}: {len(lost)} with a {link} not in {target}, e.g. {lost[0]}")
    return errors


bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(doc)] + link_errors(doc)
    if errors:
        bad += 1
        print(f"invalid: {path}: {len(errors)} errors: " + "; ".join(errors[:3]))
    else:
        print(f"valid: {path}: " + ", ".join(f"{len(doc[k])} {k}"
                                             for k in ("checkouts", "builds", "tests")))
sys.exit(1 if bad else 0)
EOF

for ex in compare-6.1-vs-6.12-exact compare-6.1-vs-6.12-tcg compare-6.1-vs-6.12-lens \
	pfn-valid-6.1-vs-6.12-tcg; do
	runs=$top/results/examples/$ex/runs
	if ! "$bin" compare --format kcidb "$runs/6.1" "$runs/6.12" >"$out/$ex.json"; then
		fail "$ex: compare --format kcidb failed"
		continue
	fi
	if got=$("$py" "$out/check.py" "$schema" "$out/$ex.json"); then
		pass "$ex: ${got#valid: "$out"/}"
	else
		fail "$ex: $got"
	fi
done

# the broken copies: each must be refused
"$py" - "$out/compare-6.1-vs-6.12-exact.json" "$out" <<'EOF'
import json
import sys

doc = json.load(open(sys.argv[1]))
doc["tests"][0]["status"] = "WORSE"
json.dump(doc, open(sys.argv[2] + "/broken-status.json", "w"))
doc["tests"][0]["status"] = "DONE"
doc["tests"][1]["build_id"] = "mhpbench:nowhere/build"
json.dump(doc, open(sys.argv[2] + "/broken-link.json", "w"))
EOF
for broken in status link; do
	if got=$("$py" "$out/check.py" "$schema" "$out/broken-$broken.json"); then
		fail "a broken copy ($broken) passed: $got"
	else
		pass "a broken copy ($broken) is refused: ${got#*: *: }"
	fi
done
test_end kcidb "$start"
