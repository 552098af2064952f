/* The one place where XML is parsed: libxml2 with the network off, no
 * external entities or DTD loading, entity expansion left to the readers
 * (and bounded there). Private to src/input/. */
#ifndef ROSTRUM_INPUT_XML_H
#define ROSTRUM_INPUT_XML_H

#include <libxml/tree.h>

#include "input/input.h"

/* Parses data; on failure a negative code and "name:line: cause" in
 * errmsg. The caller frees the tree with xmlFreeDoc. */
int rs__xml_parse(const char *name, const char *data, size_t size, xmlDocPtr *out, char *errmsg,
                  size_t errmsg_size);
/* Parses data as HTML (libxml2's HTML parser: network off, no errors
 * printed, elements and attributes in lower case); the encoding is the one
 * the page declares (a meta charset, an XML declaration, a byte order
 * mark), else UTF-8. Never fails on tag soup; fails only on size or memory,
 * with "name: cause" in errmsg. The caller frees the tree with xmlFreeDoc. */
int rs__html_parse(const char *name, const char *data, size_t size, xmlDocPtr *out, char *errmsg,
                   size_t errmsg_size);
/* Reads the file at path (at most max_size bytes) and parses it the same way;
 * NULL when it cannot be read or parsed. */
/* Parses data as rs__xml_parse does and checks that the root element has
 * one of the local names in roots (NULL-terminated), else fails with
 * "name:line: the root element is <x>, not WHAT". *root is the root. */
int rs__xml_parse_root(const char *name, const char *data, size_t size, const char *const *roots, const char *what,
                       xmlDocPtr *out, xmlNodePtr *root, char *errmsg, size_t errmsg_size);
xmlDocPtr rs__xml_parse_file(const char *path, size_t max_size);

/* Whether node is an element of this local name (any namespace). */
int rs__xml_is(const xmlNode *node, const char *local);
/* An attribute's value as a copy (rs__free), or NULL. "xml:lang" and
 * "xml:id" are found by their local name in the XML namespace. */
char *rs__xml_attr(const xmlNode *node, const char *attr);
/* The first child element of that name, or NULL. */
xmlNodePtr rs__xml_child(const xmlNode *node, const char *local);
/* The element's line in the file. */
size_t rs__xml_line(const xmlNode *node);
/* The language an element is in: its own or its nearest ancestor's
 * xml:lang (a copy), or NULL. */
char *rs__xml_lang(const xmlNode *node);

/* Decides for each element met inside the text: 0 keep its text, 1 drop it. */
typedef int (*rs_xml_skip_fn)(void *user, const xmlNode *element);
/* Appends the text under node to out: text and character data, a declared
 * entity's short replacement (an entity's own references are not followed),
 * elements that skip drops left out. White space is kept as written. */
void rs__xml_text(const xmlNode *node, rs_buf *out, rs_xml_skip_fn skip, void *user);
/* The same, as a new string (rs__free); NULL when out of memory. */
char *rs__xml_text_of(const xmlNode *node, rs_xml_skip_fn skip, void *user);

/* The names a record gives by id (TEI's listPerson, Akoma Ntoso's
 * TLCPerson and TLCRole): the XML readers' register of speakers. */
typedef struct rs_xml_name {
    char *id;
    char *name;
    int kind; /* the reader's: a person, a role */
} rs_xml_name;
typedef struct rs_xml_names {
    rs_xml_name *items;
    size_t count, cap;
} rs_xml_names;
/* Adds id's name (both taken, and freed on failure); 0 or ROSTRUM_ENOMEM. */
int rs__xml_names_add(rs_xml_names *names, char *id, char *name, int kind);
/* The name of id of that kind, the last one added winning; NULL when none. */
const char *rs__xml_names_find(const rs_xml_names *names, const char *id, int kind);
void rs__xml_names_free(rs_xml_names *names);

/* Whether haystack (may be NULL) holds needle, in any case (ASCII). */
int rs__xml_has(const char *haystack, const char *needle);

/* The root element of bytes that look like XML, for sniffers: its local
 * name and the namespace its own tag declares (both may be empty). Returns
 * 0 when the bytes do not start like XML. No parsing: a look at the tag. */
int rs__xml_peek_root(const char *data, size_t size, char *local, size_t local_size, char *ns, size_t ns_size);

#endif
