/* Which samples count: see select.h. */
#include "lens_work.h"
#include "select.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct op_timing *call_of(const struct sample *s, enum op_kind op)
{
	return op == OP_UNMAP ? &s->unmap : &s->map;
}

enum call_use select_call(const struct sample *s, enum op_kind op)
{
	const struct op_timing *t = call_of(s, op);

	if (s->warmup || !t->done)
		return CALL_SKIP;
	if (!t->ok)
		return CALL_FAILED;
	if (s->probes_off || t->no_probes)
		return CALL_TOTAL_ONLY;
	if (t->unbalanced || t->probe_missed)
		return CALL_NO_PHASES;
	return CALL_ALL;
}

static const char *const figure_names[] = {
	[FIG_TOTAL] = "total", [FIG_WAIT] = "wait", [FIG_WORK] = "work",
	[FIG_TOTAL_PROBES_OFF] = "total_probes_off",
};

int metric_ref_parse(const char *name, const struct module_desc *m, struct metric_ref *ref,
		     char *err, size_t errlen)
{
	const char *dot = strchr(name, '.');
	int ph;

	memset(ref, 0, sizeof(*ref));
	ref->m = m;
	if (dot && (size_t)(dot - name) == 3 && strncmp(name, "map", 3) == 0)
		ref->op = OP_MAP;
	else if (dot && (size_t)(dot - name) == 5 && strncmp(name, "unmap", 5) == 0)
		ref->op = OP_UNMAP;
	else {
		snprintf(err, errlen, "metric %s: expected map.NAME or unmap.NAME", name);
		return -1;
	}
	for (int f = FIG_TOTAL; f < FIG_PHASE; f++)
		if (strcmp(dot + 1, figure_names[f]) == 0) {
			ref->fig = (enum call_figure)f;
			return 0;
		}
	ph = module_phase_index(m, dot + 1, ref->op == OP_UNMAP);
	if (ph < 0) {
		snprintf(err, errlen, "metric %s: no such figure or phase of the %s", name,
			 ref->op == OP_UNMAP ? "unmap" : "map");
		return -1;
	}
	ref->fig = FIG_PHASE;
	ref->phase = (uint32_t)ph;
	return 0;
}

bool select_lens_figure(const struct module_desc *m, bool lens, int phase)
{
	return lens && (phase < 0 || !module_phase_holds_wait(m, (uint32_t)phase));
}

/* @v, the ns of figure @phase (-1: work) of @t, as @ref takes it: the lens's
 * estimated cycles where it applies; false when the lens missed the call. */
static bool lens_value(const struct op_timing *t, const struct metric_ref *ref, int phase,
		       double *v)
{
	return !select_lens_figure(ref->m, ref->lens, phase) ||
	       op_lens_cycles(t, ref->m, ref->op == OP_UNMAP, phase, v);
}

bool select_value(const struct sample *s, const struct metric_ref *ref, double *v)
{
	const struct op_timing *t = call_of(s, ref->op);
	enum call_use use = select_call(s, ref->op);

	switch (ref->fig) {
	case FIG_TOTAL_PROBES_OFF:
		*v = (double)t->total_ns;
		return use == CALL_TOTAL_ONLY;
	case FIG_TOTAL:
		*v = (double)t->total_ns;
		break;
	case FIG_WAIT:
		*v = (double)t->wait_ns;
		break;
	case FIG_WORK:
		*v = (double)t->work_ns;
		if (!lens_value(t, ref, -1, v))
			return false;
		break;
	case FIG_PHASE:
		*v = (double)t->phase_ns[ref->phase];
		if (!lens_value(t, ref, (int)ref->phase, v))
			return false;
		return use == CALL_ALL;
	}
	return use == CALL_ALL || use == CALL_NO_PHASES;
}

bool select_pfn(const struct pfn_rec *q)
{
	return !q->warmup && !q->err;
}

/* One ",KEY" or ",KEY=VALUE" item of a case filter. */
static int filter_item(const char *item, struct case_filter *f)
{
	unsigned long v;
	char *end;

	if (strncmp(item, "shift=", 6) == 0) {
		v = strtoul(item + 6, &end, 10);
		if (end == item + 6 || *end || v > 63)
			return -1;
		f->c.vmemmap_shift = (uint32_t)v;
		f->shift = true;
		return 0;
	}
	if (strncmp(item, "memmap=", 7) == 0) {
		f->memmap = true;
		return memmap_loc_parse(item + 7, &f->c.memmap);
	}
	f->type = true;
	return pgmap_type_parse(item, &f->c.type);
}

int case_filter_parse(const char *text, struct case_filter *f, char *err, size_t errlen)
{
	char buf[128], *at, *item, *save = NULL;

	memset(f, 0, sizeof(*f));
	snprintf(buf, sizeof(buf), "%s", text);
	item = strtok_r(buf, ",", &save);
	at = item ? strchr(item, '@') : NULL;
	if (!at) {
		snprintf(err, errlen, "case %s: expected SIZE@OFFSET[,TYPE][,shift=N][,memmap=dram|pmem]", text);
		return -1;
	}
	*at = '\0';
	if (parse_size(item, &f->c.size) || parse_size(at + 1, &f->c.offset)) {
		snprintf(err, errlen, "case %s: SIZE and OFFSET are sizes (2M, 128M, 0)", text);
		return -1;
	}
	while ((item = strtok_r(NULL, ",", &save)))
		if (filter_item(item, f)) {
			snprintf(err, errlen, "case %s: %s is not a type (generic, fs_dax, private), "
				 "shift=N or memmap=dram|pmem", text, item);
			return -1;
		}
	return 0;
}

bool case_filter_match(const struct case_filter *f, const struct bench_case *c)
{
	return c->size == f->c.size && c->offset == f->c.offset &&
	       (!f->type || c->type == f->c.type) &&
	       (!f->shift || c->vmemmap_shift == f->c.vmemmap_shift) &&
	       (!f->memmap || c->memmap == f->c.memmap);
}
