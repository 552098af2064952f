/* The listening page: one self-contained HTML file with the audio, its
 * caption and chapter tracks, the chapter list and the timed transcript. Pure. */
#include <string.h>
#include <strings.h>

#include "sidecars/sidecars.h"

/* Words of the page in the document's language (English otherwise). */
typedef struct page_words {
    const char *lang;
    const char *chapters, *transcript, *captions, *player, *skip;
} page_words;

static const page_words words_by_language[] = {
    {"fr", "Chapitres", "Transcription", "Sous-titres", "Lecteur audio", "Aller \xC3\xA0 la transcription"},
    {"es", "Cap\xC3\xADtulos", "Transcripci\xC3\xB3n", "Subt\xC3\xADtulos", "Reproductor de audio",
     "Ir a la transcripci\xC3\xB3n"},
    {"en", "Chapters", "Transcript", "Captions", "Audio player", "Skip to the transcript"},
};

static const page_words *words_for(const char *language)
{
    size_t i, n = sizeof words_by_language / sizeof words_by_language[0];
    for (i = 0; language && i < n; i++)
        if (strncasecmp(language, words_by_language[i].lang, 2) == 0 && strcspn(language, "-_") == 2)
            return &words_by_language[i];
    return &words_by_language[n - 1];
}

/* Text or an attribute value: & < > " ' as character references; a line
 * break becomes a space. */
static void html_escape(rs_buf *out, const char *s)
{
    rs__markup_escape(out, s, RS__MARKUP_HTML);
}

/* A file name as the value of a src attribute: a relative URL (RFC 3986)
 * in which the unreserved characters and '/' stay and every other byte,
 * each byte of a UTF-8 character too, is percent-encoded, so that "#" or
 * "?" in "Q&A #2.opus" does not end the path and "a:b" is not a scheme.
 * What is left needs no escaping in an attribute. */
static void url_attribute(rs_buf *out, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; name && *name; name++) {
        unsigned char c = (unsigned char)*name;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/') {
            rs__buf_putc(out, (char)c);
        } else {
            rs__buf_putc(out, '%');
            rs__buf_putc(out, hex[c >> 4]);
            rs__buf_putc(out, hex[c & 15]);
        }
    }
}

/* Seconds with three decimals, as the media element counts time. */
static void seconds(rs_buf *out, uint64_t sample, unsigned rate)
{
    uint64_t ms = rs__samples_to_ms(sample, rate);
    rs__buf_printf(out, "%llu.%03llu", (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
}

/* "1:02:03" or "2:03", as a chapter list shows a time. */
static void clock_time(rs_buf *out, uint64_t sample, unsigned rate)
{
    uint64_t s = rs__samples_to_ms(sample, rate) / 1000;
    if (s >= 3600)
        rs__buf_printf(out, "%llu:%02u:%02u", (unsigned long long)(s / 3600), (unsigned)(s / 60 % 60),
                       (unsigned)(s % 60));
    else
        rs__buf_printf(out, "%u:%02u", (unsigned)(s / 60), (unsigned)(s % 60));
}

static const char page_style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;line-height:1.6;"
    "color:#1b1b1b;background:#fff}"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}"
    "header{position:sticky;top:0;background:#f4f4f4;border-bottom:1px solid #ccc;padding:.75rem 1rem;z-index:1}"
    "header h1{font-size:1.25rem;margin:0 0 .25rem}header p{margin:0 0 .5rem;color:#444}"
    "audio{width:100%}"
    ".layout{max-width:60rem;margin:0 auto;padding:1rem;display:grid;grid-template-columns:16rem 1fr;gap:2rem}"
    "nav ol{list-style:none;margin:0;padding:0}"
    "nav button{display:flex;justify-content:space-between;gap:.5rem;width:100%;text-align:left;font:inherit;"
    "padding:.4rem .5rem;margin:0 0 .25rem;border:1px solid #bbb;border-radius:4px;background:#fafafa;"
    "color:inherit;cursor:pointer}"
    "nav button[aria-current=true]{border-color:#0b57d0;background:#e8f0fe}"
    "nav .time{color:#555;font-variant-numeric:tabular-nums}"
    "h2{font-size:1.1rem}"
    "#transcript p{margin:0 0 1rem}#transcript h3{font-size:1.05rem;margin:1.5rem 0 .5rem}"
    "#transcript .who{font-weight:bold;margin:1.25rem 0 .25rem}"
    ".cue{cursor:pointer;border-radius:3px;scroll-margin-top:9rem;scroll-margin-bottom:2rem}"
    ".cue:hover{background:#f0f0f0}"
    ".cue.current{background:#fff3b0;box-shadow:0 0 0 2px #fff3b0}"
    ":focus-visible{outline:3px solid #0b57d0;outline-offset:2px}"
    "@media (max-width:40rem){.layout{grid-template-columns:1fr;gap:1rem;padding:.75rem}"
    "nav ol{display:flex;flex-wrap:wrap;gap:.25rem}nav li{flex:1 1 45%}header h1{font-size:1.1rem}}"
    "@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important;transition:none!important}}";

/* Highlights the cue being spoken and the chapter it lies in, scrolls the
 * cue into view (at once when the reader asks for reduced motion), and
 * seeks when a cue or chapter is chosen by click, Enter or Space. The
 * times come from the page itself, since a file:// page may not fetch its
 * tracks. */
static const char page_script[] =
    "(function(){"
    "var audio=document.getElementById('audio');"
    "var cues=[].slice.call(document.querySelectorAll('#transcript .cue'));"
    "var chapters=[].slice.call(document.querySelectorAll('nav button[data-start]'));"
    "function times(list,key){return list.map(function(e){return parseFloat(e.getAttribute(key))});}"
    "var starts=times(cues,'data-start'),ends=times(cues,'data-end'),cstarts=times(chapters,'data-start');"
    "var reduce=window.matchMedia&&window.matchMedia('(prefers-reduced-motion: reduce)').matches;"
    "function last(list,t){var lo=0,hi=list.length-1,k=-1;while(lo<=hi){var m=(lo+hi)>>1;"
    "if(list[m]<=t+0.0005){k=m;lo=m+1}else hi=m-1}return k}"
    "var current=null,chapter=null;"
    "function mark(old,el,cls){if(old){old.removeAttribute('aria-current');if(cls)old.classList.remove(cls)}"
    "if(el){el.setAttribute('aria-current','true');if(cls)el.classList.add(cls)}return el}"
    "function update(){var t=audio.currentTime,k=last(starts,t),el=k>=0&&t<ends[k]?cues[k]:null;"
    "if(el!==current){current=mark(current,el,'current');"
    "if(el&&el.scrollIntoView)el.scrollIntoView({block:'nearest',behavior:reduce?'auto':'smooth'})}"
    "var c=last(cstarts,t),ch=c>=0?chapters[c]:null;if(ch!==chapter)chapter=mark(chapter,ch,null)}"
    "function seek(t){audio.currentTime=t;update()}"
    "function chosen(e){var el=e.target.closest?e.target.closest('[data-start]'):null;"
    "if(el&&(el.classList.contains('cue')||el.tagName==='BUTTON'))return el;return null}"
    "document.addEventListener('click',function(e){var el=chosen(e);"
    "if(el)seek(parseFloat(el.getAttribute('data-start')))});"
    "document.getElementById('transcript').addEventListener('keydown',function(e){"
    "if(e.key!=='Enter'&&e.key!==' ')return;var el=chosen(e);if(!el)return;e.preventDefault();"
    "seek(parseFloat(el.getAttribute('data-start')))});"
    "['timeupdate','seeked','pause','play'].forEach(function(n){audio.addEventListener(n,update)});"
    "(function tick(){if(!audio.paused)update();window.requestAnimationFrame(tick)})();"
    "update();"
    "})();";

int rs__page_html(rs_buf *out, const rs_page_info *page)
{
    const page_words *w = words_for(page->language);
    const char *title = page->title && page->title[0] ? page->title : page->audio_name;
    const char *voice = NULL;
    size_t i, open_paragraph = (size_t)-1;
    int open_heading = 0;
    rs__buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
    html_escape(out, page->language);
    rs__buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(out, title);
    rs__buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
    rs__buf_printf(out, "<a class=\"skip\" href=\"#transcript\">%s</a>\n<header>\n<h1>", w->skip);
    html_escape(out, title);
    rs__buf_puts(out, "</h1>\n");
    if (page->speaker && page->speaker[0]) {
        rs__buf_puts(out, "<p>");
        html_escape(out, page->speaker);
        rs__buf_puts(out, "</p>\n");
    }
    rs__buf_printf(out, "<audio id=\"audio\" controls preload=\"auto\" aria-label=\"%s\" src=\"", w->player);
    url_attribute(out, page->audio_name);
    rs__buf_puts(out, "\">\n<track kind=\"captions\" src=\"");
    url_attribute(out, page->captions_name);
    rs__buf_puts(out, "\" srclang=\"");
    html_escape(out, page->language);
    rs__buf_printf(out, "\" label=\"%s\" default>\n<track kind=\"chapters\" src=\"", w->captions);
    url_attribute(out, page->chapters_name);
    rs__buf_puts(out, "\" srclang=\"");
    html_escape(out, page->language);
    rs__buf_printf(out, "\" label=\"%s\">\n</audio>\n</header>\n<div class=\"layout\">\n", w->chapters);
    rs__buf_printf(out, "<nav aria-labelledby=\"chapters-heading\">\n<h2 id=\"chapters-heading\">%s</h2>\n<ol>\n",
                   w->chapters);
    for (i = 0; i < page->chapter_count; i++) {
        const rs_cue *c = &page->chapters[i];
        rs__buf_puts(out, "<li><button type=\"button\" data-start=\"");
        seconds(out, c->start, page->rate);
        rs__buf_puts(out, "\"><span class=\"name\">");
        html_escape(out, c->text);
        rs__buf_puts(out, "</span> <span class=\"time\">");
        clock_time(out, c->start, page->rate);
        rs__buf_puts(out, "</span></button></li>\n");
    }
    rs__buf_printf(out, "</ol>\n</nav>\n<main aria-labelledby=\"transcript-heading\">\n"
                        "<h2 id=\"transcript-heading\">%s</h2>\n<div id=\"transcript\">\n", w->transcript);
    for (i = 0; i < page->captions->cue_count; i++) {
        const rs_cue *c = &page->captions->cues[i];
        if (c->paragraph != open_paragraph) {
            const rs_segment *seg = &page->plan->segments[c->paragraph];
            if (open_paragraph != (size_t)-1)
                rs__buf_puts(out, open_heading ? "</h3>\n" : "</p>\n");
            /* who speaks, above the speech: after a statement's heading */
            if (!seg->is_heading && c->voice && (!voice || strcmp(voice, c->voice) != 0)) {
                rs__buf_puts(out, "<p class=\"who\">");
                html_escape(out, c->voice);
                rs__buf_puts(out, "</p>\n");
            }
            if (!seg->is_heading)
                voice = c->voice;
            open_heading = seg->is_heading;
            rs__buf_printf(out, "<%s data-paragraph=\"%zu\"", open_heading ? "h3" : "p", c->paragraph);
            if (page->paragraph_languages && page->paragraph_languages[c->paragraph]) {
                /* a screen reader reads a statement in another language in that language */
                rs__buf_puts(out, " lang=\"");
                html_escape(out, page->paragraph_languages[c->paragraph]);
                rs__buf_putc(out, '"');
            }
            rs__buf_putc(out, '>');
            open_paragraph = c->paragraph;
        } else {
            rs__buf_putc(out, ' ');
        }
        rs__buf_puts(out, "<span class=\"cue\" tabindex=\"0\" data-start=\"");
        seconds(out, c->start, page->rate);
        rs__buf_puts(out, "\" data-end=\"");
        seconds(out, c->end, page->rate);
        rs__buf_puts(out, "\">");
        html_escape(out, c->text);
        rs__buf_puts(out, "</span>");
    }
    if (open_paragraph != (size_t)-1)
        rs__buf_puts(out, open_heading ? "</h3>\n" : "</p>\n");
    rs__buf_printf(out, "</div>\n</main>\n</div>\n<script>%s</script>\n</body>\n</html>\n", page_script);
    return rs__buf_status(out);
}
