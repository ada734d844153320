/*
 * The sealing hook; see seal.h. One sealer per process, opened once: the
 * outbox stays open while the kiosk runs, so a submission costs one
 * encryption and one durable commit, nothing more.
 */
#include "tui/seal.h"

#include <stdlib.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "tui/submit.h"

static struct outbox_sealer *seal_sealer;

int
seal_install(const struct pack *pack, const char *home, char **cause)
{
	struct device dev;
	int r;

	if (seal_sealer != NULL || submit_ready())
		return ERR_OK;
	if (pack->nrecipients == 0)
		/* Nothing to seal to; the identity is still made on first start. */
		return device_init(home, &dev, NULL, cause);
	if ((r = outbox_sealer_open(home, pack, &seal_sealer, cause)) !=
	    ERR_OK)
		return r;
	submit_install(outbox_sealer_submit, seal_sealer);
	return ERR_OK;
}

void
seal_uninstall(void)
{
	if (seal_sealer == NULL)
		return;
	submit_install(NULL, NULL);
	outbox_sealer_free(&seal_sealer);
}
