/* Language identification: the script census, the script's own language,
 * the fingerprints within Latin and Cyrillic, the preferred language kept
 * on a close call, and a whole document's statements. The paragraphs are
 * written for these tests, in the register of plenary statements. */
#include <stdio.h>
#include <string.h>

#include <unicode/uscript.h>

#include "text/text.h"
#include "check.h"

typedef struct id_case {
    const char *prefer;
    const char *text;
    const char *expected; /* NULL: unsure, keep what you had */
} id_case;

static const id_case cases[] = {
    /* English, French, Spanish, Portuguese, German, Italian, Dutch, Polish */
    {NULL, "We welcome the report of the Secretary-General and thank the delegations that worked through the night "
           "to reach agreement on the text before us today.", "en"},
    {NULL, "Nous saluons le rapport du Secr\xC3\xA9taire g\xC3\xA9n\xC3\xA9ral et remercions les d\xC3\xA9l\xC3\xA9gations "
           "qui ont travaill\xC3\xA9 toute la nuit pour parvenir \xC3\xA0 un accord sur le texte dont nous sommes saisis.",
     "fr"},
    {NULL, "Acogemos con beneplácito el informe del Secretario General y agradecemos a las delegaciones que "
           "trabajaron durante toda la noche para llegar a un acuerdo sobre el texto que tenemos ante nosotros.",
     "es"},
    {NULL, "Saudamos o relatório do Secretário-Geral e agradecemos às delegações que trabalharam durante toda a "
           "noite para chegar a um acordo sobre o texto que temos diante de nós.", "pt"},
    {NULL, "Wir begrüßen den Bericht des Generalsekretärs und danken den Delegationen, die die ganze Nacht "
           "hindurch gearbeitet haben, um eine Einigung über den vorliegenden Text zu erzielen.", "de"},
    {NULL, "Accogliamo con favore la relazione del Segretario generale e ringraziamo le delegazioni che hanno "
           "lavorato tutta la notte per raggiungere un accordo sul testo che abbiamo davanti.", "it"},
    {NULL, "Wij verwelkomen het verslag van de secretaris-generaal en danken de delegaties die de hele nacht "
           "hebben doorgewerkt om overeenstemming te bereiken over de tekst die voor ons ligt.", "nl"},
    {NULL, "Z zadowoleniem przyjmujemy sprawozdanie Sekretarza Generalnego i dziękujemy delegacjom, które "
           "pracowały przez całą noc, aby osiągnąć porozumienie w sprawie tekstu, który mamy przed sobą.", "pl"},
    /* Cyrillic: Russian and Ukrainian told apart */
    {NULL, "Мы приветствуем доклад Генерального секретаря и благодарим делегации, которые работали всю ночь, "
           "чтобы достичь согласия по тексту, который находится перед нами.", "ru"},
    {NULL, "Ми вітаємо доповідь Генерального секретаря і дякуємо делегаціям, які працювали всю ніч, щоб "
           "досягти згоди щодо тексту, який лежить перед нами.", "uk"},
    /* a script that one language writes decides alone */
    {NULL, "نرحب بتقرير الأمين العام ونشكر الوفود", "ar"},
    {NULL, "我们欢迎秘书长的报告并感谢各代表团", "zh"},
    {NULL, "我們歡迎秘書長的報告", "zh"},
    {"zh-Hant", "我們歡迎秘書長的報告", "zh-Hant"},
    {NULL, "事務総長の報告を歓迎します", "ja"},
    {NULL, "Χαιρετίζουμε την έκθεση του Γενικού Γραμματέα", "el"},
    {NULL, "אנו מברכים על הדוח של המזכיר הכללי", "he"},
    /* a voice of another script cannot speak it: the script's language */
    {"en", "Мы приветствуем доклад", "ru"},
    {"fr", "نرحب بتقرير الأمين العام", "ar"},
    /* too short to tell within the script: the preferred language stays */
    {"fr", "Merci beaucoup.", NULL},
    {"en", "Thank you, Madam President.", NULL},
    {NULL, "OK", NULL},
    {NULL, "2024 - 2030 (12%)", NULL},
    /* a long English paragraph with a French phrase stays English */
    {"en", "The delegation of Canada recalled that the principle of complementarity, the raison d'être of the "
           "Court, places the first responsibility on national courts, and that cooperation is what makes it work.",
     NULL},
};

static void test_cases(rs_identifier *id)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *found = rs__identify(id, cases[i].text, strlen(cases[i].text), cases[i].prefer);
        int ok = cases[i].expected ? found && strcmp(found, cases[i].expected) == 0 : found == NULL;
        if (!ok)
            fprintf(stderr, "case %zu: expected %s, got %s\n", i, cases[i].expected ? cases[i].expected : "(unsure)",
                    found ? found : "(unsure)");
        CHECK(ok);
    }
}

static void test_census(void)
{
    rs_script_census c;
    const char *mixed = "Peace 和平 and السلام, in 3 scripts.";
    rs__script_census(mixed, strlen(mixed), &c);
    CHECK(c.count == 3 && c.script == USCRIPT_LATIN);
    CHECK(c.letters == 5 + 2 + 3 + 6 + 2 + 7 && c.script_letters == 5 + 3 + 2 + 7);
    rs__script_census("12, 34.", 7, &c);
    CHECK(c.letters == 0 && c.script == RS_SCRIPT_COMMON);
}

/* A transcript labelled English whose second statement is French: the
 * French one is found, the English ones keep the document's voice. */
static void test_document(rs_identifier *id)
{
    static const char transcript[] =
        "---\nlanguage: en\n---\n\n"
        "The PRESIDENT: I give the floor to the representative of Belgium, who will speak on behalf of the group of "
        "States that presented the draft resolution on cooperation with the Court.\n\n"
        "M. DUPONT: Je vous remercie, Madame la Présidente. Ma délégation souhaite rappeler que la coopération des "
        "États est la condition de l'efficacité de la Cour et de la justice rendue aux victimes.\n\n"
        "The PRESIDENT: I thank the representative of Belgium for his statement and give the floor to the next "
        "speaker on my list, the representative of Kenya.\n";
    static const char unlabelled[] =
        "Señora Presidenta: Mi delegación desea expresar su reconocimiento por la labor realizada durante este "
        "período de sesiones y reafirma su compromiso con los principios del Estatuto de Roma.\n\n"
        "La cooperación internacional sigue siendo indispensable para que la Corte pueda cumplir su mandato con "
        "eficacia, independencia e imparcialidad.\n";
    rs_document doc;
    char err[256];
    memset(&doc, 0, sizeof doc);
    CHECK(rs__read(&doc, "t.md", transcript, sizeof transcript - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == 0);
    CHECK(doc.statement_count == 3);
    CHECK(rs__identify_document(&doc, id, doc.language) == 0);
    CHECK_STR(doc.language, "en");
    CHECK(!doc.language_found);
    if (doc.statement_count == 3) {
        CHECK(doc.statements[0].lang == NULL && !doc.statements[0].lang_found);
        CHECK_STR(doc.statements[1].lang, "fr");
        CHECK(doc.statements[1].lang_found);
        CHECK(doc.statements[2].lang == NULL);
    }
    rs__document_free(&doc);

    memset(&doc, 0, sizeof doc);
    CHECK(rs__read(&doc, "s.txt", unlabelled, sizeof unlabelled - 1, ROSTRUM_PARAGRAPHS_AUTO, err, sizeof err) == 0);
    CHECK(rs__identify_document(&doc, id, NULL) == 0);
    CHECK_STR(doc.language, "es");
    CHECK(doc.language_found);
    CHECK(doc.statement_count >= 1 && doc.statements[0].lang == NULL);
    rs__document_free(&doc);
}

/* ---- close pairs told apart by their letters, and the table's own
 * workings (the identify helper's block) ---- */
static const id_case kin_cases[] = {
    /* Ukrainian written mostly in letters Russian shares: і and ї decide */
    {NULL, "Шановні колеги, ми розглянемо це питання сьогодні, бо уряд має дати відповідь парламенту щодо "
           "реформи до кінця року.", "uk"},
    /* Russian beside it, expected Ukrainian: ы and э say it is not */
    {"uk", "Мы рассмотрим этот вопрос сегодня, потому что правительство должно дать ответ парламенту о реформе "
           "до конца этого года.", "ru"},
    /* Slovak, with ľ, ô and ä, and no ř, ů or ě */
    {NULL, "Ďakujem, pán predseda. Dovoľte mi povedať, že vláda môže predložiť návrh zákona o rozpočte ešte "
           "pred letnou prestávkou, ak to Národná rada podporí a ak sa dohodneme na spoločnom postupe.", "sk"},
    /* Czech, with ř, ů and ě */
    {NULL, "Děkuji, pane předsedo. Dovolte mi říci, že vláda může předložit návrh zákona o rozpočtu ještě před "
           "letní přestávkou, pokud to sněmovna podpoří a pokud se dohodneme na společném postupu.", "cs"},
    /* Spanish with ñ and ¿ beside Catalan */
    {NULL, "Señor Presidente, ¿cómo podemos pedir a los niños de mañana que confíen en esta institución si hoy "
           "no somos capaces de acordar ni siquiera el año en que empezaremos a cumplir lo prometido?", "es"},
    /* Catalan, with grave accents, ç and l·l */
    {NULL, "Senyora presidenta, el Govern està compromès amb la col·laboració entre institucions i per això "
           "presentarà aquesta proposta al Parlament abans que acabi el període de sessions d'aquesta tardor.",
     "ca"},
};

static void test_kin(rs_identifier *id)
{
    size_t i;
    for (i = 0; i < sizeof kin_cases / sizeof kin_cases[0]; i++) {
        const char *found = rs__identify(id, kin_cases[i].text, strlen(kin_cases[i].text), kin_cases[i].prefer);
        int ok = found && strcmp(found, kin_cases[i].expected) == 0;
        if (!ok)
            fprintf(stderr, "kin case %zu: expected %s, got %s\n", i, kin_cases[i].expected,
                    found ? found : "(unsure)");
        CHECK(ok);
    }
}

/* The identifier keeps its counting table between calls: the same text
 * gives the same answer before and after others, and a text set in
 * capitals is found as in small letters. */
static void test_state(rs_identifier *id)
{
    const char *fr = cases[1].text, *de = cases[4].text;
    static const char shouted[] = "MR PRESIDENT, MY DELEGATION WISHES TO THANK THE SECRETARY-GENERAL FOR HIS REPORT "
                                  "AND TO WELCOME THE AGREEMENT REACHED BY THE MEMBER STATES ON THE TEXT BEFORE US.";
    const char *first = rs__identify(id, fr, strlen(fr), NULL), *second;
    CHECK_STR(rs__identify(id, de, strlen(de), NULL), "de");
    second = rs__identify(id, fr, strlen(fr), NULL);
    CHECK(first && second && strcmp(first, second) == 0);
    CHECK_STR(rs__identify(id, shouted, sizeof shouted - 1, NULL), "en");
}

/* Without fingerprints (a folder that has none) nothing is found within
 * a script: the preferred language stays, and the script's first
 * language stands in for one that cannot write it. */
static void test_no_fingerprints(void)
{
    rs_identifier *id = rs__identifier_create("/nonexistent/rostrum-textcat");
    const char *text = cases[1].text;
    CHECK(id != NULL);
    CHECK(rs__identify(id, text, strlen(text), "fr") == NULL);
    CHECK_STR(rs__identify(id, text, strlen(text), "ru"), "en");
    CHECK_STR(rs__identify(id, cases[10].text, strlen(cases[10].text), NULL), "ar");
    rs__identifier_destroy(id);
}

int main(void)
{
    rs_identifier *id = rs__identifier_create(NULL);
    CHECK(id != NULL);
    test_census();
    test_cases(id);
    test_document(id);
    test_kin(id);
    test_state(id);
    test_no_fingerprints();
    rs__identifier_destroy(id);
    return check_report("test_identify");
}
