/* Unit tests of the plan: chapter names, which paragraphs open chapters,
 * and the chapter limit. */
#include <string.h>

#include "text/text.h"
#include "check.h"

static void test_chapter_names(void)
{
    char *name = rs__chapter_name_from_text("Thank you.", 48);
    CHECK_STR(name, "Thank you");
    rs__free(name);
    name = rs__chapter_name_from_text("First of all, let me express my gratitude to both of you for this.", 48);
    CHECK_STR(name, "First of all, let me express my gratitude to\xE2\x80\xA6");
    rs__free(name);
    name = rs__chapter_name_from_text("Distinguished Co-Facilitators,", 48);
    CHECK_STR(name, "Distinguished Co-Facilitators");
    rs__free(name);
    /* one long word is cut at a character boundary, never inside UTF-8 */
    name = rs__chapter_name_from_text("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5);
    CHECK_STR(name, "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
    rs__free(name);
}

static int plan_from(const char *text, rostrum_chapters mode, size_t max, rs_plan *plan)
{
    rs_document doc;
    char err[RS__ERRMSG_SIZE];
    int rc;
    memset(&doc, 0, sizeof doc);
    rc = rs__read(&doc, "t", text, strlen(text), ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err);
    if (rc == 0) {
        rs_norm_context ctx = {"en", NULL, 0};
        rs_plan_options po = {mode, max, 0, 1};
        rc = rs__plan_build(plan, &doc, &ctx, NULL, &po);
    }
    rs__document_free(&doc);
    return rc;
}

static void test_plan_chapters(void)
{
    rs_plan plan;
    const char *text = "## Heading One\n\nSalutation,\n\nFirst body paragraph.\n\nSecond body paragraph.\n\n"
                       "## Heading Two\n\nThird body paragraph.\n";
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 6);
    CHECK(plan.chapter_count == 4);
    CHECK(plan.segments[0].opens_chapter && plan.segments[0].is_heading);
    CHECK_STR(plan.segments[0].chapter_name, "Heading One");
    CHECK(!plan.segments[1].opens_chapter); /* belongs to the heading's chapter */
    /* two headings make two statements: paragraphs are named after theirs */
    CHECK(plan.segments[2].opens_chapter);
    CHECK_STR(plan.segments[2].chapter_name, "Heading One, 2");
    CHECK(plan.segments[4].opens_chapter);
    CHECK(!plan.segments[5].opens_chapter);
    rs__plan_free(&plan);
    /* by default, one chapter per statement */
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_AUTO, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    CHECK_STR(plan.segments[4].chapter_name, "Heading Two");
    rs__plan_free(&plan);
    /* one statement: chapters per paragraph, named by their words */
    CHECK(plan_from("## Only Heading\n\nSalutation,\n\nFirst body paragraph.\n", ROSTRUM_CHAPTERS_AUTO, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    CHECK_STR(plan.segments[2].chapter_name, "First body paragraph");
    rs__plan_free(&plan);
    /* speaker turns: an announcement opens each statement's chapter */
    CHECK(plan_from("Mr L G LEVER: Chairperson, I move.\n\nI thank you.\n\nThe PRESIDENT: Order.\n",
                    ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 5);
    CHECK(plan.segments[0].is_announcement && plan.segments[0].opens_chapter);
    CHECK_STR(plan.segments[0].text, "Mr Lever."); /* no lexicon here */
    CHECK_STR(plan.segments[0].chapter_name, "Mr Lever");
    CHECK_STR(plan.segments[1].text, "Chairperson, I move.");
    CHECK(!plan.segments[1].opens_chapter);
    CHECK_STR(plan.segments[2].chapter_name, "Mr Lever, 2");
    CHECK_STR(plan.segments[3].chapter_name, "The President");
    CHECK(plan.segments[4].statement == 1);
    rs__plan_free(&plan);

    CHECK(plan_from(text, ROSTRUM_CHAPTERS_HEADING, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 2);
    rs__plan_free(&plan);
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_NONE, 1000, &plan) == 0);
    CHECK(plan.chapter_count == 0);
    rs__plan_free(&plan);

    /* over the limit: the first chapter and the headings are kept first */
    CHECK(plan_from(text, ROSTRUM_CHAPTERS_PARAGRAPH, 3, &plan) == 0);
    CHECK(plan.chapter_count == 3);
    CHECK(plan.chapters_dropped == 1);
    CHECK(plan.segments[0].opens_chapter);
    CHECK(plan.segments[4].opens_chapter);
    CHECK(plan.segments[2].opens_chapter);
    CHECK(!plan.segments[3].opens_chapter);
    rs__plan_free(&plan);

    /* a paragraph of markup only is not spoken */
    CHECK(plan_from("Words.\n\n**\n\nMore words.\n", ROSTRUM_CHAPTERS_PARAGRAPH, 1000, &plan) == 0);
    CHECK(plan.count == 2);
    rs__plan_free(&plan);
}

int main(void)
{
    test_chapter_names();
    test_plan_chapters();
    return check_report("test_plan");
}
