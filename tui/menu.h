/*
 * The menu widget: a list of choices, one per line, with the selection
 * drawn as focus is everywhere (canvas_focus: a marker and reverse video,
 * so it never rests on colour), number keys 1-9, scrolling, mouse clicks
 * and the wheel.
 */
#ifndef OUTREACH_MENU_H
#define OUTREACH_MENU_H

#include <stddef.h>

#include "tui/canvas.h"
#include "tui/term.h"

struct menu_item {
	char	*label;
	char	*detail;	/* dim text after the label, or NULL */
	int	 id;
};

struct menu {
	struct menu_item *items;
	size_t		  n;
	size_t		  sel;
	size_t		  top;
	int		  numbered;	/* show "1." ... and take digit keys */
	int		  rtl;		/* mirrored: marker and number on the
					   right, for a right-to-left language */
	/* Where it was last drawn, for the mouse. */
	int		  y, x, w, h;
};

enum {
	MENU_NONE,		/* the key was not for the menu */
	MENU_MOVED,		/* the selection changed */
	MENU_CHOSEN,		/* Enter, a digit, or a click: items[sel] */
};

int	menu_add(struct menu *m, const char *label, const char *detail, int id);
void	menu_clear(struct menu *m);
int	menu_key(struct menu *m, const struct ev *ev);
void	menu_draw(struct menu *m, struct canvas *c, int y, int x, int w, int h);
const struct menu_item *menu_selected(const struct menu *m);

#endif
