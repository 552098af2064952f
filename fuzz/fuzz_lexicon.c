/* Fuzz target: the lexicon parser on any bytes (a user's --lexicon file),
 * alone or over the built-in English lexicon, then lookups at every byte
 * of the input and of a sentence, and that sentence normalized with it;
 * bytes that look like a PLS lexicon are read as one, and every phoneme
 * mapped from IPA. */
#include "fuzz.h"
#include "speech/speech.h"

/* A PLS document: read, every phoneme mapped; nothing may crash. */
static void fuzz_pls(const uint8_t *data, size_t size)
{
    rs_pls pls;
    char err[RS__ERRMSG_SIZE];
    size_t i, k;
    if (!rs__pls_is((const char *)data, size))
        return;
    if (rs__pls_read(&pls, "fuzz.pls", (const char *)data, size, err, sizeof err) != 0) {
        if (!err[0])
            abort();
        return;
    }
    for (i = 0; i < pls.count; i++) {
        for (k = 0; k < pls.lexemes[i].pronunciation_count; k++) {
            rs_buf out = {0};
            size_t bad, bad_len;
            (void)rs__ipa_to_espeak(pls.language, pls.lexemes[i].pronunciations[k].text, &out, &bad, &bad_len);
            rs__buf_free(&out);
        }
    }
    rs__pls_free(&pls);
}

static const char sentence[] =
    "Mr. President, H.E. M. Dupont (France) said No. 5 of the ICC's 2024 report: Mrs Kishida, UN, etc.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *builtin_text;
    rs_lexicon *lex = NULL;
    rs_norm_context ctx;
    char err[RS__ERRMSG_SIZE];
    char *text, *spoken;
    size_t i;
    int over_builtin = size > 0 && (data[0] & 1);
    if (!builtin_text)
        builtin_text = fuzz_builtin_lexicon_text("en");
    fuzz_pls(data, size);
    if (rs__lexicon_create(&lex) != 0)
        abort();
    if (over_builtin && rs__lexicon_parse(lex, "en.lexicon", builtin_text, err, sizeof err) != 0)
        abort();
    text = fuzz_cstring(data, size);
    if (rs__lexicon_parse(lex, "fuzz.lexicon", text, err, sizeof err) != 0 && !err[0])
        abort();
    if (rs__lexicon_index(lex) != 0)
        abort();
    for (i = 0; i < size; i++)
        (void)rs__lexicon_match(lex, (const char *)data + i, size - i);
    for (i = 0; i < sizeof sentence - 1; i++)
        (void)rs__lexicon_match(lex, sentence + i, sizeof sentence - 1 - i);
    memset(&ctx, 0, sizeof ctx);
    ctx.language = "en";
    ctx.lexicon = lex;
    spoken = rs__normalize(sentence, &ctx, NULL);
    if (!spoken)
        abort();
    free(spoken);
    free(text);
    rs__lexicon_destroy(lex);
    return 0;
}
