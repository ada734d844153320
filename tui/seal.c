/*
 * The sealing context; see seal.h. One sealer per process, opened once:
 * the outbox stays open while the kiosk runs, so a submission costs one
 * encryption and one durable commit, nothing more.
 */
#include "tui/seal.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/device.h"
#include "sync/outbox.h"

void
seal_init(struct seal *s)
{
	memset(s, 0, sizeof *s);
}

int
seal_start(struct seal *s, const struct pack *pack, const char *home,
    char **cause)
{
	if (s->home != NULL)
		return ERR_OK;
	if ((s->home = strdup(home)) == NULL)
		return err_set(cause, ERR_NOMEM, "out of memory");
	s->pack = pack;
	return ERR_OK;
}

int
seal_ready(const struct seal *s)
{
	return s != NULL && (s->hook != NULL ||
	    (s->pack != NULL && s->pack->nrecipients > 0));
}

int
seal_identity(struct seal *s, char **cause)
{
	struct device dev;

	if (s == NULL || s->opened || s->home == NULL)
		return ERR_OK;
	return device_init(s->home, &dev, NULL, cause);
}

int
seal_open(struct seal *s, char **cause)
{
	int r;

	if (s == NULL || s->opened || s->home == NULL)
		return ERR_OK;
	if (s->pack->nrecipients == 0)
		/* Nothing to seal to; the identity is still made. */
		r = seal_identity(s, cause);
	else
		r = outbox_sealer_open(s->home, s->pack, &s->sealer, cause);
	if (r == ERR_OK)
		s->opened = 1;
	return r;
}

int
seal_submit(struct seal *s, const struct session *session,
    const struct survey_response *resp, char **cause)
{
	int r;

	if (!seal_ready(s))
		return err_set(cause, ERR_UNSUPPORTED, "Saving answers is not "
		    "ready on this laptop yet.");
	if (s->hook != NULL)
		return s->hook(s->hook_ctx, resp, cause);
	if ((r = seal_open(s, cause)) != ERR_OK)
		return r;
	if (s->sealer == NULL)
		return err_set(cause, ERR_NOKEY, "no hub recipient to seal to");
	s->sealer->session = session;
	return outbox_sealer_submit(s->sealer, resp, cause);
}

void
seal_end(struct seal *s)
{
	outbox_sealer_free(&s->sealer);
	free(s->home);
	s->home = NULL;
	s->pack = NULL;
	s->opened = 0;
}
