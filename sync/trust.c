/*
 * The device's trust anchor; see trust.h.
 */
#include "sync/trust.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/err.h"
#include "content/pack.h"

int
trust_load(const char *home, const char *bundled, struct trust *t,
    char **cause)
{
	struct pack *p = NULL;
	char cur[PATH_MAX];
	struct stat st;
	const char *dir;
	int r, n;

	memset(t, 0, sizeof *t);
	n = snprintf(cur, sizeof cur, "%s/pack/current", home);
	if (n < 0 || (size_t)n >= sizeof cur)
		return err_set(cause, ERR_LIMIT, "%s: path too long", home);
	t->installed = stat(cur, &st) == 0 && S_ISDIR(st.st_mode);
	dir = t->installed ? cur : bundled;
	if ((r = pack_load(dir, &p, cause)) != 0)
		goto out;
	if (p->hub_pubkey == NULL || minisign_pubkey_parse(p->hub_pubkey,
	    strlen(p->hub_pubkey), &t->hub, NULL) != 0) {
		r = err_set(cause, ERR_NOKEY, "%s (the %s pack) names no valid "
		    "hub key ([hub] minisign_public_key)", dir, t->installed ?
		    "installed" : "bundled");
		goto out;
	}
	device_key_id(&t->hub, t->key_id);
	if ((t->pack_id = strdup(p->id)) == NULL ||
	    (t->version = strdup(p->version)) == NULL)
		r = ERR_NOMEM;
out:
	pack_free(&p);
	if (r != 0)
		trust_clear(t);
	return r;
}

void
trust_clear(struct trust *t)
{
	free(t->pack_id);
	free(t->version);
	memset(t, 0, sizeof *t);
}
