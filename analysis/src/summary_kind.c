/* The analysis side's table of suite kinds: how the summary of each is
 * written (summary.h), and the dispatch through it. The collector's table
 * is bench/src/kind.c. The writers are called from here and never call
 * back: what a kind plans (summary_build()'s part) is in summary.c. */
#include "summary.h"
#include "pfn_summary.h"

static const struct summary_kind kinds[] = {
	[KIND_HOTPLUG] = {
		.header = summary_hotplug_header,
		.text = summary_hotplug_text,
		.json = summary_hotplug_json,
	},
	[KIND_PFN_VALID] = {
		.text = pfn_summary_text,
		.json = pfn_summary_json,
	},
	/* KIND_COLLISIONS: its record ("mhpbench-collisions") is not a run */
	[KIND_COLLISIONS] = { 0 },
};

const struct summary_kind *summary_kind(enum suite_kind k)
{
	static const struct summary_kind none = { 0 };

	return (unsigned)k < sizeof(kinds) / sizeof(kinds[0]) ? &kinds[k] : &none;
}

void summary_write_text(FILE *out, const struct summary *s, enum summary_detail d)
{
	const struct summary_kind *k = summary_kind(s->r->suite.kind);

	summary_header(out, s, k->header);
	if (k->text)
		k->text(out, s, d);
}

int summary_print_as(FILE *out, const struct result *r, enum summary_format f,
		     enum summary_detail d)
{
	struct summary s;
	json_object *j;

	if (summary_build(r, &s))
		return -1;
	if (f == SUMMARY_TEXT) {
		summary_write_text(out, &s, d);
	} else if (f == SUMMARY_LAVA) {
		summary_write_lava(out, &s);
	} else {
		j = summary_to_json(&s);
		fprintf(out, "%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
								       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	}
	summary_free(&s);
	return 0;
}

void summary_print(FILE *out, const struct result *r)
{
	summary_print_as(out, r, SUMMARY_TEXT, SUMMARY_FULL);
}

json_object *summary_to_json(const struct summary *s)
{
	const struct summary_kind *k = summary_kind(s->r->suite.kind);
	json_object *j = summary_run_json(s);

	if (k->json)
		k->json(j, s);
	return j;
}
