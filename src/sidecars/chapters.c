/* The chapters of a render as a JSON chapters file, the form podcast apps
 * read beside an episode (Podcasting 2.0, version 1.2.0). Pure. */
#include <string.h>

#include "sidecars/sidecars.h"

/* Seconds with three decimals, from samples rounded to the millisecond:
 * the precision of the Ogg CHAPTER tags, so both say the same time. The
 * digits are written one by one, whatever the host's LC_NUMERIC. */
static void seconds(rs_buf *out, uint64_t sample, unsigned rate)
{
    uint64_t ms = (sample * 1000u + rate / 2) / rate;
    rs__buf_printf(out, "%llu.%03u", (unsigned long long)(ms / 1000), (unsigned)(ms % 1000));
}

/* {"version": "1.2.0", "chapters": [{"startTime": s, "title": t}, ...]}:
 * the chapters in order, each one's start; a chapter without a name gets
 * its number, since the rules ask every chapter for a title string. */
int rs__chapters_json(rs_buf *out, const rs_cue *chapters, size_t count, unsigned rate)
{
    size_t i;
    rs__buf_puts(out, "{\n  \"version\": \"1.2.0\",\n  \"chapters\": [");
    for (i = 0; i < count; i++) {
        rs__buf_puts(out, i ? ",\n    {\"startTime\": " : "\n    {\"startTime\": ");
        seconds(out, chapters[i].start, rate);
        rs__buf_puts(out, ", \"title\": ");
        if (chapters[i].text && chapters[i].text[0])
            rs__json_string(out, chapters[i].text);
        else
            rs__buf_printf(out, "\"%zu\"", i + 1);
        rs__buf_putc(out, '}');
    }
    rs__buf_puts(out, count ? "\n  ]\n}\n" : "]\n}\n");
    return rs__buf_status(out);
}
