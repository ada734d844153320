/*
 * Building a zip for the workbook targets from a structured input: parts
 * "name\ncontent" separated by NUL bytes, stored uncompressed so that the
 * fuzzer's changes to the XML reach the XML parsers unchanged.
 */
#ifndef OUTREACH_XLSX_FUZZ_H
#define OUTREACH_XLSX_FUZZ_H

#include <zip.h>

#include "tests/fuzz/fuzz.h"

static inline void
fuzz_xlsx_build(const char *path, const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *nul, *nl;
	zip_source_t *src;
	zip_int64_t idx;
	zip_t *z;
	char name[256];
	size_t nlen, added = 0;
	int err;

	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		abort();
	while (p < end) {
		nul = memchr(p, '\0', (size_t)(end - p));
		if (nul == NULL)
			nul = end;
		nl = memchr(p, '\n', (size_t)(nul - p));
		if (nl == NULL)
			nl = nul;
		nlen = (size_t)(nl - p);
		if (nlen > 0 && nlen < sizeof name) {
			memcpy(name, p, nlen);
			name[nlen] = '\0';
			if (nl < nul)
				nl++;
			/* libzip refuses some names and repeats: skip them. */
			src = zip_source_buffer(z, nl, (zip_uint64_t)(nul - nl),
			    0);
			if (src != NULL && (idx = zip_file_add(z, name, src,
			    ZIP_FL_ENC_UTF_8)) >= 0) {
				zip_set_file_compression(z, (zip_uint64_t)idx,
				    ZIP_CM_STORE, 0);
				added++;
			} else
				zip_source_free(src);
		}
		p = nul < end ? nul + 1 : end;
	}
	/* libzip writes no file for an empty archive: leave an empty one. */
	if (added == 0 || zip_close(z) != 0) {
		zip_discard(z);
		fuzz_write_file(path, "", 0);
	}
}

#endif
