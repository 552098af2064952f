/* Voice calibration: every voice in use reads the same text of its
 * language and is measured, so that all speak at one level. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "audio/audio.h"
#include "speech/speech.h"

/* Where a voice's calibration speech goes: its meter, and a copy. */
typedef struct calibration_sink {
    rs_loudness *meter;
    rs_calibration heard;
} calibration_sink;

static int calibration_take(void *user, const int16_t *pcm, size_t count)
{
    calibration_sink *sink = user;
    rs_calibration *c = &sink->heard;
    if (rs__grow(&c->speech, &c->cap, c->count + count, sizeof *c->speech) != 0)
        return ROSTRUM_ENOMEM;
    memcpy(c->speech + c->count, pcm, count * sizeof *pcm);
    c->count += count;
    return rs__loudness_add(sink->meter, pcm, count);
}

void rs__calibration_free(rs_calibration *c)
{
    rs__free(c->speech);
    memset(c, 0, sizeof *c);
    c->lufs = -HUGE_VAL;
}

/* Text every voice reads to measure its level: the same whatever the
 * document says, so that an edit to the document changes neither the
 * matching of voices nor the limiter, and encoded stretches stay valid. */
static const char *calibration_text(const char *language)
{
    if (!strncasecmp(language, "fr", 2) && strcspn(language, "-_") == 2)
        return "Monsieur le Président, ma délégation remercie le Secrétariat pour la qualité de son rapport. "
               "La coopération des États reste la condition de l'efficacité de la Cour, et les victimes attendent "
               "depuis trop longtemps des réparations concrètes. Nous appuyons donc les propositions présentées ce "
               "matin, et nous sommes prêts à travailler avec toutes les délégations.";
    if (!strncasecmp(language, "es", 2) && strcspn(language, "-_") == 2)
        return "Señor Presidente, mi delegación agradece a la Secretaría la calidad de su informe. La cooperación "
               "de los Estados sigue siendo la condición de la eficacia de la Corte, y las víctimas esperan desde "
               "hace demasiado tiempo reparaciones concretas. Por ello apoyamos las propuestas presentadas esta "
               "mañana, y estamos dispuestos a trabajar con todas las delegaciones.";
    return "Mister President, my delegation thanks the Secretariat for the quality of its report. The cooperation "
           "of States remains the condition of the Court's effectiveness, and victims have waited far too long for "
           "reparations that change their lives. We therefore support the proposals made this morning, and we "
           "stand ready to work with every delegation.";
}

/* Voices differ in loudness. Before the render each voice in use reads the
 * calibration text of its language; the louder ones are turned down to the
 * quietest (level_db of every slot), so that a change of speaker does not
 * jump in level and one gain suits the whole file. The level they all meet
 * is the render's expected loudness, *calibrated_lufs. Leaves the
 * document's voice selected. */
int rs__calibrate_voices(rs_cast *cast, const rs_plan *plan, const char *cache_dir, rs_calibration *out,
                         char *errmsg, size_t errmsg_size)
{
    size_t v, i;
    double quietest = HUGE_VAL;
    double *levels;
    int rc = 0;
    rs__calibration_free(out);
    levels = rs__calloc(cast->count, sizeof *levels);
    if (!levels)
        return ROSTRUM_ENOMEM;
    for (v = 0; v < cast->count && rc == 0; v++) {
        calibration_sink sink;
        double peak;
        memset(&sink, 0, sizeof sink);
        levels[v] = -HUGE_VAL;
        for (i = 0; i < plan->count && plan->segments[i].voice != v; i++)
            ;
        if (i == plan->count)
            continue; /* a voice no statement uses */
        rc = rs__synth_select(&cast->slots[v].choice, errmsg, errmsg_size);
        if (rc == 0)
            rc = rs__loudness_create(&sink.meter, RS__SAMPLE_RATE, 0);
        if (rc == 0)
            rc = rs__speak(cache_dir, &cast->slots[v].choice, calibration_text(cast->slots[v].language),
                           calibration_take, &sink, NULL, NULL, errmsg, errmsg_size);
        if (rc == 0)
            rc = rs__loudness_result(sink.meter, &levels[v], &peak);
        if (rc == 0 && isfinite(levels[v]) && levels[v] < quietest) {
            quietest = levels[v];
            rs__calibration_free(out);
            *out = sink.heard; /* the quietest voice's speech is kept */
            memset(&sink.heard, 0, sizeof sink.heard);
        }
        rs__calibration_free(&sink.heard);
        rs__loudness_destroy(sink.meter);
    }
    for (v = 0; rc == 0 && v < cast->count; v++)
        cast->slots[v].level_db = isfinite(levels[v]) && isfinite(quietest) ? quietest - levels[v] : 0.0;
    out->lufs = quietest;
    rs__free(levels);
    if (rc == 0)
        rc = rs__synth_select(&cast->slots[0].choice, errmsg, errmsg_size);
    return rc;
}
