/*
 * The parameters of a range question, checked as pyxform checks them:
 * start, end and step (1, 10 and 1 unless given) must be numbers, the step
 * not zero nor wider than the range; tick_interval and placeholder must
 * fall on steps; tick_labelset must name a choice list of numbers on the
 * range. The messages are pyxform's.
 */
#include "content/xlsform-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/mathload.h"

/*
 * Split a parameters cell as pyxform does: on ";" if there is one, else on
 * ",", else on spaces; each part is key=value. -1 on a part without "=".
 */
int
xlsform_params(const char *raw, struct xlsform_param *v, size_t max,
    size_t *n)
{
	const char *sep = strchr(raw, ';') ? ";" : strchr(raw, ',') ? "," :
	    " \t\n";
	const char *p = raw, *eq;
	size_t len, kl, i;

	*n = 0;
	while (*p != '\0') {
		len = strcspn(p, sep);
		while (len > 0 && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;
		if (len > 0) {
			if ((eq = memchr(p, '=', len)) == NULL || *n >= max)
				return -1;
			for (kl = (size_t)(eq - p); kl > 0 &&
			    isspace((unsigned char)p[kl - 1]); kl--)
				;
			snprintf(v[*n].key, sizeof v[*n].key, "%.*s", (int)kl, p);
			for (i = 0; v[*n].key[i] != '\0'; i++)
				v[*n].key[i] = (char)tolower(
				    (unsigned char)v[*n].key[i]);
			for (eq++; eq < p + len && isspace((unsigned char)*eq);
			    eq++)
				;
			snprintf(v[*n].value, sizeof v[*n].value, "%.*s",
			    (int)(p + len - eq), eq);
			(*n)++;
		}
		p += len;
		p += strspn(p, sep);
		while (isspace((unsigned char)*p))
			p++;
	}
	return 0;
}

/* True when v is a whole multiple of step, allowing for binary fractions. */
static int
xlsform_multiple(double v, double step)
{
	double q = v / step;

	return fabs(q - nearbyint(q)) <= 1e-9 * (fabs(q) > 1 ? fabs(q) : 1);
}

#define RANGE_MSG "On the 'survey' sheet, the 'parameters' value is " \
	"invalid. For the 'range' question type, "

int
xlsform_range(struct xlsform_ctx *c, struct xlsform_question *q,
    const char *raw)
{
	static const char *names[] = { "start", "end", "step",
	    "tick_interval", "placeholder", "tick_labelset" };
	struct xlsform_param v[XLSFORM_MAX_PARAMS];
	double num[5] = { 1, 10, 1, 0, 0 };
	int have[6] = { 0 }, found;
	const struct xlsform_list *l;
	size_t n, i, k;
	double width, x;
	char *end;

	if (xlsform_params(raw, v, XLSFORM_MAX_PARAMS, &n) != 0)
		return xlsform_err(c, &c->survey, q->row, "Expecting "
		    "parameters to be in the form of 'parameter1=value "
		    "parameter2=value'.");
	for (i = 0; i < n; i++) {
		for (k = 0, found = 0; k < 6 && !found; k++) {
			if (strcmp(v[i].key, names[k]) != 0)
				continue;
			found = 1;
			have[k] = 1;
			if (k == 5) {
				q->range_labels = xlsform_list_find(c->f,
				    v[i].value);
				if (q->range_labels == XLSFORM_NONE)
					return xlsform_err(c, &c->survey,
					    q->row, RANGE_MSG "the parameter "
					    "'tick_labelset' must be a choice "
					    "list name from the 'list_name' "
					    "column on the choices sheet.");
				continue;
			}
			num[k] = strtod(v[i].value, &end);
			if (end == v[i].value || *end != '\0' ||
			    !isfinite(num[k]))
				return xlsform_err(c, &c->survey, q->row,
				    RANGE_MSG "the parameter '%s' must be a "
				    "number.", names[k]);
		}
		if (!found)
			return xlsform_err(c, &c->survey, q->row, "On the "
			    "'survey' sheet, the 'parameters' value is invalid. "
			    "Accepted parameters are 'end, placeholder, start, "
			    "step, tick_interval, tick_labelset'. The following "
			    "are invalid parameter(s): '%s'.", v[i].key);
	}
	q->range_start = num[0];
	q->range_end = num[1];
	q->range_step = num[2];
	width = fabs(num[1] - num[0]);
	if (num[2] == 0)
		return xlsform_err(c, &c->survey, q->row, RANGE_MSG "the "
		    "parameter 'step' must not be '0' (zero).");
	if (fabs(num[2]) > width)
		return xlsform_err(c, &c->survey, q->row, RANGE_MSG "the "
		    "parameter 'step' must not be larger than the range (the "
		    "difference between 'start' and 'end').");
	if (have[3]) {
		if (num[3] == 0)
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_interval' must not be '0' "
			    "(zero).");
		if (fabs(num[3]) > width)
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_interval' must not be larger "
			    "than the range (the difference between 'start' "
			    "and 'end').");
		if (!xlsform_multiple(num[3], num[2]))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_interval' must be a multiple "
			    "of 'step'.");
	}
	if (have[4]) {
		if (!xlsform_multiple(num[4] - num[0], num[2]))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'placeholder' must be a multiple "
			    "of 'step'.");
		if (num[4] < fmin(num[0], num[1]) ||
		    num[4] > fmax(num[0], num[1]))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'placeholder' must be between the "
			    "'start' and 'end' values, inclusive).");
	}
	if (q->range_labels == XLSFORM_NONE)
		return 0;
	l = &c->f->lists[q->range_labels];
	for (i = 0; i < l->nchoices; i++) {
		x = strtod(l->choices[i].name, &end);
		if (*end != '\0' || !isfinite(x))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_labelset' choice list values "
			    "may only be numbers.");
		if (x < fmin(num[0], num[1]) || x > fmax(num[0], num[1]))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_labelset' choice list values "
			    "may only be between the 'start' and 'end' "
			    "values, inclusive.");
		if (!xlsform_multiple(x - num[0], have[3] ? num[3] : num[2]))
			return xlsform_err(c, &c->survey, q->row, RANGE_MSG
			    "the parameter 'tick_labelset' choice list values "
			    "must be equal to the start of the range plus a "
			    "multiple of '%s'.", have[3] ? "tick_interval" :
			    "step");
	}
	return 0;
}
