/*
 * The one rule for an XLSForm name (a question's, a group's, an answer's):
 * pyxform's is_xml_tag, which is an XML NCName, optionally followed by a
 * colon and a second NCName (https://www.w3.org/TR/REC-xml/#NT-Name and
 * https://www.w3.org/TR/xml-names/#NT-NCName).
 *
 *   NCName     NameStartChar NameChar*, without ':'
 *   first      A-Z a-z _ and the letters beyond ASCII of XML's
 *              NameStartChar (U+00C0-U+00D6, U+00D8-U+00F6, U+00F8-U+02FF,
 *              U+0370-U+037D, U+037F-U+1FFF, U+200C-U+200D, U+2070-U+218F,
 *              U+2C00-U+2FEF, U+3001-U+D7FF, U+F900-U+FDCF,
 *              U+FDF0-U+FFFD, U+10000-U+EFFFF)
 *   then also  0-9 - . U+00B7 U+0300-U+036F U+203F-U+2040
 *
 * So "età", "Αλ" and "name:name" are names; "1a", "a b", ":a" and "a:b:c"
 * are not. Everything that accepts, stores or checks a name uses this: the
 * form loader (content/xlsform-survey.c), pack.ini's question references
 * (content/pack.c), submissions (sync/submission.c) and the tallies of
 * co-production sessions (sync/session.c). A name that passes `outreach
 * survey check` can therefore always be sealed, exported and imported.
 * A name is at most XLSFORM_NAME_MAX bytes.
 */
#ifndef OUTREACH_XLSFORM_NAME_H
#define OUTREACH_XLSFORM_NAME_H

#include <stddef.h>

#define XLSFORM_NAME_MAX	256	/* bytes */

/* 1 when s (NUL-terminated UTF-8) is an XLSForm name. */
int	xlsform_name_ok(const char *s);

#endif
