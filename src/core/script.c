/* The Unicode script of a code point, from ICU: the one place rostrum asks
 * ICU's character properties. */
#include <unicode/uscript.h>

#include "core/core.h"

int rs__cp_script(uint32_t cp)
{
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script;
    if (cp > 0x10FFFF)
        return RS_SCRIPT_UNKNOWN;
    script = uscript_getScript((UChar32)cp, &status);
    if (U_FAILURE(status))
        return RS_SCRIPT_UNKNOWN;
    if (script == USCRIPT_COMMON)
        return RS_SCRIPT_COMMON;
    if (script == USCRIPT_INHERITED)
        return RS_SCRIPT_INHERITED;
    return (int)script;
}

const char *rs__script_name(int script)
{
    if (script == RS_SCRIPT_COMMON || script == RS_SCRIPT_INHERITED)
        return "Common";
    return script > 0 ? uscript_getName((UScriptCode)script) : "Unknown";
}
