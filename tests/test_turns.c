/* Unit tests of speaker-turn detection and of the names a turn is shown
 * and announced by, on cases written from the patterns transcripts use. */
#include <string.h>

#include "text/text.h"
#include "check.h"

/* The label a paragraph opens with, "" for none, and what is spoken after it. */
static void expect_turn(const char *text, const char *label, const char *speech, int weak)
{
    rs_turn t;
    char got[256] = "";
    int found = rs__find_turn(text, strlen(text), &t);
    if (found)
        snprintf(got, sizeof got, "%.*s", (int)t.label_len, text + t.label_start);
    CHECK_STR(got, label);
    if (found) {
        CHECK_STR(text + t.consumed, speech);
        CHECK(t.weak == weak);
    }
}

static int keep_ncop(void *user, const char *w, size_t n)
{
    (void)user;
    return n == 4 && memcmp(w, "NCOP", 4) == 0;
}

static void expect_names(const char *label, const char *name, const char *person, const char *qualifier)
{
    rs_turn t;
    rs_turn_names names;
    char text[256];
    snprintf(text, sizeof text, "%s: Thank you.", label);
    CHECK(rs__find_turn(text, strlen(text), &t) == 1);
    CHECK(rs__turn_names(text + t.label_start, t.label_len, t.main_len, keep_ncop, NULL, &names) == 0);
    CHECK_STR(names.name, name);
    CHECK_STR(names.person, person);
    if (qualifier)
        CHECK_STR(names.qualifier, qualifier);
    else
        CHECK(names.qualifier == NULL);
    rs__turn_names_free(&names);
}

/* Letter case by Unicode, in the scripts whose speaker labels are set in
 * capitals: the old hand table took Latin Extended-A to alternate capital
 * and small letter, so Ł and Ž were small and ł folded to Ń. */
static void test_case_helpers(void)
{
    CHECK(rs__cp_is_upper(0x141) && !rs__cp_is_lower(0x141)); /* Ł */
    CHECK(rs__cp_is_lower(0x142) && !rs__cp_is_upper(0x142)); /* ł */
    CHECK(rs__cp_to_lower(0x141) == 0x142);
    CHECK(rs__cp_to_lower(0x142) == 0x142);
    CHECK(rs__cp_is_upper(0x17D) && rs__cp_is_lower(0x17E)); /* Ž ž */
    CHECK(rs__cp_to_lower(0x17D) == 0x17E);
    CHECK(rs__cp_is_upper(0x130) && rs__cp_to_lower(0x130) == 'i'); /* İ */
    CHECK(rs__cp_is_lower(0x131) && rs__cp_to_lower('I') == 'i');   /* ı */
    CHECK(rs__cp_to_lower(0x178) == 0xFF);                         /* Ÿ ÿ */
    CHECK(rs__cp_is_upper(0x3A3) && rs__cp_to_lower(0x3A3) == 0x3C3); /* Σ σ */
    CHECK(rs__cp_is_lower(0x3C2) && rs__cp_is_lower(0x3C3));          /* ς σ */
    CHECK(rs__cp_is_upper(0x386) && rs__cp_to_lower(0x386) == 0x3AC); /* Ά ά */
    CHECK(rs__cp_is_upper(0x414) && rs__cp_to_lower(0x414) == 0x434); /* Д д */
    CHECK(rs__cp_is_upper(0x490) && rs__cp_to_lower(0x490) == 0x491); /* Ґ ґ */
    CHECK(rs__cp_is_upper(0x401) && rs__cp_to_lower(0x401) == 0x451); /* Ё ё */
    CHECK(rs__cp_is_lower(0xDF) && !rs__cp_is_upper(0xDF));           /* ß */
    /* Georgian opens sentences with the same letters: neither case */
    CHECK(!rs__cp_is_lower(0x10D0) && !rs__cp_is_upper(0x10D0) && rs__cp_is_letter(0x10D0));
    CHECK(!rs__cp_is_upper('1') && !rs__cp_is_lower('-') && !rs__cp_is_letter(0x3A));
    CHECK(!rs__cp_is_upper(0x4E2D) && rs__cp_is_letter(0x4E2D)); /* 中 */
    CHECK(!rs__cp_is_upper(0x110000) && rs__cp_to_lower(0x110000) == 0x110000);
    /* the same name precomposed or with combining marks, in either case */
    CHECK(rs__utf8_same("Poslanec \xC5\xBD\xC3\xA1k", "Poslanec Z\xCC\x8C" "a\xCC\x81k", 0));
    CHECK(rs__utf8_same("POSLANEC \xC5\xBD\xC3\x81K", "poslanec z\xCC\x8C" "a\xCC\x81k", 1));
    CHECK(rs__utf8_same("pani \xC5\x82ukaszewska", "Pani \xC5\x81ukaszewska", 1));
    CHECK(!rs__utf8_same("pani \xC5\x82ukaszewska", "Pani \xC5\x81ukaszewska", 0));
    CHECK(!rs__utf8_same("Poslanec \xC5\xBD\xC3\xA1k", "Poslanec Zak", 1));
    CHECK(rs__utf8_same("Mr Lever", "MR LEVER", 1) && !rs__utf8_same("Mr Lever", "Mr Leve", 1));
}

int main(void)
{
    test_case_helpers();

    /* parliaments and the UN */
    expect_turn("Mr L G LEVER: Chairperson, I hereby give notice", "Mr L G LEVER", "Chairperson, I hereby give notice", 0);
    expect_turn("The DEPUTY CHAIRPERSON OF THE NCOP (Mr M L Mushwana): Order!",
                "The DEPUTY CHAIRPERSON OF THE NCOP (Mr M L Mushwana)", "Order!", 0);
    expect_turn("The PRESIDENT: I call on", "The PRESIDENT", "I call on", 0);
    expect_turn("The President: I now give the floor", "The President", "I now give the floor", 0);
    expect_turn("Mr. Kishida (Japan): Mr. President,", "Mr. Kishida (Japan)", "Mr. President,", 0);
    expect_turn("M. Dupont (France) : Monsieur le Président", "M. Dupont (France)", "Monsieur le Président", 0);
    expect_turn("M. Dupont (France)\xC2\xA0: Merci", "M. Dupont (France)", "Merci", 0);
    expect_turn("PERIODISTA.- ¿Cuándo?", "PERIODISTA", "¿Cuándo?", 0);
    expect_turn("PRESIDENTA.- Buenos días", "PRESIDENTA", "Buenos días", 0);
    expect_turn("SR. LÓPEZ.\xE2\x80\x94 Gracias", "SR. LÓPEZ", "Gracias", 0);
    expect_turn("ГОЛОВА. Шановні колеги", "ГОЛОВА", "Шановні колеги", 1);
    /* Spanish, Galician and Portuguese diaries: article, title, capitals */
    expect_turn("O señor PRESIDENTE: Bos días.", "O señor PRESIDENTE", "Bos días.", 0);
    expect_turn("A señora FERNÁNDEZ MACÍAS: Si, xuro.", "A señora FERNÁNDEZ MACÍAS", "Si, xuro.", 0);
    expect_turn("La señora VICEPRESIDENTA (Pastor Julián): Gracias.", "La señora VICEPRESIDENTA (Pastor Julián)",
                "Gracias.", 0);
    expect_turn("El señor presidente dijo: que no.", "", "", 0);
    expect_turn("O señor Presidente: grazas.", "", "", 0);
    /* an interjection from the floor, as Hansard prints it */
    expect_turn("An HON MEMBER: Shame!", "An HON MEMBER", "Shame!", 0);
    expect_turn("An hon. Member: Order!", "An hon. Member", "Order!", 0);
    expect_turn("An example: this is not a label.", "", "", 0);
    /* a stenogram's speaker: surname and initials, office to its full stop */
    expect_turn("ТУРЧИНОВ О.В., член Комітету з питань Регламенту, депутатської етики (багатомандатний "
                "загальнодержавний виборчий округ, \"Виборчий блок\"). Шановні колеги, зараз.",
                "ТУРЧИНОВ О.В.", "Шановні колеги, зараз.", 0);
    expect_turn("СУХИЙ Я. М., секретар Комітету (виборчий округ 79, Запорізька область). Фракція СДПУ(о).",
                "СУХИЙ Я. М.", "Фракція СДПУ(о).", 0);
    expect_turn("ООН О.В., это не метка", "", "", 0);
    /* a stenogram's speaker named again, the speech on the same line */
    expect_turn("ТУРЧИНОВ О.В. Шановні колеги, продовжуємо.", "ТУРЧИНОВ О.В.", "Шановні колеги, продовжуємо.", 0);
    expect_turn("Жуков А. Д., заместитель Председателя Государственной Думы. Уважаемые коллеги!", "Жуков А. Д.",
                "Уважаемые коллеги!", 0);
    /* a surname in small letters, or a single initial, must recur */
    expect_turn("Володин В. В. Уважаемые коллеги, начинаем.", "Володин В. В.", "Уважаемые коллеги, начинаем.", 1);
    expect_turn("Администрация В. Путина заявила об этом.", "Администрация В.", "Путина заявила об этом.", 1);
    expect_turn("Figure A. Shows the figures.", "", "", 0);
    expect_turn("Иванов И.И.: Уважаемые коллеги!", "Иванов И.И.", "Уважаемые коллеги!", 0);
    expect_turn("КОВАЛЕНКО І. Б.: Дякую.", "КОВАЛЕНКО І. Б.", "Дякую.", 0);
    expect_turn("Smith J.: Thank you.", "", "", 0);
    expect_turn("Москва А. Б. это город.", "", "", 0);
    /* the chair's office alone, in capitals or not, with a colon or a full stop */
    expect_turn("ПРЕДСЕДАТЕЛЬСТВУЮЩИЙ. Уважаемые коллеги!", "ПРЕДСЕДАТЕЛЬСТВУЮЩИЙ", "Уважаемые коллеги!", 1);
    expect_turn("ГОЛОВУЮЧИЙ. Шановні колеги!", "ГОЛОВУЮЧИЙ", "Шановні колеги!", 1);
    expect_turn("Председательствующий. Переходим к голосованию.", "Председательствующий",
                "Переходим к голосованию.", 1);
    expect_turn("Председательствующий (Иванов И.И.): Слово предоставляется", "Председательствующий (Иванов И.И.)",
                "Слово предоставляется", 0);
    expect_turn("Голова: Шановні колеги", "Голова", "Шановні колеги", 0);
    expect_turn("Marszałek: Otwieram posiedzenie.", "Marszałek", "Otwieram posiedzenie.", 0);
    expect_turn("President: Thank you.", "President", "Thank you.", 0);
    /* Polish, Czech and German offices and titles before the name */
    expect_turn("Poseł Jan Kowalski: Panie Marszałku! Wysoka Izbo!", "Poseł Jan Kowalski", "Panie Marszałku! Wysoka Izbo!", 0);
    expect_turn("Pan poseł Jan Kowalski: Dziękuję.", "Pan poseł Jan Kowalski", "Dziękuję.", 0);
    expect_turn("Wicemarszałek Małgorzata Kidawa-Błońska: Dziękuję.", "Wicemarszałek Małgorzata Kidawa-Błońska",
                "Dziękuję.", 0);
    expect_turn("Místopředseda PSP Jan Novák: Děkuji za slovo.", "Místopředseda PSP Jan Novák", "Děkuji za slovo.", 0);
    expect_turn("Předseda vlády Andrej Babiš: Děkuji.", "Předseda vlády Andrej Babiš", "Děkuji.", 0);
    expect_turn("Poslanec Marek Benda: Děkuji.", "Poslanec Marek Benda", "Děkuji.", 0);
    expect_turn("Präsident Dr. Wolfgang Schäuble: Die Sitzung ist eröffnet.", "Präsident Dr. Wolfgang Schäuble",
                "Die Sitzung ist eröffnet.", 0);
    expect_turn("Vizepräsidentin Claudia Roth: Vielen Dank.", "Vizepräsidentin Claudia Roth", "Vielen Dank.", 0);
    expect_turn("Dr. Alice Weidel (AfD): Herr Präsident!", "Dr. Alice Weidel (AfD)", "Herr Präsident!", 0);
    expect_turn("Alexander Dobrindt (CDU/CSU): Frau Präsidentin!", "Alexander Dobrindt (CDU/CSU)", "Frau Präsidentin!", 0);
    expect_turn("Pan poseł powiedział: nie.", "", "", 0);
    expect_turn("Minister said that: no.", "", "", 0);
    expect_turn("United Nations: the body.", "", "", 0);
    expect_turn("Die Bundesregierung (BMI): hat beschlossen.", "", "", 0);
    expect_turn("Katrin Göring-Eckardt (BÜNDNIS 90/DIE GRÜNEN): Danke.", "Katrin Göring-Eckardt (BÜNDNIS 90/DIE GRÜNEN)",
                "Danke.", 0);
    /* a year, a document symbol or a sentence in the parentheses is no party */
    expect_turn("Paris Agreement (2015): The parties agreed.", "", "", 0);
    expect_turn("Security Council (S/RES/2334): The Council demanded.", "", "", 0);
    expect_turn("Annual Report (see annex): The figures rose.", "", "", 0);
    expect_turn("السيد أحمد بن علي (المغرب): شكرا سيدي الرئيس", "السيد أحمد بن علي (المغرب)", "شكرا سيدي الرئيس", 0);
    expect_turn("代主席：請坐。", "代主席", "請坐。", 0);
    /* the holder of an office, or a translation's mark, in full-width parentheses */
    expect_turn("代理主席（李華明議員）：請坐。", "代理主席（李華明議員）", "請坐。", 0);
    expect_turn("劉慧卿議員（譯文）：主席，我想問。", "劉慧卿議員（譯文）", "主席，我想問。", 0);
    expect_turn("行政長官：主席、各位議員、各位香港市民：", "行政長官", "主席、各位議員、各位香港市民：", 0);
    expect_turn("我們（政府）：這是重要的。", "", "", 0);
    expect_turn("（掌声）：x", "", "", 0);
    /* scripts without capitals: the office names the label */
    expect_turn("何俊仁議員：主席，我想提出一個問題。", "何俊仁議員", "主席，我想提出一個問題。", 0);
    expect_turn("主席： 現在開會。", "主席", "現在開會。", 0);
    expect_turn("政務司司長：多謝主席。", "政務司司長", "多謝主席。", 0);
    expect_turn("出席議員：", "", "", 0);
    expect_turn("我們認為：這是重要的。", "", "", 0);
    expect_turn("主席，我認為：這是重要的。", "", "", 0);
    expect_turn("السيد الرئيس: أشكركم على هذه الكلمة", "السيد الرئيس", "أشكركم على هذه الكلمة", 0);
    expect_turn("السيد الرئيس، أشكركم: على هذه الكلمة", "", "", 0);
    expect_turn("نحن نعتقد: أن هذا مهم", "", "", 0);
    expect_turn("**Mr. Kishida (Japan):** Thank you", "Mr. Kishida (Japan)", "Thank you", 0);
    expect_turn("**The PRESIDENT**: Order.", "The PRESIDENT", "Order.", 0);
    expect_turn("Mr L G LEVER:", "Mr L G LEVER", "", 0);
    /* ordinary sentences are not turns */
    expect_turn("The problem: we lack funds.", "", "", 0);
    expect_turn("Note: the figures are provisional.", "", "", 0);
    expect_turn("At 10:30 the Council met.", "", "", 0);
    expect_turn("Mr. President, I thank you: it is an honour.", "", "", 0);
    expect_turn("See http://example.org for details.", "", "", 0);
    expect_turn("In 2015: a year of change.", "", "", 0);
    expect_turn("II. The Court", "", "", 0);
    expect_turn("We met. Then: nothing.", "", "", 0);
    expect_turn("USA and others: agreed.", "", "", 0);

    /* lines of the record about the sitting, in the languages of the records */
    CHECK(rs__is_procedural_line("The meeting rose at 9.15 p.m.", 29));
    {
        static const char *const procedural[] = {
            "The meeting was called to order at 10.05 a.m.", "The meeting was suspended at 11.40 a.m. and resumed at noon.",
            "The sitting was suspended at 1 p.m.", "Parliament rose at 4.19 p.m.", "*The meeting rose at 6 p.m.*", "La séance est levée à 13 h 5.",
            "La séance, suspendue à 11 h 30, est reprise à 11 h 45.", "LA SÉANCE EST LEVÉE À 18 HEURES.",
            "Se levanta la sesión a las 13.05 horas.", "Se abre la sesión a las diez de la mañana.",
            "Заседание закрывается в 13 ч. 05 м.", "Заседание открывается в 10 ч. 00 м.", "Засідання закривається.",
            "Die Sitzung ist geschlossen.", "(Schluss der Sitzung: 18.03 Uhr)", "Levanta-se a sessão às 13 horas.",
            "La seduta termina alle ore 19.", "Posiedzenie zakończyło się o godz. 14.", "رفعت الجلسة الساعة 13/05.",
            "افتتحت الجلسة الساعة 10/05.", "下午1时05分散会。", "上午10时开会。",
            /* what Westminster-style records decide, the Cortes' closing
             * hour, Catalan with either apostrophe, Chile's dash */
            "Debate concluded.", "Motion agreed to.", "Bill read a second time.", "Report accordingly adopted.",
            "Question put and agreed to.", "Question put, That the amendment be made.", "Agreed to.", "AGREED TO",
            "Order disposed of without debate.", "The House adjourned at 16:48", "The Joint Sitting rose at 20:28",
            "House adjourned.", "Sitting adjourned.", "Adjourned at 3.39 pm.", "Ayes 231, Noes 307.",
            "Eran las dos y treinta y cinco minutos de la tarde.", "Era la una y cincuenta minutos de la tarde.",
            "La sessió s\xE2\x80\x99" "aixeca a la una del migdia i sis minuts.", "La sessió s'aixeca a les onze.",
            "-Se levantó la sesión a las 16.45 horas.", NULL};
        static const char *const spoken[] = {
            "We note that the meeting rose at 1 p.m.", "The meeting room was cold.", "The meeting", "Заседание",
            "La séance d'hier a été longue et la séance est levée trop tard pour que nous puissions tous parler "
            "de ce que nous avions préparé, et je le regrette, Madame la Présidente, car la coopération des "
            "États avec la Cour reste notre priorité commune.",
            "下午我们讨论了很多问题。", "上午", "",
            "Agreed to by every party in the committee, the Bill now comes back to the House.",
            "Agreed to, and more.", "Eran las cinco y todos esperaban.", "Debate", "The House", NULL};
        size_t k;
        for (k = 0; procedural[k]; k++)
            if (!rs__is_procedural_line(procedural[k], strlen(procedural[k])))
                CHECK_STR("not a line of the record", procedural[k]);
        for (k = 0; spoken[k]; k++)
            if (rs__is_procedural_line(spoken[k], strlen(spoken[k])))
                CHECK_STR("a line of the record", spoken[k]);
    }

    /* shown and announced names: initials dropped, capitals softened,
     * acronyms the document writes in capitals kept */
    expect_names("Mr L G LEVER", "Mr Lever", "Mr Lever", NULL);
    expect_names("The PRESIDENT", "The President", "The President", NULL);
    expect_names("The DEPUTY CHAIRPERSON OF THE NCOP (Mr M L Mushwana)",
                 "The Deputy Chairperson of the NCOP (Mr Mushwana)", "The Deputy Chairperson of the NCOP", "Mr Mushwana");
    expect_names("Mr. Kishida (Japan)", "Mr. Kishida (Japan)", "Mr. Kishida", "Japan");
    expect_names("Mrs. Smith (United States of America) (spoke in French)", "Mrs. Smith (United States of America)",
                 "Mrs. Smith", "United States of America");
    expect_names("Ms. Nkosi (spoke in Zulu)", "Ms. Nkosi", "Ms. Nkosi", NULL);
    expect_names("Mr D M NKOSI-MALOBANE", "Mr Nkosi-Malobane", "Mr Nkosi-Malobane", NULL);
    expect_names("ГОЛОВА", "Голова", "Голова", NULL);
    expect_names("ТУРЧИНОВ О.В.", "Турчинов О.В.", "Турчинов О.В.", NULL);
    expect_names("ПРЕДСЕДАТЕЛЬСТВУЮЩИЙ", "Председательствующий", "Председательствующий", NULL);
    expect_names("Председательствующий (Иванов И.И.)", "Председательствующий (Иванов И.И.)", "Председательствующий",
                 "Иванов И.И.");
    expect_names("Präsident Dr. Wolfgang Schäuble", "Präsident Dr. Wolfgang Schäuble", "Präsident Dr. Wolfgang Schäuble",
                 NULL);
    expect_names("Dr. Alice Weidel (AfD)", "Dr. Alice Weidel (AfD)", "Dr. Alice Weidel", "AfD");
    expect_names("O señor PRESIDENTE", "O señor Presidente", "O señor Presidente", NULL);
    expect_names("SRA. PÉREZ", "Sra. Pérez", "Sra. Pérez", NULL);
    /* capitals outside Latin-1: Polish, Czech, Turkish, Greek */
    expect_turn("PANI ŁUKASZEWSKA: Dziękuję bardzo.", "PANI ŁUKASZEWSKA", "Dziękuję bardzo.", 0);
    expect_turn("POSLANEC ŽÁK: Děkuji za slovo.", "POSLANEC ŽÁK", "Děkuji za slovo.", 0);
    expect_turn("MARSZAŁEK. Otwieram posiedzenie.", "MARSZAŁEK", "Otwieram posiedzenie.", 1);
    expect_names("PANI ŁUKASZEWSKA", "Pani Łukaszewska", "Pani Łukaszewska", NULL);
    {
        rs_turn t;
        rs_turn_names names;
        const char *text = "代理主席（李華明議員）：請坐。";
        CHECK(rs__find_turn(text, strlen(text), &t) == 1);
        CHECK(rs__turn_names(text + t.label_start, t.label_len, t.main_len, NULL, NULL, &names) == 0);
        CHECK_STR(names.name, "代理主席");
        rs__turn_names_free(&names);
    }
    expect_names("POSLANEC ŽÁK", "Poslanec Žák", "Poslanec Žák", NULL);
    expect_names("POSLANKYNĚ ŘÍHOVÁ", "Poslankyně Říhová", "Poslankyně Říhová", NULL);
    expect_names("İSMET ÖZ", "İsmet Öz", "İsmet Öz", NULL);
    expect_names("SELAHATTİN DEMİRTAŞ", "Selahattin Demirtaş", "Selahattin Demirtaş", NULL);
    expect_names("Ο ΠΡΟΕΔΡΟΣ ΤΗΣ ΒΟΥΛΗΣ", "Ο Προεδρος Της Βουλης", "Ο Προεδρος Της Βουλης", NULL);
    expect_names("ΣΙΣΣΥ", "Σισσυ", "Σισσυ", NULL);
    return check_report("test_turns");
}
