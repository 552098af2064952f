/* Unit tests of PLS lexicons: what is found to be PLS, what the reader
 * takes from a document and the errors it names by line, and IPA turned
 * into espeak-ng's phoneme names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech/speech.h"
#include "check.h"

#define PLS_OPEN                                                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                                 \
    "<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" alphabet=\"ipa\" "       \
    "xml:lang=\"en\">\n"

static void test_detect(void)
{
    const char *other = "<lexicon xmlns=\"http://example.org/mine\"><lexeme/></lexicon>";
    const char *prefixed = "<pls:lexicon version=\"1.0\" "
                           "xmlns:pls=\"http://www.w3.org/2005/01/pronunciation-lexicon\"></pls:lexicon>";
    CHECK(rs__pls_is(PLS_OPEN "</lexicon>", strlen(PLS_OPEN "</lexicon>")));
    CHECK(rs__pls_is(prefixed, strlen(prefixed)));
    CHECK(!rs__pls_is(other, strlen(other)));
    CHECK(!rs__pls_is("Veloria = Velleria\n", 19));
    CHECK(!rs__pls_is("", 0));
}

static void test_read(void)
{
    const char *text = PLS_OPEN "  <lexeme>\n"
                                "    <grapheme>Veloria</grapheme>\n"
                                "    <grapheme>VELORIA</grapheme>\n"
                                "    <phoneme>vəˈlɔːriə</phoneme>\n"
                                "    <alias> Vel  oria </alias>\n"
                                "  </lexeme>\n"
                                "  <lexeme><grapheme>ICC</grapheme><alias>the Court</alias></lexeme>\n"
                                "  <lexeme><grapheme>Ngcobo</grapheme><phoneme alphabet=\"x-sampa\">N|obo</phoneme>"
                                "</lexeme>\n"
                                "</lexicon>\n";
    rs_pls pls;
    char err[RS__ERRMSG_SIZE];
    CHECK(rs__pls_read(&pls, "names.pls", text, strlen(text), err, sizeof err) == 0);
    CHECK(pls.count == 3);
    CHECK_STR(pls.language, "en");
    if (pls.count == 3) {
        const rs_pls_lexeme *x = &pls.lexemes[0];
        CHECK(x->line == 3 && x->grapheme_count == 2 && x->pronunciation_count == 2);
        CHECK_STR(x->graphemes[1], "VELORIA");
        CHECK(x->pronunciations[0].is_phoneme && x->pronunciations[0].line == 6);
        CHECK_STR(x->pronunciations[0].alphabet, "ipa"); /* the lexicon's */
        CHECK(!x->pronunciations[1].is_phoneme);
        CHECK_STR(x->pronunciations[1].text, "Vel oria"); /* white space collapsed */
        CHECK_STR(pls.lexemes[2].pronunciations[0].alphabet, "x-sampa");
    }
    rs__pls_free(&pls);
    rs__pls_free(NULL);
}

/* PLS 1.0: the first pronunciation marked prefer="true" is used, before
 * any written earlier; the others keep their order. */
static void test_prefer(void)
{
    const char *text = PLS_OPEN "  <lexeme><grapheme>Tomato</grapheme>\n"
                                "    <alias>tomayto</alias>\n"
                                "    <alias>tomahto</alias>\n"
                                "    <alias prefer=\"true\">tomarto</alias>\n"
                                "    <alias prefer=\"true\">tomehto</alias>\n"
                                "  </lexeme>\n"
                                "  <lexeme><grapheme>Basil</grapheme><alias prefer=\"false\">bazil</alias>"
                                "<alias>baysil</alias></lexeme>\n"
                                "</lexicon>\n";
    rs_pls pls;
    char err[RS__ERRMSG_SIZE];
    CHECK(rs__pls_read(&pls, "prefer.pls", text, strlen(text), err, sizeof err) == 0);
    CHECK(pls.count == 2);
    if (pls.count == 2 && pls.lexemes[0].pronunciation_count == 4 && pls.lexemes[1].pronunciation_count == 2) {
        CHECK_STR(pls.lexemes[0].pronunciations[0].text, "tomarto");
        CHECK_STR(pls.lexemes[0].pronunciations[1].text, "tomayto");
        CHECK_STR(pls.lexemes[0].pronunciations[2].text, "tomahto");
        CHECK_STR(pls.lexemes[0].pronunciations[3].text, "tomehto");
        CHECK_STR(pls.lexemes[1].pronunciations[0].text, "bazil");
    }
    rs__pls_free(&pls);
}

/* Each malformed document fails with the line that is wrong. */
static void test_errors(void)
{
    static const struct {
        const char *text;
        const char *message;
    } bad[] = {
        {PLS_OPEN "<lexeme>\n<alias>x</alias>\n</lexeme>\n</lexicon>\n", "bad.pls:3: the <lexeme> has no <grapheme>"},
        {PLS_OPEN "\n<lexeme><grapheme>x</grapheme></lexeme>\n</lexicon>\n",
         "bad.pls:4: the <lexeme> has no <alias> or <phoneme>"},
        {PLS_OPEN "<lexeme><grapheme>x</grapheme>\n<alias></alias></lexeme>\n</lexicon>\n",
         "bad.pls:4: the <alias> is empty"},
        {PLS_OPEN "<lexeme><grapheme>x</grapheme>\n<alias>y</alias>\n</lexicon>\n", "bad.pls:5: malformed XML"},
        {PLS_OPEN "<entry/>\n</lexicon>\n", "bad.pls:3: <entry> has no place in a PLS <lexicon>"},
        {"<lexicon version=\"2.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\"/>",
         "bad.pls:1: a PLS <lexicon> has version=\"1.0\""},
        {"<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\">\n"
         "<lexeme><grapheme>a</grapheme><phoneme>b</phoneme></lexeme></lexicon>",
         "bad.pls:2: the <phoneme> names no alphabet"},
        {PLS_OPEN "<lexeme><alias>y</alias>\n<grapheme>x</grapheme></lexeme></lexicon>",
         "bad.pls:4: a <grapheme> comes before"},
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rs_pls pls;
        char err[RS__ERRMSG_SIZE] = "";
        int rc = rs__pls_read(&pls, "bad.pls", bad[i].text, strlen(bad[i].text), err, sizeof err);
        CHECK(rc == ROSTRUM_EINPUT);
        CHECK(pls.count == 0 && pls.lexemes == NULL);
        if (strncmp(err, bad[i].message, strlen(bad[i].message)) != 0) {
            check_failures++;
            fprintf(stderr, "bad PLS %zu: expected \"%s...\"\n   got \"%s\"\n", i, bad[i].message, err);
        }
        check_count++;
    }
}

/* The IPA of these words becomes the names espeak-ng 1.51 writes for
 * them with -x; the stress mark stays where IPA puts it, before the
 * syllable, and espeak-ng moves it to the vowel itself ([['kat]] is said
 * as [[k'at]]). */
static void test_ipa(void)
{
    static const struct {
        const char *language;
        const char *ipa;
        const char *espeak;
    } cases[] = {
        {"en", "təˈmɑːtəʊ", "t@'mA:toU"},
        {"en", "ˈθɔːt", "'TO:t"},
        {"en", "bɜːd", "b3:d"},
        {"en", "ˈkæt", "'kat"},
        {"en", "heə", "he@"},
        {"en", "ˈtʃɜːtʃ", "'tS3:tS"},
        {"en", "ˈdʒʌdʒ", "'dZVdZ"},
        {"en", "ˈsɪŋɪŋ", "'sININ"},
        {"en", "ˌjuː ˈɛn", ",ju: 'En"},
        {"en-GB", "ˈhɒt", "'h0t"},
        {"en", "ˈfeɪ.mə", "'feIm@"},
        {"en", "ˈaɪ.ɹɪʃ", "'aIrIS"},
        {"fr", "œ̃ bʁœ̃", "W~ brW~"},
        {"fr", "pɛ̃", "pE~"},
        {"fr", "paʁˈi", "par'i"},
        {"fr", "pø", "pY"},
        {"de", "ʃøːn", "SY:n"},
        {"de", "ɪç", "IC"},
        {"de", "ˈkɔpf", "'kOpf"},
        {"de", "t͡saɪt", "tsaIt"},
        {"ru", "sʲemʲ", "s;em;"},
        {"ru", "ˈɕːuka", "'S;uka"},
        {"es", "ˈpero", "'peRo"},
        {"es", "ˈpeɾo", "'pe*o"},
        {"es", "ˈkaɲa", "'kan^a"},
        {NULL, "ˈʎama", "'l^ama"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_buf out = {0};
        size_t bad = 0, bad_len = 0;
        int rc = rs__ipa_to_espeak(cases[i].language, cases[i].ipa, &out, &bad, &bad_len);
        check_count++;
        if (rc != 0 || !out.data || strcmp(out.data, cases[i].espeak) != 0) {
            check_failures++;
            fprintf(stderr, "IPA %zu (%s) /%s/: expected \"%s\", got \"%s\" (rc %d)\n", i,
                    cases[i].language ? cases[i].language : "-", cases[i].ipa, cases[i].espeak,
                    out.data ? out.data : "", rc);
        }
        rs__buf_free(&out);
    }
}

/* A symbol without an espeak-ng name is found, with where it is. */
static void test_ipa_unmapped(void)
{
    rs_buf out = {0};
    size_t bad = 0, bad_len = 0;
    CHECK(rs__ipa_to_espeak("en", "ˈŋǃaba", &out, &bad, &bad_len) == ROSTRUM_EINPUT);
    CHECK(bad == 4 && bad_len == 2); /* ˈ (2 bytes) ŋ (2 bytes), then ǃ */
    rs__buf_free(&out);
    CHECK(rs__ipa_to_espeak("en", "ka˥˩", &out, &bad, &bad_len) == ROSTRUM_EINPUT);
    CHECK(bad == 2 && bad_len == 2);
    rs__buf_free(&out);
}

/* Every allocation of reading and mapping made to fail in turn: each run
 * ends in an error with nothing kept, or succeeds; never a crash or a leak
 * (the sanitizer build checks leaks). */
static void test_allocation_failures(void)
{
    const char *text = PLS_OPEN "<lexeme><grapheme>Veloria</grapheme><grapheme>V.</grapheme>"
                                "<phoneme>vəˈlɔːriə</phoneme><alias>Vel oria</alias></lexeme>\n"
                                "<lexeme><grapheme>ICC</grapheme><alias>the Court</alias></lexeme>\n</lexicon>\n";
    unsigned long total, fail_at;
    int ok_runs = 0;
    rs__alloc_count = 0;
    rs__alloc_fail_at = 0;
    {
        rs_pls pls;
        rs_buf out = {0};
        size_t bad, bad_len;
        char err[RS__ERRMSG_SIZE];
        CHECK(rs__pls_read(&pls, "a.pls", text, strlen(text), err, sizeof err) == 0);
        CHECK(rs__ipa_to_espeak("en", "vəˈlɔːriə", &out, &bad, &bad_len) == 0);
        rs__buf_free(&out);
        rs__pls_free(&pls);
    }
    total = rs__alloc_count;
    CHECK(total > 5);
    for (fail_at = 1; fail_at <= total; fail_at++) {
        rs_pls pls;
        rs_buf out = {0};
        size_t bad, bad_len;
        char err[RS__ERRMSG_SIZE];
        int rc;
        rs__alloc_count = 0;
        rs__alloc_fail_at = fail_at;
        rc = rs__pls_read(&pls, "a.pls", text, strlen(text), err, sizeof err);
        if (rc == 0) {
            rc = rs__ipa_to_espeak("en", "vəˈlɔːriə", &out, &bad, &bad_len);
            rs__buf_free(&out);
            rs__pls_free(&pls);
            ok_runs += rc == 0;
        } else {
            CHECK(pls.count == 0 && pls.lexemes == NULL && pls.language == NULL);
        }
        CHECK(rc <= 0);
    }
    rs__alloc_fail_at = 0;
    CHECK(ok_runs < (int)total);
}

int main(void)
{
    test_detect();
    test_read();
    test_prefer();
    test_errors();
    test_ipa();
    test_ipa_unmapped();
    test_allocation_failures();
    return check_report("test_pls");
}
