/* Unit tests of the JSON manifest. */
#include "../src/internal.h"
#include "check.h"

static void test_manifest_json(void)
{
    rs_buf b = {0};
    rs__json_string(&b, "quote \" backslash \\ newline \n tab \t ctl \x01 é");
    CHECK_STR(b.data, "\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 é\"");
    rs__buf_free(&b);
}

int main(void)
{
    test_manifest_json();
    return check_report("test_manifest");
}
