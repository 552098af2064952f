/* The shared library is the core archive linked whole; this file exists so
 * that the library target has a source of its own. */
#include "rostrum.h"
