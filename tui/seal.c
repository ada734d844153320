/*
 * The sealing hook; see seal.h. One sealer per process, opened once: the
 * outbox stays open while the kiosk runs, so a submission costs one
 * encryption and one durable commit, nothing more.
 */
#include "tui/seal.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "tui/submit.h"

static const struct pack *seal_pack;
static char *seal_home;
static int seal_opened;
static int seal_hooked;		/* our hook is the one installed */
static struct outbox_sealer *seal_sealer;
static const struct session *seal_sess;

/* The submit hook: open if not yet, then seal. */
static int
seal_hook(void *ctx, const struct survey_response *resp, char **cause)
{
	int r;

	(void)ctx;
	if ((r = seal_open(cause)) != ERR_OK)
		return r;
	if (seal_sealer == NULL)
		return err_set(cause, ERR_NOKEY, "no hub recipient to seal to");
	seal_sealer->session = seal_sess;
	return outbox_sealer_submit(seal_sealer, resp, cause);
}

int
seal_install(const struct pack *pack, const char *home, char **cause)
{
	if (seal_home != NULL)
		return ERR_OK;
	if ((seal_home = strdup(home)) == NULL)
		return err_set(cause, ERR_NOMEM, "out of memory");
	seal_pack = pack;
	if (pack->nrecipients > 0 && !submit_ready()) {
		submit_install(seal_hook, NULL);
		seal_hooked = 1;
	}
	return ERR_OK;
}

int
seal_identity(char **cause)
{
	struct device dev;

	if (seal_opened || seal_home == NULL)
		return ERR_OK;
	return device_init(seal_home, &dev, NULL, cause);
}

int
seal_open(char **cause)
{
	int r;

	if (seal_opened || seal_home == NULL)
		return ERR_OK;
	if (seal_pack->nrecipients == 0)
		/* Nothing to seal to; the identity is still made. */
		r = seal_identity(cause);
	else
		r = outbox_sealer_open(seal_home, seal_pack, &seal_sealer, cause);
	if (r == ERR_OK)
		seal_opened = 1;
	return r;
}

void
seal_session(const struct session *s)
{
	seal_sess = s;
	if (seal_sealer != NULL)
		seal_sealer->session = s;
}

void
seal_uninstall(void)
{
	if (seal_home == NULL)
		return;
	if (seal_hooked)
		submit_install(NULL, NULL);
	seal_hooked = 0;
	outbox_sealer_free(&seal_sealer);
	free(seal_home);
	seal_home = NULL;
	seal_pack = NULL;
	seal_opened = 0;
	seal_sess = NULL;
}
