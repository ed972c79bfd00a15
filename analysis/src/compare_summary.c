/* Verdicts and phase lines of a comparison: see compare_summary.h. */
#include "compare_summary.h"
#include "metric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *verdict_name(enum cell_verdict v)
{
	static const char *const names[VERDICT_COUNT] = {
		[VERDICT_NOT_TESTED] = "not tested", [VERDICT_UNCHANGED] = "unchanged",
		[VERDICT_WORSE] = "worse", [VERDICT_BETTER] = "better",
	};

	return names[v];
}

const char *verdict_key(enum cell_verdict v)
{
	return v == VERDICT_NOT_TESTED ? "not_tested" : verdict_name(v);
}

enum cell_verdict cmp_cell_verdict(const struct cmp_row *row, size_t k)
{
	const struct cmp_cell *c = &row->cell[k];

	if (c->sig)
		return strcmp(metric_verdict(row->kind, c->change), "worse") ? VERDICT_BETTER :
									       VERDICT_WORSE;
	if (!c->zero_var && (c->tested || cmp_decided_alone(c->design)))
		return VERDICT_UNCHANGED;
	return VERDICT_NOT_TESTED;
}

void cmp_verdict_counts(const struct comparison *cmp, size_t k, size_t count[VERDICT_COUNT])
{
	memset(count, 0, VERDICT_COUNT * sizeof(*count));
	for (size_t r = 0; r < cmp->nr; r++)
		count[cmp_cell_verdict(&cmp->rows[r], k)]++;
}

static bool same_line(const struct cmp_row *a, int op, const char *name, enum metric_id kind)
{
	return a->op == op && a->kind == kind && !strcmp(a->name, name);
}

/* Add @row's cell of pool @k to @l. */
static void line_add(struct phase_line *l, const struct cmp_row *row, size_t k)
{
	const struct cmp_cell *c = &row->cell[k];

	l->n++;
	l->count[cmp_cell_verdict(row, k)]++;
	if (!c->n || !row->cell[0].n || !isfinite(c->change))
		return;
	l->ch_min = fmin(l->ch_min, c->change);
	l->ch_max = fmax(l->ch_max, c->change);
}

/* The line of @row in lines [0, n), added when new. NULL out of memory. */
static struct phase_line *line_for(struct phase_line **lines, size_t *n,
				   const struct cmp_row *row, size_t r)
{
	struct phase_line *grown;

	for (size_t i = 0; i < *n; i++)
		if (same_line(row, (*lines)[i].op, (*lines)[i].name, (*lines)[i].kind))
			return &(*lines)[i];
	grown = realloc(*lines, (*n + 1) * sizeof(**lines));
	if (!grown)
		return NULL;
	*lines = grown;
	grown[*n] = (struct phase_line){ .op = row->op, .name = row->name, .kind = row->kind,
					 .first = r, .ch_min = INFINITY, .ch_max = -INFINITY };
	return &grown[(*n)++];
}

static int by_first_op(const void *a, const void *b)
{
	const struct phase_line *x = a, *y = b;

	if (x->op != y->op)
		return x->op - y->op;
	return (x->first > y->first) - (x->first < y->first);
}

size_t cmp_phase_lines(const struct comparison *cmp, size_t k, struct phase_line **lines)
{
	size_t n = 0, kept = 0;

	*lines = NULL;
	for (size_t r = 0; r < cmp->nr; r++) {
		struct phase_line *l = line_for(lines, &n, &cmp->rows[r], r);

		if (!l) {
			free(*lines);
			*lines = NULL;
			return (size_t)-1;
		}
		line_add(l, &cmp->rows[r], k);
	}
	for (size_t i = 0; i < n; i++) {
		struct phase_line *l = &(*lines)[i];

		if (!l->count[VERDICT_WORSE] && !l->count[VERDICT_BETTER])
			continue;
		l->verdict = l->count[VERDICT_WORSE] >= l->count[VERDICT_BETTER] ? VERDICT_WORSE :
										 VERDICT_BETTER;
		(*lines)[kept++] = *l;
	}
	qsort(*lines, kept, sizeof(**lines), by_first_op);
	return kept;
}

const struct phase_line *phase_line_of(const struct phase_line *lines, size_t n,
				       const struct cmp_row *row)
{
	for (size_t i = 0; i < n; i++)
		if (same_line(row, lines[i].op, lines[i].name, lines[i].kind))
			return &lines[i];
	return NULL;
}
