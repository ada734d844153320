/*
 * A page of a content pack, parsed: blocks of styled text that the screen
 * layer (or the plain front end) wraps to any width with layout.h.
 *
 * All text in a doc is sanitised UTF-8 (utf8_sanitize): nothing from the
 * Markdown file can reach the terminal as a control character.
 */
#ifndef OUTREACH_DOC_H
#define OUTREACH_DOC_H

#include <stddef.h>

/* Span attributes (bits). */
#define DOC_A_BOLD	0x01
#define DOC_A_EM		0x02
#define DOC_A_CODE	0x04
#define DOC_A_LINK	0x08
#define DOC_A_HEADING	0x10
#define DOC_A_TH		0x20	/* table header cell */
#define DOC_A_DECOR	0x40	/* list markers, quote bars, table rules */
#define DOC_A_STRIKE	0x80
#define DOC_A_MATCH	0x100	/* words searched for (layout_line_mark) */

#define DOC_MAX_SIZE	(8u * 1024 * 1024)	/* bytes of Markdown */

struct doc_span {
	char		*text;
	unsigned	 attr;
	int		 link;		/* index into doc->links, or -1 */
};

enum doc_kind {
	DOC_PARA,
	DOC_HEADING,
	DOC_RULE,
	DOC_PRE,		/* code block: lines kept as they are */
	DOC_TABLE,
};

struct doc_cell {
	struct doc_span	*spans;
	size_t		 nspans;
};

struct doc_block {
	enum doc_kind	 kind;
	int		 level;		/* heading level, 1-6 */
	int		 depth;		/* list nesting, 0 outside lists */
	int		 quote;		/* block-quote nesting */
	char		 marker[16];	/* "•" or "12." on an item's first block */
	struct doc_span	*spans;
	size_t		 nspans;
	/* DOC_TABLE: rows * cols cells, row 0 the header. */
	size_t		 rows, cols;
	struct doc_cell	*cells;
	/*
	 * DOC_TABLE: a "You said, we did" table (set by pack_page_load for
	 * the pages pack.ini names): 2 to 4 columns, each row a record, a
	 * row with an empty first cell adding items to the record above.
	 */
	int		 said_did;
};

struct doc_link {
	char	*target;	/* page id when internal, else the URL */
	int	 internal;
};

struct doc {
	char			*title;		/* text of the first heading */
	struct doc_block	*blocks;
	size_t			 nblocks;
	struct doc_link		*links;
	size_t			 nlinks;
};

/* Parse Markdown (len bytes). Caller frees *out with doc_free. */
int	doc_parse_markdown(const char *md, size_t len, struct doc **out,
	    char **cause);
/* Read and parse a page file. */
int	doc_load(const char *path, struct doc **out, char **cause);
void	doc_free(struct doc **d);

/* All the text of a block, spans joined (Caller frees). */
char	*doc_block_text(const struct doc_block *b);

/* A doc with one paragraph per line of text (for messages and tests). */
int	doc_from_text(const char *title, const char *text, struct doc **out);

#endif
