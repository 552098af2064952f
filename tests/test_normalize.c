/* Table-driven tests of the normalizer, per language: markup, page
 * residue, stage directions, titles, abbreviations, acronyms, numbers,
 * dates, currencies, ranges, ordinals and units. Each case is written from
 * the kinds of text found in published statements. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/normalize_rules.h"
#include "check.h"

typedef struct norm_case {
    const char *language;
    const char *written;
    const char *spoken;
} norm_case;

static const norm_case cases[] = {
    /* ---- markup and residue ---- */
    {"en", "A **bold** and *italic* and __strong__ and _em_ word.", "A bold and italic and strong and em word."},
    {"en", "Use `code` here and ~~gone~~ there.", "Use code here and gone there."},
    {"en", "snake_case stays apart", "snake case stays apart"},
    {"en", "See [the report](https://example.org/r \"Title\") now.", "See the report now."},
    {"en", "A [reference link][ref] here.", "A reference link here."},
    {"en", "Logo ![alt text](logo.png) gone.", "Logo gone."},
    {"en", "Note[^1] here.", "Note here."},
    {"en", "[^1]: The footnote text.", "The footnote text."},
    {"en", "Nested [a [b] c](u) link.", "Nested a [b] c link."},
    {"en", "Line<br>break and <b>bold</b>.", "Line break and bold."},
    {"en", "Visit <https://example.org> today.", "Visit today."},
    {"en", "An <img src=\"x.png\"> image.", "An image."},
    {"en", "Peace &amp; security", "Peace and security"},
    {"fr", "Paix &amp; sécurité", "Paix et sécurité"},
    {"es", "Paz &amp; seguridad", "Paz y seguridad"},
    {"en", "a&nbsp;b &lt;c&gt; &#233;t&#xE9;", "a b <c> été"},
    {"en", "AT&T stays", "A.T.&T stays"},
    {"en", "Not \\*emphasis\\* and a \\[bracket\\]", "Not emphasis and a [bracket]"},
    {"en", "Item #5 and #tag", "Item number 5 and tag"},
    {"fr", "Point #3", "Point numéro 3"},
    {"es", "Punto #4", "Punto número 4"},
    {"en", "| a | b |", ", a, b,"},
    {"fr", "a\xC2\xA0:\xE2\x80\x8B b\xC2\xAD" "c \xE2\x80\xA2 d\x01" "e", "a: bc d e"},
    {"en", "  spaced   out  ,  text  ", "spaced out, text"},
    {"en", "", ""},
    {"en", "***", ""},
    {"en", "A * stray asterisk", "A stray asterisk"},
    {"en", "An _ underscore alone", "An underscore alone"},
    {"en", "``TeX quotes'' here", "TeX quotes\" here"},
    {"en", "Bullets \xE2\x80\xA2 and \xE2\x97\x8F gone", "Bullets and gone"},
    {"en", "Zero\xE2\x80\x8Bwidth join", "Zerowidth join"},
    {"en", "<!-- not here -->", ""},
    {"en", "<p>Paragraph</p>", "Paragraph"},
    {"en", "Text &unknown; stays", "Text &unknown; stays"},
    {"en", "A < B and C > D", "A < B and C > D"},

    /* ---- stage directions ---- */
    {"en", "We thank you. [Applause.] We go on.", "We thank you. We go on."},
    {"en", "We thank you. [Laughter.) We go on.", "We thank you. We go on."},
    {"en", "Mr. Kishida (spoke in Japanese): Thank you.", "Mister Kishida: Thank you."},
    {"en", "The speaker (interpretation from Arabic) began.", "The speaker began."},
    {"en", "[An hon member: Hear, hear!]", ""},
    {"en", "Thank you (Applause)", "Thank you"},
    {"en", "Thank you *(Applause)*", "Thank you"},
    {"en", "See the annex (page 4) for details.", "See the annex (page 4) for details."},
    {"en", "[and] stays as an editorial insertion", "[and] stays as an editorial insertion"},
    {"fr", "Nous disions [...] que la paix", "Nous disions que la paix"},
    {"fr", "[\xE2\x80\xA6]", ""},
    {"fr", "Je vous remercie. (Vifs applaudissements à gauche et au centre.)", "Je vous remercie."},
    {"fr", "Nous agirons. (Rires.) Ensemble.", "Nous agirons. Ensemble."},
    {"fr", "M. Dupont (l'orateur s'exprime en anglais) : Merci.", "Monsieur Dupont: Merci."},
    {"es", "Muchas gracias. (APLAUSOS)", "Muchas gracias."},
    {"es", "Seguimos. (Risas) Adelante.", "Seguimos. Adelante."},

    /* ---- titles and honorifics ---- */
    {"en", "Mr. President,", "Mister President,"},
    {"en", "Mrs. Smith and Ms. Jones", "Missus Smith and Miz Jones"},
    {"en", "Dr. Amani spoke.", "Doctor Amani spoke."},
    {"en", "Dr. Łukaszewska spoke.", "Doctor Łukaszewska spoke."},
    {"fr", "M. Žák et Mme Öztürk", "Monsieur Žák et Madame Öztürk"},
    {"en", "Prof. Lee", "Professor Lee"},
    {"en", "H.E. Mr. Abe", "His Excellency Mister Abe"},
    {"en", "the hon member", "the honourable member"},
    {"en", "St. Lucia", "Saint Lucia"},
    {"en", "Mr President", "Mister President"},
    {"en", "Messrs. Ito and Sato", "Messieurs Ito and Sato"},
    {"fr", "M. Dupont et Mme Martin", "Monsieur Dupont et Madame Martin"},
    {"fr", "MM. Durand et Petit", "Messieurs Durand et Petit"},
    {"fr", "S.E. M. Blum", "Son Excellence Monsieur Blum"},
    {"fr", "Me Lefèvre plaide.", "Maître Lefèvre plaide."},
    {"fr", "Il me voit.", "Il me voit."},
    {"fr", "Mlle Roy", "Mademoiselle Roy"},
    {"es", "Sr. Presidente", "señor Presidente"},
    {"es", "Sra. Ministra", "señora Ministra"},
    {"es", "Sres. delegados", "señores delegados"},
    {"es", "Excmo. Sr. Embajador", "excelentísimo señor Embajador"},
    {"es", "Dña. Elena", "doña Elena"},
    {"es", "D. Luis", "don Luis"},

    /* ---- words in more languages ---- */
    /* English: ranks, clergy, interjections, symbols of both organizations */
    {"en", "Lt. Gen. Dallaire commanded the mission.", "Lieutenant General Dallaire commanded the mission."},
    {"en", "Maj. Gen. Cammaert and Brig. Gen. Ochieng", "Major General Cammaert and Brigadier General Ochieng"},
    {"en", "Col. Adeyemi and Capt. Moreno reported.", "Colonel Adeyemi and Captain Moreno reported."},
    {"en", "Maj. Tanaka spoke.", "Major Tanaka spoke."},
    {"en", "Lt. Col. Haddad", "Lieutenant Colonel Haddad"},
    {"en", "The Rev. Canon Mpho Tutu", "The Reverend Canon Mpho Tutu"},
    {"en", "see Col. 3 of the table", "see Col. 3 of the table"},
    {"en", "H.E. Ms. Amina Mohammed", "His Excellency Miz Amina Mohammed"},
    {"en", "Mme. Lagarde and Mme Bachelet", "Madame Lagarde and Madame Bachelet"},
    {"en", "then let the opposition elect its two. [Interjections.] Because, if one",
     "then let the opposition elect its two. Because, if one"},
    {"en", "We will not be silenced. [Interruptions.] We go on.", "We will not be silenced. We go on."},
    {"en", "Thank you. (Opposition members interjecting.) Order!", "Thank you. Order!"},
    {"en", "resolution S/RES/2334 (2016) demands", "resolution S., R.E.S., 2334 of 2016 demands"},
    {"en", "the report ICC-ASP/23/20 of the Bureau", "the report I.C.C. A.S.P., 23, 20 of the Bureau"},
    {"en", "draft resolution A/HRC/55/L.12 was adopted", "draft resolution A., H.R.C., 55, L. 12 was adopted"},
    {"en", "General comment CCPR/C/GC/36 on the right to life",
     "General comment C.C.P.R., C., G.C., 36 on the right to life"},
    {"en", "the record A/79/PV.5 shows", "the record A., 79, P.V. 5 shows"},
    {"en", "as in 2016 (2017) and", "as in 2016 (2017) and"},
    /* French */
    {"fr", "L'ONU et l'OTAN", "L'Onu et l'Otan"},
    {"fr", "l'ONU et l'UNESCO", "l'Onu et l'Unesco"},
    {"fr", "l'OSCE et l'UE", "l'O.S.C.E. et l'U.E."},
    {"fr", "Mmes Dupont et Durand", "Mesdames Dupont et Durand"},
    {"fr", "M. le Président,", "Monsieur le Président,"},
    {"fr", "Dr. Mukwege", "Docteur Mukwege"},
    {"fr", "le Gén. Diarra et le Col. Traoré", "le Général Diarra et le Colonel Traoré"},
    {"fr", "S.Exc. M. Guterres", "Son Excellence Monsieur Guterres"},
    {"fr", "la résolution S/RES/2334 (2016) exige", "la résolution S., R.E.S., 2334 de 2016 exige"},
    {"fr", "le document ICC-ASP/23/20", "le document I.C.C. A.S.P., 23, 20"},
    {"fr", "Merci. (Exclamations sur les bancs du groupe RN.) Je poursuis.", "Merci. Je poursuis."},
    {"fr", "Nous y sommes. (Brouhaha.) Bien.", "Nous y sommes. Bien."},
    {"fr", "Vive la France ! (Vives protestations.)", "Vive la France!"},
    /* Spanish */
    {"es", "la ONU y la OTAN", "la Onu y la Otan"},
    {"es", "Sr Presidente", "señor Presidente"},
    {"es", "el Gral. Ortega", "el general Ortega"},
    {"es", "el Cnel. Ruiz y el Tte. Díaz", "el coronel Ruiz y el teniente Díaz"},
    {"es", "Lic. Pérez e Ing. Gómez", "licenciado Pérez e ingeniero Gómez"},
    {"es", "Sra. Bachelet", "señora Bachelet"},
    {"es", "Dra. Montaño", "doctora Montaño"},
    {"es", "Excma. Sra. Ministra", "excelentísima señora Ministra"},
    {"es", "la resolución S/RES/2334 (2016) exige", "la resolución S., R.E.S., 2334 de 2016 exige"},
    {"es", "el documento A/79/PV.5", "el documento A., 79, P.V. 5"},
    {"es", "Gracias. (Rumores.) Sigo.", "Gracias. Sigo."},
    {"es", "Termino. (Voces.) Termino ya.", "Termino. Termino ya."},
    /* Russian */
    {"ru", "Г-н Председатель,", "Господин Председатель,"},
    {"ru", "г-н Лавров и г-жа Захарова", "господин Лавров и госпожа Захарова"},
    {"ru", "Г-жа Председатель, уважаемые коллеги!", "Госпожа Председатель, уважаемые коллеги!"},
    {"ru", "д-р Иванов и проф. Петров", "доктор Иванов и профессор Петров"},
    {"ru", "Организация Объединенных Наций (ООН)", "Организация Объединенных Наций (оон)"},
    {"ru", "в рамках ООН и ОБСЕ", "в рамках оон и о-бэ-сэ"},
    {"ru", "НАТО и ЕС", "нато и е-эс"},
    {"ru", "США и СНГ", "сэ-шэ-а и эс-эн-гэ"},
    {"ru", "мирный атом, т.е. МАГАТЭ", "мирный атом, то есть магатэ"},
    {"ru", "см. ст. 51 Устава", "смотри статью 51 Устава"},
    {"ru", "в ст. 2 Устава, а ст. 3 гласит", "в статье 2 Устава, а статья 3 гласит"},
    {"ru", "и т.д. и т.п.", "и так далее и тому подобное"},
    {"ru", "резолюция S/RES/2334 (2016)", "резолюция S., R.E.S., 2334 от две тысячи шестнадцатого года"},
    {"ru", "Спасибо. (Голоса из зала.) Продолжу.", "Спасибо. Продолжу."},
    {"ru", "гг. Иванов и Сидоров", "господа Иванов и Сидоров"},
    {"ru", "в г. Минске", "в городе Минске"},
    /* Ukrainian */
    {"uk", "Пане Голово, шановні колеги!", "Пане Голово, шановні колеги!"},
    {"uk", "ст. 5 Конституції", "стаття 5 Конституції"},
    {"uk", "пані Ковальчук і пан Мельник", "пані Ковальчук і пан Мельник"},
    {"uk", "д-р Бойко і проф. Литвин", "доктор Бойко і професор Литвин"},
    {"uk", "Організація Об'єднаних Націй (ООН)", "Організація Об'єднаних Націй (оон)"},
    {"uk", "ООН, НАТО і ОБСЄ", "оон, нато і о-бе-се-є"},
    {"uk", "вступ до ЄС", "вступ до є-ес"},
    {"uk", "США і ЗСУ", "ес-ша-а і зе-ес-у"},
    {"uk", "і т.д. і т.ін.", "і так далі і таке інше"},
    {"uk", "див. ст. 5", "дивіться статтю 5"},
    {"uk", "у м. Києві", "у місті Києві"},
    {"uk", "Дякую. (Шум у залі) Далі.", "Дякую. Далі."},
    {"uk", "Прошу. (Голоси із залу) Тихо.", "Прошу. Тихо."},
    {"uk", "резолюція S/RES/2334 (2016)", "резолюція S., R.E.S., 2334, 2016"},
    /* German */
    {"de", "Hr. Scholz und Fr. Baerbock", "Herr Scholz und Frau Baerbock"},
    {"de", "am Fr. 5. Mai", "am Fr. fünften Mai"},
    {"de", "Dr. Merkel und Prof. Müller", "Doktor Merkel und Professor Müller"},
    {"de", "Abg. Schmidt", "Abgeordneter Schmidt"},
    {"de", "S.E. Herr Botschafter", "Seine Exzellenz Herr Botschafter"},
    {"de", "die UNO und die NATO", "die Uno und die NATO"},
    {"de", "die OSZE und die EU", "die O S Z E und die E U"},
    {"de", "die USA", "die U S A"},
    {"de", "z.B. die UN", "zum Beispiel die U N"},
    {"de", "Art. 51, Abs. 2, d.h. Nr. 3", "Artikel 51, Absatz 2, das heißt Nummer 3"},
    {"de", "u.a. Wasser usw.", "unter anderem Wasser und so weiter"},
    {"de", "Danke. (Zurufe von der AfD) Weiter.", "Danke. Weiter."},
    {"de", "Nein! (Widerspruch bei der CDU/CSU) Doch.", "Nein! Doch."},
    {"de", "Resolution S/RES/2334 (2016)", "Resolution S., R.E.S., 2334 von 2016"},
    /* Portuguese */
    {"pt", "Sr. Presidente, Sras. e Srs. Delegados", "senhor Presidente, senhoras e senhores Delegados"},
    {"pt", "Sra. Ministra", "senhora Ministra"},
    {"pt", "Exmo. Sr. Secretário-Geral", "excelentíssimo senhor Secretário-Geral"},
    {"pt", "S. Exa. o Presidente", "Sua Excelência o Presidente"},
    {"pt", "V. Exa. sabe", "Vossa Excelência sabe"},
    {"pt", "Dr. Guterres e Dra. Silva", "doutor Guterres e doutora Silva"},
    {"pt", "a ONU e a OTAN", "a Onu e a Otan"},
    {"pt", "a OSCE e os EUA", "a ó ésse cê é e os é u á"},
    {"pt", "a CPLP", "a cê pê éle pê"},
    {"pt", "o art. 51, n.º 2, p. ex.", "o artigo 51, número 2, por exemplo"},
    {"pt", "Obrigado. (Palmas.) Continuo.", "Obrigado. Continuo."},
    {"pt", "Sim. (Risos.) Não.", "Sim. Não."},
    {"pt", "a resolução S/RES/2334 (2016)", "a resolução S., R.E.S., 2334 de 2016"},
    /* Italian */
    {"it", "Sig. Presidente", "signor Presidente"},
    {"it", "la Sig.ra Rossi e la Sig.na Bianchi", "la signora Rossi e la signorina Bianchi"},
    {"it", "Sigg. delegati", "signori delegati"},
    {"it", "On. Meloni", "onorevole Meloni"},
    {"it", "Dott. Verdi e Dott.ssa Neri", "dottor Verdi e dottoressa Neri"},
    {"it", "Prof. Monti e Prof.ssa Ferri", "professor Monti e professoressa Ferri"},
    {"it", "Avv. Conte", "avvocato Conte"},
    {"it", "S.E. il Presidente", "Sua Eccellenza il Presidente"},
    {"it", "l'ONU, la NATO e l'OSCE", "l'Onu, la Nato e l'Osce"},
    {"it", "la UE e la CPI", "la u e e la ci pi i"},
    {"it", "art. 11, n. 2, ecc.", "articolo 11, numero 2, eccetera"},
    {"it", "Grazie. (Applausi) Proseguo.", "Grazie. Proseguo."},
    {"it", "No! (Commenti) Sì.", "No! Sì."},
    {"it", "la risoluzione S/RES/2334 (2016)", "la risoluzione S., R.E.S., 2334 del 2016"},
    /* Polish */
    {"pl", "Panie Marszałku! Wysoka Izbo!", "Panie Marszałku! Wysoka Izbo!"},
    {"pl", "Pan poseł Kowalski", "Pan poseł Kowalski"},
    {"pl", "dr Nowak i prof. Wiśniewski", "doktor Nowak i profesor Wiśniewski"},
    {"pl", "Dr Nowak", "doktor Nowak"},
    {"pl", "gen. Kowalczyk i płk Zieliński", "generał Kowalczyk i pułkownik Zieliński"},
    {"pl", "ks. Popiełuszko i mec. Lis", "ksiądz Popiełuszko i mecenas Lis"},
    {"pl", "ONZ i NATO", "o en zet i Nato"},
    {"pl", "OBWE, UE i USA", "o be wu e, u e i u es a"},
    {"pl", "art. 5 ust. 2 pkt 3", "artykuł 5 ustęp 2 punkt 3"},
    {"pl", "np. woda, tj. życie, itd.", "na przykład woda, to jest życie, i tak dalej"},
    {"pl", "m.in. Polska", "między innymi Polska"},
    {"pl", "Dziękuję. (Głos z sali: Brawo!) Dalej.", "Dziękuję. Dalej."},
    {"pl", "rezolucja S/RES/2334 (2016)", "rezolucja S., R.E.S., 2334, 2016"},
    /* Turkish */
    {"tr", "Sn. Başkan", "Sayın Başkan"},
    {"tr", "Dr. Yılmaz ve Prof. Kaya", "Doktor Yılmaz ve Profesör Kaya"},
    {"tr", "Doç. Demir ve Av. Çelik", "Doçent Demir ve Avukat Çelik"},
    {"tr", "Org. Akar", "Orgeneral Akar"},
    {"tr", "BM ve NATO", "be me ve Nato"},
    {"tr", "AB ve ABD", "a be ve a be de"},
    {"tr", "AGİT ve TBMM", "Agit ve te be me me"},
    {"tr", "md. 5 ve s. 12", "madde 5 ve sayfa 12"},
    {"tr", "su, toprak vb. kaynaklar", "su, toprak ve benzeri kaynaklar"},
    {"tr", "bkz. rapor", "bakınız rapor"},
    {"tr", "Teşekkürler. (Alkışlar) Devam.", "Teşekkürler. Devam."},
    {"tr", "Hayır! (Gürültüler) Evet.", "Hayır! Evet."},
    {"tr", "karar S/RES/2334 (2016)", "karar S., R.E.S., 2334, 2016"},
    /* Dutch */
    {"nl", "Dhr. Rutte en Mevr. Kaag", "de heer Rutte en mevrouw Kaag"},
    {"nl", "Mw. Ollongren", "mevrouw Ollongren"},
    {"nl", "Dr. Jansen en Prof. de Vries", "doctor Jansen en professor de Vries"},
    {"nl", "Z.E. de ambassadeur", "Zijne Excellentie de ambassadeur"},
    {"nl", "mr. Visser", "meester Visser"},
    {"nl", "de VN en de NAVO", "de V N en de Navo"},
    {"nl", "de OVSE, de EU en de VS", "de O V S E, de E U en de V S"},
    {"nl", "art. 5, nr. 3, blz. 12", "artikel 5, nummer 3, bladzijde 12"},
    {"nl", "bijv. water, d.w.z. leven, enz.", "bijvoorbeeld water, dat wil zeggen leven, enzovoort"},
    {"nl", "o.a. Nederland", "onder andere Nederland"},
    {"nl", "Dank u. (Applaus) Verder.", "Dank u. Verder."},
    {"nl", "Nee. (Gelach) Ja.", "Nee. Ja."},
    {"nl", "resolutie S/RES/2334 (2016)", "resolutie S., R.E.S., 2334 van 2016"},

    /* ---- abbreviations and references ---- */
    {"en", "under Art. 7(1) of the Statute", "under Article 7, paragraph 1 of the Statute"},
    {"en", "article 25(3)(d) applies", "article 25, paragraph 3 D. applies"},
    {"es", "el ARTÍCULO 25(3) se aplica", "el ARTÍCULO 25, párrafo 3 se aplica"},
    {"en", "in 2023(1)(z) terms", "in 2023(1)(z) terms"},
    {"fr", "l'article 7(1)", "l'article 7, paragraphe 1"},
    {"es", "el artículo 7(1)", "el artículo 7, párrafo 1"},
    {"en", "in 2015 (1) and", "in 2015 (1) and"},
    {"en", "see art. 12", "see article 12"},
    {"en", "para. 4 and paras. 7-9", "paragraph 4 and paragraphs 7 to 9"},
    {"en", "resolution No. 5", "resolution number 5"},
    {"en", "No. we will not", "No. we will not"},
    {"en", "e.g. water, i.e. life, etc.", "for example water, that is life, et cetera"},
    {"en", "Peace vs. war", "Peace versus war"},
    {"en", "cf. the report", "compare the report"},
    {"en", "E.g. this one", "for example this one"},
    {"en", "approx. 40 people", "approximately 40 people"},
    {"en", "pp. 12-14", "pages 12 to 14"},
    {"fr", "l'art. 5 du Statut", "l'article 5 du Statut"},
    {"fr", "la résolution n° 12", "la résolution numéro 12"},
    {"fr", "p. ex. l'eau, c.-à-d. la vie, etc.", "par exemple l'eau, c'est-à-dire la vie, et cetera"},
    {"fr", "par. 3", "paragraphe 3"},
    {"es", "el art. 7 y el artículo 8", "el artículo 7 y el artículo 8"},
    {"es", "la resolución núm. 5", "la resolución número 5"},
    {"es", "la resolución n.º 7", "la resolución número 7"},
    {"es", "las FF.AA. y los EE.UU.", "las Fuerzas Armadas y los Estados Unidos"},
    {"es", "p. ej. el agua, etc.", "por ejemplo el agua, etcétera"},
    {"es", "párr. 3", "párrafo 3"},

    /* ---- document symbols and resolutions ---- */
    {"en", "resolution A/RES/68/262 of 2014", "resolution A., R.E.S., 68, 262 of 2014"},
    {"en", "document A/72/L.3 is", "document A., 72, L. 3 is"},
    {"en", "see S/2023/123.", "see S., 2023, 123."},
    {"en", "record A/70/PV.16", "record A., 70, P.V. 16"},
    {"en", "resolution 2625 (XXV)", "resolution 2625 (25)"},
    {"en", "resolution 3314 (XXIX) on aggression", "resolution 3314 (29) on aggression"},
    {"fr", "la résolution 2625 (XXV)", "la résolution 2625 (25)"},
    {"en", "and/or", "and or"},
    {"en", "HIV/AIDS", "H.I.V. aids"},
    {"en", "1/3 of", "1/3 of"},

    /* ---- acronyms ---- */
    {"en", "the ICJ and the OHCHR", "the I.C.J. and the O.H.C.H.R."},
    {"en", "many NGOs agree", "many N.G.O.'s agree"},
    {"en", "NATO and UNICEF", "Nato and Unicef"},
    {"en", "the UN system", "the U.N. system"},
    {"en", "I am here", "I am here"},
    {"en", "A new era", "A new era"},
    {"en", "THE GOVERNMENT OF JAPAN SUPPORTS THE ICC.", "the government of japan supports the icc."},
    {"fr", "OMS À ÉPÔNE, ÉTÉ.", "oms À ÉPÔNE, ÉTÉ."}, /* capitals beyond ASCII count too */
    {"en", "We SHALL act.", "We S.H.A.L.L. act."},
    {"en", "UNESCO", "Unesco"},
    {"en", "UNESCO\xE2\x80\x99s work", "Unesco\xE2\x80\x99s work"},
    {"en", "the SIDS DOCK and ECOWAS", "the sids Dock and Ecowas"},
    {"en", "COVID-19 pandemic", "covid nineteen pandemic"},
    {"en", "the U.N. charter", "the U.N. charter"},
    {"fr", "l'OTAN et la CIJ", "l'Otan et la C.I.J."},
    {"fr", "les ONG", "les O.N.G."},
    {"es", "la ONU y la OEA", "la Onu y la O.E.A."},
    {"es", "la CELAC", "la Celac"},
    {"en", "OK", "okay"},

    /* ---- numbers: separators and decimals ---- */
    {"en", "7,250 people", "7250 people"},
    {"en", "1,000,000 voices", "1000000 voices"},
    {"en", "3.2 million", "3.2 million"},
    {"en", "In 2015, 300 people", "In 2015, 300 people"},
    {"en", "1,2,3", "1,2,3"},
    {"en", "12,345.67 units", "12345.67 units"},
    {"fr", "7 250 personnes", "7250 personnes"},
    {"fr", "7\xC2\xA0" "250 personnes", "7250 personnes"},
    {"fr", "7\xE2\x80\xAF" "250 personnes", "7250 personnes"},
    {"fr", "3,2 millions", "3,2 millions"},
    {"fr", "en 2015 300 personnes", "en 2015 300 personnes"},
    {"fr", "1 000 000 d'habitants", "1000000 d'habitants"},
    {"es", "7.250 personas", "7250 personas"},
    {"es", "3,2 millones", "3,2 millones"},
    {"es", "1.000.000 de votos", "1000000 de votos"},
    {"es", "7 250 personas", "7250 personas"},

    /* ---- percentages ---- */
    {"en", "11 per cent of judges", "11 per cent of judges"},
    {"en", "a 5% rise", "a 5 per cent rise"},
    {"en", "a 5 % rise", "a 5 per cent rise"},
    {"en", "3.5% growth", "3.5 per cent growth"},
    {"fr", "une hausse de 5 %", "une hausse de 5 pour cent"},
    {"fr", "5\xC2\xA0%", "5 pour cent"},
    {"fr", "12,5 % des voix", "12,5 pour cent des voix"},
    {"es", "un 5 % más", "un 5 por ciento más"},
    {"es", "el 40% de", "el 40 por ciento de"},

    /* ---- currencies ---- */
    {"en", "$810 million", "810 million dollars"},
    {"en", "$5", "5 dollars"},
    {"en", "US$ 2.5 billion", "2.5 billion US dollars"},
    {"en", "US$100", "100 US dollars"},
    {"en", "USD 40 million", "40 million US dollars"},
    {"en", "\xE2\x82\xAC" "20 million", "20 million euros"},
    {"en", "EUR 15", "15 euros"},
    {"en", "\xC2\xA3" "3 billion", "3 billion pounds"},
    {"en", "R5 million", "5 million rand"},
    {"en", "20 \xE2\x82\xAC", "20 euros"},
    {"en", "15 EUR", "15 euros"},
    {"en", "$1,500,000", "1500000 dollars"},
    {"en", "CHF 10", "10 Swiss francs"},
    {"en", "Rwanda", "Rwanda"},
    {"fr", "810 millions de dollars", "810 millions de dollars"},
    {"fr", "$810 millions", "810 millions de dollars"},
    {"fr", "20 \xE2\x82\xAC", "20 euros"},
    {"fr", "\xE2\x82\xAC" "5 milliards", "5 milliards de euros"},
    {"fr", "1 500 \xE2\x82\xAC", "1500 euros"},
    {"es", "US$ 300 millones", "300 millones de dólares estadounidenses"},
    {"es", "$50", "50 dólares"},
    {"es", "20 \xE2\x82\xAC", "20 euros"},

    /* ---- dates and times ---- */
    {"en", "on 12/03/2019 we met", "on the 12th of March 2019 we met"},
    {"en", "on 1/7/2002", "on the 1st of July 2002"},
    {"en", "on 1 July 2002", "on the 1st of July 2002"},
    {"en", "on 22 September", "on the 22nd of September"},
    {"en", "on 3 May", "on the 3rd of May"},
    {"en", "on 11 November", "on the 11th of November"},
    {"en", "29/09/2015", "the 29th of September 2015"},
    {"en", "31/13/2015", "31/13/2015"},
    {"en", "at 10:30 today", "at 10 30 today"},
    {"en", "at 10.30 a.m. today", "at 10 30 A M today"},
    {"en", "at 9.05 p.m.", "at 9 oh 5 P M"},
    {"en", "at 9:00", "at 9"},
    {"en", "a 3.25 ratio", "a 3.25 ratio"},
    {"fr", "à 10 h 30", "à 10 heures 30"},
    {"fr", "à 10h30", "à 10 heures 30"},
    {"fr", "à 9 h", "à 9 heures"},
    {"fr", "le 10 hectares", "le 10 hectares"},
    {"en", "5 May", "the 5th of May"},
    {"en", "5 mayors", "5 mayors"},
    {"fr", "le 14 juillet 1789", "le 14 juillet 1789"},
    {"fr", "le 1 juillet", "le 1er juillet"},
    {"fr", "le 12/03/2019", "le 12 mars 2019"},
    {"fr", "le 01/10/2015", "le 1er octobre 2015"},
    {"es", "el 12/03/2019", "el 12 de marzo de 2019"},
    {"es", "el 1 de julio", "el 1 de julio"},

    /* ---- ranges ---- */
    {"en", "in 2016-2020", "in 2016 to 2020"},
    {"en", "in 2016\xE2\x80\x93" "2020", "in 2016 to 2020"},
    {"en", "paragraphs 7-9", "paragraphs 7 to 9"},
    {"fr", "de 2016-2020", "de 2016 à 2020"},
    {"es", "en 2016-2020", "en 2016 a 2020"},
    {"en", "COVID-19", "covid nineteen"},
    {"en", "G-20 summit", "G-20 summit"},
    {"en", "15-29431", "15-29431"},

    /* ---- ordinals and centuries ---- */
    {"en", "the 3rd session", "the 3rd session"},
    {"en", "the 70th session", "the 70th session"},
    {"fr", "le 80e anniversaire", "le quatre-vingtième anniversaire"},
    {"fr", "la 1re fois", "la première fois"},
    {"fr", "le 1er janvier", "le premier janvier"},
    {"fr", "la 2ème session", "la deuxième session"},
    {"fr", "le XIXe siècle", "le dix-neuvième siècle"},
    {"fr", "le XXIe siècle", "le vingt-et-unième siècle"},
    {"fr", "la 75e session", "la soixante-quinzième session"},
    {"fr", "la 71e session", "la soixante-et-onzième session"},
    {"fr", "la 99e", "la quatre-vingt-dix-neuvième"},
    {"fr", "la 100e", "la centième"},
    {"fr", "la 200e", "la deux-centième"},
    {"fr", "la 1000e", "la millième"},
    {"fr", "le 5e", "le cinquième"},
    {"fr", "le 9e", "le neuvième"},
    {"fr", "le IIIe Reich", "le troisième Reich"},
    {"fr", "la Ve République", "la cinquième République"},
    {"fr", "les 2es", "les deuxièmes"},
    {"fr", "un MIX", "un M.I.X."},
    {"fr", "Le rapport. Ce texte. Des pays. Vers la paix. Mes amis.", "Le rapport. Ce texte. Des pays. Vers la paix. Mes amis."},
    {"fr", "François Ier et la Ire", "François premier et la première"},
    {"fr", "le 2er", "le 2er"},
    /* scripts a French, English or Spanish voice cannot say are not handed over */
    {"en", "Hello \xE1\x87\xBE world.", "Hello world."},
    {"en", "A \xC9\x8C\xD5\x89 pair", "A \xC9\x8C pair"},
    {"en", "alpha \xCE\xB1 and \xD0\x96", "alpha \xCE\xB1 and \xD0\x96"},
    {"en", "Peace \xE5\x92\x8C\xE5\xB9\xB3 now", "Peace now"},
    {"zh", "\xE5\x92\x8C\xE5\xB9\xB3\xE1\x87\xBE", "\xE5\x92\x8C\xE5\xB9\xB3"},
    {"en", "&#x7F;&#x85;x", "x"},
    {"de", "Das ist a\xD4\xB1" "b test.", "Das ist a b test."},
    {"de", "Das ist \xE0\xAF\xBA test.", "Das ist test."},
    {"hy", "\xD4\xB1\xD5\xA2", "\xD4\xB1\xD5\xA2"},
    {"ru", "\xD0\x9C\xD0\xB8\xD1\x80 and \xD4\xB1", "\xD0\x9C\xD0\xB8\xD1\x80 and"},
    /* thousands grouped with spaces, where the language writes them so:
     * one number for espeak-ng, not a number a group */
    {"ru", "21 000 человек", "21000 человек"},
    {"ru", "1\xC2\xA0" "250\xE2\x80\xAF" "000 рублей", "1250000 рублей"},
    {"uk", "12 345,5 гривні", "дванадцять тисяч триста сорок п'ять кома п'ять гривні"},
    {"pl", "Sejm liczy 460 posłów, a 1 000 000 obywateli", "Sejm liczy 460 posłów, a 1000000 obywateli"},
    {"ru", "пункты 1 2 3 и 2024 год", "пункты 1 2 3 и две тысячи двадцать четвертый год"},
    {"ru", "резолюция 2334 (2016)", "резолюция 2334 (2016)"},
    {"de", "21 000 Menschen", "21 000 Menschen"},
    /* a Russian year is an ordinal in the case its sentence asks (ICU) */
    {"ru", "В 2024 году мы приняли решение.", "В две тысячи двадцать четвертом году мы приняли решение."},
    {"ru", "до 2030 года", "до две тысячи тридцатого года"},
    {"ru", "к 2030 году", "к две тысячи тридцатому году"},
    {"ru", "2025 год станет важным", "две тысячи двадцать пятый год станет важным"},
    {"ru", "в 2024-м году", "в две тысячи двадцать четвертом году"},
    {"ru", "стал 2024 годом перемен", "стал две тысячи двадцать четвертым годом перемен"},
    {"ru", "в 2024 годах", "в 2024 годах"},
    {"ru", "резолюция 2024 года", "резолюция две тысячи двадцать четвертого года"},
    {"ru", "в 12024 году", "в 12024 году"},
    {"uk", "у 2024 році", "у дві тисячі двадцять четвертому році"},
    /* stage directions of other parliaments' records */
    {"uk", "Дякую. (Оплески) Далі.", "Дякую. Далі."},
    {"ru", "Спасибо. (Аплодисменты.) Далее.", "Спасибо. Далее."},
    {"ru", "Итак (шум в зале) продолжим.", "Итак продолжим."},
    {"de", "Danke. (Beifall bei der SPD) Weiter.", "Danke. Weiter."},
    {"pl", "Dziękuję. (Oklaski) Dalej.", "Dziękuję. Dalej."},
    {"ar", "شكرا. (تصفيق) نواصل.", "شكرا. نواصل."},
    {"zh", "谢谢。（掌声）我们继续。", "谢谢。我们继续。"},
    {"zh", "谢谢（主席）。", "谢谢（主席）。"},
    /* Arabic is one script across its blocks: Farsi yeh (U+06CC) and
     * heh doachashmee (U+06BE), as Levantine PDFs use, are kept for ar;
     * a tanwin (a combining mark) goes with its word, spoken or dropped */
    {"ar", "\xD8\xA7\xD9\x84\xD8\xB3\xDB\x8C\xD8\xAF \xD8\xA7\xD9\x84\xD8\xAA\xDA\xBE\xD8\xA7\xD9\x86\xDB\x8C",
     "\xD8\xA7\xD9\x84\xD8\xB3\xDB\x8C\xD8\xAF \xD8\xA7\xD9\x84\xD8\xAA\xDA\xBE\xD8\xA7\xD9\x86\xDB\x8C"},
    {"ar", "\xD8\xB1\xD8\xA6\xDB\x8C\xD8\xB3\xD8\xA7\xD9\x8B", "\xD8\xB1\xD8\xA6\xDB\x8C\xD8\xB3\xD8\xA7\xD9\x8B"},
    {"en", "Said \xD8\xB1\xD8\xA6\xDB\x8C\xD8\xB3\xD8\xA7\xD9\x8B today", "Said today"},
    {"ar", "\xEF\xBB\xB7 \xD8\xA7", "\xEF\xBB\xB7 \xD8\xA7"},
    {"en", "Hawai\xCA\xBBi and Kyiv\xCA\xBCs", "Hawai'i and Kyiv's"},
    {"en", "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F", "Hello"},
    {"en", "It''s l''art", "It''s l''art"},
    {"en", "the Vienna Convention (interpretation of treaties) applies", "the Vienna Convention (interpretation of treaties) applies"},
    {"es", "la 75ª sesión", "la 75ª sesión"},
    {"es", "el 1.º de mayo", "el 1º de mayo"},
    {"es", "la 75.ª sesión", "la 75ª sesión"},
    {"es", "el siglo XIX", "el siglo XIX"},

    /* ---- units ---- */
    {"en", "5,000 km\xC2\xB2 of land", "5000 square kilometres of land"},
    {"en", "12 km away", "12 kilometres away"},
    {"en", "300 ha", "300 hectares"},
    {"en", "40 \xC2\xB0" "C", "40 degrees Celsius"},
    {"en", "2 kg", "2 kilograms"},
    {"en", "2 kgs", "2 kgs"},
    {"fr", "5 000 km\xC2\xB2", "5000 kilomètres carrés"},
    {"fr", "12 km", "12 kilomètres"},
    {"es", "5.000 km\xC2\xB2", "5000 kilómetros cuadrados"},
    {"es", "12 km", "12 kilómetros"},

    /* ---- languages without rules keep numbers for espeak-ng ---- */
    {"cs", "7.250 lidí, 5 %", "7.250 lidí, 5 %"},
    {"de", "Die **NATO**", "Die NATO"},
    {"zh", "\xE4\xB8\xAD\xE5\x9B\xBD\xEF\xBC\x8C\xE4\xBD\xA0\xE5\xA5\xBD", "\xE4\xB8\xAD\xE5\x9B\xBD\xEF\xBC\x8C\xE4\xBD\xA0\xE5\xA5\xBD"},

    /* ---- words stay words ---- */
    {"en", "Japan hopes that the States Parties will work.", "Japan hopes that the States Parties will work."},
    {"fr", "L’État français", "L’État français"},
    {"es", "¿Qué haremos? ¡Actuar!", "¿Qué haremos? ¡Actuar!"},
    {"en", "don't won't", "don't won't"},
    {"en", "Co-Facilitators", "Co-Facilitators"},

    /* ---- numbers in more languages ---- */
    /* each with the reading a careful human reader gives; where espeak-ng
     * reads the digits well they stay digits (see docs/languages.md) */
    {"ru", "В 2024 году Генеральная Ассамблея приняла резолюцию.", "В две тысячи двадцать четвертом году Генеральная Ассамблея приняла резолюцию."},
    {"ru", "Это произошло 17 марта 2024 года в Нью-Йорке.", "Это произошло семнадцатого марта две тысячи двадцать четвертого года в Нью-Йорке."},
    {"ru", "с 1 января 2025 года", "с первого января две тысячи двадцать пятого года"},
    {"ru", "к 1 мая", "к первому мая"},
    {"ru", "с 1 по 5 мая", "с первого по пятое мая"},
    {"uk", "з 1 по 5 травня", "з першого по п'яте травня"},
    {"pl", "od 1 do 5 maja", "od pierwszego do piątego maja"},
    {"ru", "1\xE2\x80\x93" "5 мая", "с первого по пятое мая"},
    {"ru", "на 17 марта назначено заседание", "на семнадцатое марта назначено заседание"},
    {"ru", "Заседание состоялось 24.10.2023.", "Заседание состоялось двадцать четвертого октября две тысячи двадцать третьего года."},
    {"ru", "до 2030 года", "до две тысячи тридцатого года"},
    {"ru", "Погибли 21 000 человек.", "Погибли 21000 человек."},
    /* in quotation marks and before an ellipsis, as news and statements quote */
    {"ru", "«в 2024 году»", "«в две тысячи двадцать четвертом году»"},
    {"ru", "«21 000 человек»", "«21000 человек»"},
    {"ru", "до 2030 года…", "до две тысячи тридцатого года…"},
    {"ru", "1 250 000 беженцев", "1250000 беженцев"},
    {"ru", "рост на 12,5 %", "рост на двенадцать целых пять десятых процента"},
    {"ru", "сократилось на 5 %", "сократилось на 5 процентов"},
    {"ru", "21 % населения", "21 процент населения"},
    {"ru", "лишь 3 % бюджета", "лишь 3 процента бюджета"},
    {"ru", "выделено 5 млн долларов", "выделено 5 миллионов долларов"},
    {"ru", "взнос в размере $5 млн", "взнос в размере 5 миллионов долларов"},
    {"ru", "ущерб составил 2,5 млрд руб.", "ущерб составил две целых пять десятых миллиарда рублей"},
    {"ru", "за 20 ₽", "за 20 рублей"},
    {"ru", "цена 15 € за тонну", "цена 15 евро за тонну"},
    {"ru", "79-я сессия Генеральной Ассамблеи", "семьдесят девятая сессия Генеральной Ассамблеи"},
    {"ru", "в 1990-х годах", "в девяностых годах"},
    {"ru", "в 1990-е годы", "в девяностые годы"},
    {"ru", "более 500 человек", "более пятисот человек"},
    {"ru", "от 5 до 10 лет", "от пяти до десяти лет"},
    {"ru", "в 2024 г. и в 2025 г.", "в две тысячи двадцать четвертом году и в две тысячи двадцать пятом году"},
    {"ru", "20-й век", "двадцатый век"},
    {"ru", "в 21 веке", "в двадцать первом веке"},
    {"ru", "Конвенция 1951 года о статусе беженцев", "Конвенция тысяча девятьсот пятьдесят первого года о статусе беженцев"},
    {"ru", "более 250 тысяч украинцев", "более двухсот пятидесяти тысяч украинцев"},
    {"ru", "отпраздновали 80-летие освобождения", "отпраздновали восьмидесятилетие освобождения"},
    {"ru", "к 75-летию Победы", "к семидесятипятилетию Победы"},
    {"uk", "у 21 столітті", "у двадцять першому столітті"},
    {"ru", "к 2030 году", "к две тысячи тридцатому году"},
    {"ru", "2024-го года", "две тысячи двадцать четвертого года"},
    {"ru", "составляет 3,25 %", "составляет три целых двадцать пять сотых процента"},
    {"uk", "У 2024 році Верховна Рада ухвалила закон.", "У дві тисячі двадцять четвертому році Верховна Рада ухвалила закон."},
    {"uk", "Указ від 17 березня 2024 року набув чинності.", "Указ від сімнадцятого березня дві тисячі двадцять четвертого року набув чинності."},
    {"uk", "до 2030 року", "до дві тисячі тридцятого року"},
    {"uk", "з 1 січня", "з першого січня"},
    {"uk", "2024 рік став роком випробувань.", "дві тисячі двадцять четвертий рік став роком випробувань."},
    {"uk", "у 2000 році", "у двохтисячному році"},
    {"uk", "у 2024 р.", "у дві тисячі двадцять четвертому році"},
    {"uk", "Загинули 21 000 осіб.", "Загинули двадцять одна тисяча осіб."},
    {"uk", "1 500 000 гривень", "один мільйон п'ятсот тисяч гривень"},
    {"uk", "Бюджет становить 2024 мільйони.", "Бюджет становить дві тисячі двадцять чотири мільйони."},
    {"uk", "зростання на 12,5 %", "зростання на дванадцять кома п'ять відсотка"},
    {"uk", "лише 2 %", "лише 2 відсотки"},
    {"uk", "21 % виборців", "21 відсоток виборців"},
    {"uk", "5 % населення", "5 відсотків населення"},
    {"uk", "виділено 5 млн доларів", "виділено 5 мільйонів доларів"},
    {"uk", "внесок $5 млн", "внесок 5 мільйонів доларів"},
    {"uk", "за 20 грн", "за двадцять гривень"},
    {"uk", "2 грн", "дві гривні"},
    {"uk", "79-та сесія Генеральної Асамблеї", "сімдесят дев'ята сесія Генеральної Асамблеї"},
    {"uk", "у 1990-х роках", "у дев'яностих роках"},
    {"uk", "1990-ті роки", "дев'яності роки"},
    {"uk", "1-ше місце", "перше місце"},
    {"uk", "25-го числа", "двадцять п'ятого числа"},
    {"uk", "3 тис. осіб", "3 тисячі осіб"},
    {"uk", "Засідання 24.08.2024.", "Засідання двадцять четвертого серпня дві тисячі двадцять четвертого року."},
    {"uk", "у 1991 році", "у тисяча дев'ятсот дев'яносто першому році"},
    {"de", "Am 17. März 2024 trat das Gesetz in Kraft.", "Am siebzehnten März 2024 trat das Gesetz in Kraft."},
    {"de", "Berlin, 17. März 2024", "Berlin, siebzehnter März 2024"},
    {"de", "der 3. Weltkrieg", "der dritte Weltkrieg"},
    {"de", "in der 3. Lesung", "in der dritten Lesung"},
    {"de", "die 17. Sitzung des Bundestages", "die siebzehnte Sitzung des Bundestages"},
    {"de", "zum 1. Januar", "zum ersten Januar"},
    {"de", "am Freitag, 5. Mai", "am Freitag, fünften Mai"},
    {"de", "vom 1. bis 3. März", "vom ersten bis dritten März"},
    {"de", "Es waren 17. Dann kam der Rest.", "Es waren 17. Dann kam der Rest."},
    {"de", "am 03.10.1990", "am dritten Oktober 1990"},
    {"de", "1.000.000 Menschen", "1000000 Menschen"},
    {"de", "7.250 Euro", "7250 Euro"},
    {"de", "21 000 Menschen", "21 000 Menschen"},
    {"de", "21\xC2\xA0" "000 Menschen", "21000 Menschen"},
    {"de", "1'000 Franken", "1000 Franken"},
    {"de", "ein Plus von 3,5 Prozent", "ein Plus von 3,5 Prozent"},
    {"de", "12,5 % der Stimmen", "12,5 Prozent der Stimmen"},
    {"de", "5 Mio. Euro", "5 Millionen Euro"},
    {"de", "1,5 Mio. Menschen", "1,5 Millionen Menschen"},
    {"de", "3 Mrd. Euro", "3 Milliarden Euro"},
    {"de", "€ 20", "20 Euro"},
    {"de", "20 €", "20 Euro"},
    {"de", "$5 Millionen", "5 Millionen Dollar"},
    {"de", "in den Jahren 2016-2020", "in den Jahren 2016 bis 2020"},
    {"de", "die 1990er Jahre", "die 1990er Jahre"},
    {"de", "USD 40 Millionen", "40 Millionen US-Dollar"},
    {"pt", "1.000.000 de pessoas", "1000000 de pessoas"},
    {"pt", "12,5% dos votos", "12,5 por cento dos votos"},
    {"pt", "em 17 de março de 2024", "em 17 de março de 2024"},
    {"pt", "o 1.º lugar", "o primeiro lugar"},
    {"pt", "a 79.ª sessão da Assembleia Geral", "a septuagésima nona sessão da Assembleia Geral"},
    {"pt", "o 1º de maio", "o primeiro de maio"},
    {"pt", "a 3ª vez", "a terceira vez"},
    {"pt", "20 €", "20 euros"},
    {"pt", "€ 20", "20 euros"},
    {"pt", "US$ 5 milhões", "5 milhões de dólares americanos"},
    {"pt", "R$ 3,5 bilhões", "3,5 bilhões de reais"},
    {"pt", "nos anos 1990", "nos anos noventa"},
    {"pt", "a 17/03/2024", "a 17 de março de 2024"},
    {"pt", "de 2016-2020", "de 2016 a 2020"},
    {"pt", "7.250 pessoas", "7250 pessoas"},
    {"pt", "1\xC2\xA0" "000\xC2\xA0" "000 pessoas", "1000000 pessoas"},
    {"pt", "3,5 milhões de pessoas", "3,5 milhões de pessoas"},
    {"pt", "cerca de 40%", "cerca de 40 por cento"},
    {"pt", "$50", "50 dólares"},
    {"pt", "EUR 15", "15 euros"},
    {"pt", "12 % do PIB", "12 por cento do PIB"},
    {"pt", "o 2.º parágrafo", "o segundo parágrafo"},
    {"pt", "a 10.ª edição", "a décima edição"},
    {"pt", "USD 40 milhões", "40 milhões de dólares americanos"},
    {"pt", "5 mil milhões de euros", "5 mil milhões de euros"},
    {"it", "1.000.000 di persone", "1000000 di persone"},
    {"it", "il 1° gennaio 2024", "il primo gennaio 2024"},
    {"it", "il 1 gennaio", "il primo gennaio"},
    {"it", "la 79ª sessione dell'Assemblea generale", "la settantanovesima sessione dell'Assemblea generale"},
    {"it", "il 79° anniversario", "il settantanovesimo anniversario"},
    {"it", "a 40° C", "a 40° C"},
    {"it", "il 2º comma", "il secondo comma"},
    {"it", "20 €", "20 euro"},
    {"it", "€ 20", "20 euro"},
    {"it", "negli anni 1990", "negli anni novanta"},
    {"it", "il 17/03/2024", "il 17 marzo 2024"},
    {"it", "5 mln di euro", "5 milioni di euro"},
    {"it", "3 mld di euro", "3 miliardi di euro"},
    {"it", "12,5% dei voti", "12,5 per cento dei voti"},
    {"it", "1'000 franchi", "1000 franchi"},
    {"it", "7.250 persone", "7250 persone"},
    {"it", "3,5 milioni", "3,5 milioni"},
    {"it", "$5 milioni", "5 milioni di dollari"},
    {"it", "USD 40 milioni", "40 milioni di dollari statunitensi"},
    {"it", "il 17 marzo 2024", "il 17 marzo 2024"},
    {"it", "il 10% del bilancio", "il 10 per cento del bilancio"},
    {"it", "la 3ª volta", "la terza volta"},
    {"it", "1\xE2\x80\xAF" "000\xE2\x80\xAF" "000 persone", "1000000 persone"},
    {"it", "£ 3 miliardi", "3 miliardi di sterline"},
    {"pl", "W 2024 roku Sejm przyjął ustawę.", "W dwa tysiące dwudziestym czwartym roku Sejm przyjął ustawę."},
    {"pl", "17 marca 2024 r.", "siedemnastego marca dwa tysiące dwudziestego czwartego roku"},
    {"pl", "do 2030 r.", "do dwa tysiące trzydziestego roku"},
    {"pl", "do 2030 roku", "do dwa tysiące trzydziestego roku"},
    {"pl", "2024 rok", "dwa tysiące dwudziesty czwarty rok"},
    {"pl", "przed 1989 rokiem", "przed tysiąc dziewięćset osiemdziesiątym dziewiątym rokiem"},
    {"pl", "w 1989 r.", "w tysiąc dziewięćset osiemdziesiątym dziewiątym roku"},
    {"pl", "1 000 000 osób", "1000000 osób"},
    {"pl", "wzrost o 12,5%", "wzrost o 12,5 procent"},
    {"pl", "1,5 mln zł", "1,5 miliona złotych"},
    {"pl", "20 zł", "20 złotych"},
    {"pl", "2 zł", "2 złote"},
    {"pl", "21 zł", "21 złotych"},
    {"pl", "5 mld dolarów", "5 miliardów dolarów"},
    {"pl", "w latach 90.", "w latach dziewięćdziesiątych"},
    {"pl", "lata 90.", "lata dziewięćdziesiąte"},
    {"pl", "od lat 90.", "od lat dziewięćdziesiątych"},
    {"pl", "3 tys. osób", "3 tysiące osób"},
    {"pl", "€ 20", "20 euro"},
    {"pl", "20 €", "20 euro"},
    {"pl", "$5 mln", "5 milionów dolarów"},
    {"pl", "1 stycznia 2025", "pierwszego stycznia dwa tysiące dwudziestego piątego roku"},
    {"pl", "od 1 stycznia", "od pierwszego stycznia"},
    {"pl", "dnia 24.10.2023", "dnia dwudziestego czwartego października dwa tysiące dwudziestego trzeciego roku"},
    {"pl", "7 250 osób", "7250 osób"},
    {"tr", "1.000.000 kişi", "1000000 kişi"},
    {"tr", "%12,5 oranında", "yüzde 12,5 oranında"},
    {"tr", "%5", "yüzde 5"},
    {"tr", "12% artış", "yüzde 12 artış"},
    {"tr", "17 Mart 2024", "17 Mart 2024"},
    {"tr", "Genel Kurulun 79. oturumu", "Genel Kurulun yetmiş dokuzuncu oturumu"},
    {"tr", "1990'lar", "bin dokuz yüz doksanlar"},
    {"tr", "1990'larda", "bin dokuz yüz doksanlarda"},
    {"tr", "2024'te", "iki bin yirmi dörtte"},
    {"tr", "2024 yılında", "2024 yılında"},
    {"tr", "79'uncu oturum", "yetmiş dokuzuncu oturum"},
    {"tr", "20 €", "20 avro"},
    {"tr", "€ 20", "20 avro"},
    {"tr", "$5 milyon", "5 milyon dolar"},
    {"tr", "20 TL", "20 Türk lirası"},
    {"tr", "20 ₺", "20 Türk lirası"},
    {"tr", "17.03.2024", "17 Mart 2024"},
    {"tr", "Toplam 2024. Sonra", "Toplam 2024. Sonra"},
    {"tr", "3,5 milyon", "3,5 milyon"},
    {"tr", "7.250 kişi", "7250 kişi"},
    {"tr", "USD 40 milyon", "40 milyon ABD doları"},
    {"tr", "1\xC2\xA0" "000\xC2\xA0" "000 kişi", "1000000 kişi"},
    {"tr", "1'inci madde", "birinci madde"},
    {"nl", "1.000.000 mensen", "1000000 mensen"},
    {"nl", "12,5% van de stemmen", "12,5 procent van de stemmen"},
    {"nl", "17 maart 2024", "17 maart 2024"},
    {"nl", "de 79e zitting", "de negenenzeventigste zitting"},
    {"nl", "de 1ste keer", "de eerste keer"},
    {"nl", "de 2de lezing", "de tweede lezing"},
    {"nl", "€ 20", "20 euro"},
    {"nl", "20 €", "20 euro"},
    {"nl", "3,5 miljoen", "3,5 miljoen"},
    {"nl", "jaren 1990", "jaren negentig"},
    {"nl", "in de jaren 1980", "in de jaren tachtig"},
    {"nl", "5 mln. euro", "5 miljoen euro"},
    {"nl", "2 mld. euro", "2 miljard euro"},
    {"nl", "2016-2020", "2016 tot 2020"},
    {"nl", "17-03-2024", "17 maart 2024"},
    {"nl", "17/03/2024", "17 maart 2024"},
    {"nl", "$5 miljoen", "5 miljoen dollar"},
    {"nl", "USD 40 miljoen", "40 miljoen Amerikaanse dollar"},
    {"nl", "7.250 mensen", "7250 mensen"},
    {"nl", "1\xE2\x80\xAF" "000\xE2\x80\xAF" "000 mensen", "1000000 mensen"},
    {"nl", "3,5% groei", "3,5 procent groei"},
    {"nl", "de 8ste verjaardag", "de achtste verjaardag"},
    {"nl", "EUR 15", "15 euro"},
    {"nl", "CHF 10", "10 Zwitserse frank"},
    {"nl", "1e Kamer", "eerste Kamer"},
    {"en", "R56,5 billion", "56.5 billion rand"},
    {"en", "the 1990s", "the nineteen nineties"},
    {"en", "in the 1990’s", "in the nineteen nineties"},
    {"en", "the 2000s", "the two thousands"},
    {"en", "the 1900s", "the nineteen hundreds"},
    {"en", "$3,5 million", "3.5 million dollars"},
    {"fr", "les années 1990", "les années quatre-vingt-dix"},
    {"fr", "les années 2000", "les années 2000"},
    {"fr", "1'000 francs suisses", "1000 francs suisses"},
    {"fr", "1’000 francs", "1000 francs"},
    {"es", "los años 1990", "los años noventa"},
    {"es", "R56,5 millones", "56,5 millones de rands"},
    {"it", "la 2ª guerra mondiale", "la seconda guerra mondiale"},
    {"it", "il 3° Rapporto", "il terzo Rapporto"},
    {"tr", "Türkiye Büyük Millet Meclisinin 28. dönemi", "Türkiye Büyük Millet Meclisinin yirmi sekizinci dönemi"},
    {"tr", "2023'te", "iki bin yirmi üçte"},
    {"tr", "5'i", "beşi"},
    {"tr", "10'dan fazla", "ondan fazla"},
    /* Chinese: years digit by digit, large numbers and decimals by ICU;
     * small numbers are read well by espeak-ng and stay */
    {"zh", "2024年3月17日", "二〇二四年3月17日"},
    {"zh", "增长12.5%", "增长百分之十二点五"},
    {"zh", "比上年增长5%", "比上年增长百分之五"},
    {"zh", "共有210000人", "共有二十一万人"},
    {"zh", "21,000人", "二万一千人"},
    {"zh", "2016-2020年", "二〇一六至二〇二〇年"},
    {"zh", "第79届", "第79届"},
    {"zh-Hant", "21,000人", "二萬一千人"},
    {"yue", "2024年", "二零二四年"},
    {"cmn", "2024年", "二〇二四年"},
    /* Arabic: espeak-ng reads the digits well but says nothing for % */
    {"ar", "نمو بنسبة 12.5%", "نمو بنسبة 12.5 في المائة"},
    {"ar", "٪12", "12 في المائة"},
    {"ar", "في عام 2024", "في عام 2024"},
    {"ar", "1,000,000 شخص", "1000000 شخص"},
    {"ar", "نمو بنسبة ١٢٫٥٪", "نمو بنسبة 12.5 في المائة"},
    {"ar", "١٬٠٠٠٬٠٠٠ شخص", "1000000 شخص"},
    {"ar", "عام ٢٠٢٤", "عام 2024"},

    /* ---- Chinese and Arabic as the records write them ----
     * espeak-ng's cmn and ar voices read plain digits right (193个 as
     * yi1 bai3 jiu3 shi2 san1, checked with espeak-ng -x): those are left
     * to them, and the cases say so; years, grouped numbers, decimals and
     * percentages are written out. */
    {"zh", "我们感谢秘书处。（掌声）", "我们感谢秘书处。"},
    {"zh", "（笑声）", ""},
    {"zh", "**重要**的是合作", "重要的是合作"},
    {"zh", "2019年至2023年", "二〇一九年至二〇二三年"},
    {"zh", "2000年", "二〇〇〇年"},
    {"zh", "2008年北京奥运会", "二〇〇八年北京奥运会"},
    {"zh", "截至2023年底", "截至二〇二三年底"},
    {"zh", "2030年议程", "二〇三〇年议程"},
    {"zh", "1990年代以来", "一九九〇年代以来"},
    {"zh", "2010年代", "二〇一〇年代"},
    {"zh", "2015-2030年", "二〇一五至二〇三〇年"},
    {"zh", "2024年9月", "二〇二四年9月"},
    {"zh", "1945年10月24日", "一九四五年10月24日"},
    {"zh", "100%", "百分之一百"},
    {"zh", "0.5%", "百分之零点五"},
    {"zh", "增长了3.5%。", "增长了百分之三点五。"},
    {"zh", "30%的人口", "百分之三十的人口"},
    {"zh", "3%至5%", "百分之三至百分之五"},
    {"zh", "约1.5万人", "约一点五万人"},
    {"zh", "2.5亿人", "二点五亿人"},
    {"zh", "12.5万", "十二点五万"},
    {"zh", "3.14", "三点一四"},
    {"zh", "10,000名难民", "一万名难民"},
    {"zh", "1,234,567人", "一百二十三万四千五百六十七人"},
    {"zh", "共计12,345,678元", "共计一千二百三十四万五千六百七十八元"},
    {"zh", "约有1,200万人", "约有1200万人"},
    {"zh", "第1,000次", "第1000次"},
    {"zh", "共有193个会员国。", "共有193个会员国。"},
    {"zh", "第79届联合国大会", "第79届联合国大会"},
    {"zh", "第1条第2款", "第1条第2款"},
    {"zh", "5亿美元", "5亿美元"},
    {"zh", "人民币100元", "人民币100元"},
    {"zh", "75周年", "75周年"},
    {"zh", "第二十三届会议", "第二十三届会议"},
    {"zh-Hant", "2012年", "二〇一二年"},
    {"zh-Hant", "增長3.5%", "增長百分之三點五"},
    {"zh-Hant", "（掌聲）", ""},
    {"yue", "21,000人", "二萬一千人"},
    {"ar", "في عام ٢٠٢٤ اعتمدت الجمعية القرار.", "في عام 2024 اعتمدت الجمعية القرار."},
    {"ar", "ارتفعت الميزانية بنسبة ٣٫٥٪.", "ارتفعت الميزانية بنسبة 3.5 في المائة."},
    {"ar", "بلغ عدد الضحايا 21,000 شخص.", "بلغ عدد الضحايا 21000 شخص."},
    {"ar", "شكرا سيدي الرئيس. (تصفيق)", "شكرا سيدي الرئيس."},
    {"ar", "[تصفيق]", ""},
    {"ar", "(ضحك)", ""},
    {"ar", "السيد كيشيدا (تكلم باليابانية): شكرا.", "السيد كيشيدا: شكرا."},
    {"ar", "**الجلسة** العامة", "الجلسة العامة"},
    {"ar", "*شكرا*", "شكرا"},
    {"ar", "الأمم المتحدة &amp; المحكمة", "الأمم المتحدة و المحكمة"},
    {"ar", "نحو 25% من السكان", "نحو 25 في المائة من السكان"},
    {"ar", "١٠٠٪", "100 في المائة"},
    {"ar", "٠٫٥٪", "0.5 في المائة"},
    {"ar", "١٢٣ دولة", "123 دولة"},
    {"ar", "الصفحة ٧", "الصفحة 7"},
    {"ar", "نحو ٥٠٠٠ لاجئ", "نحو 5000 لاجئ"},
    {"ar", "من ١٩٩٠ إلى ٢٠٠٠", "من 1990 إلى 2000"},
    {"ar", "١٫٥ مليون", "1.5 مليون"},
    {"ar", "ذكرى ٧٥", "ذكرى 75"},
    {"ar", "قرار مجلس الأمن ٢٣٣٤", "قرار مجلس الأمن 2334"},
    {"ar", "المادة ١٢٧", "المادة 127"},
    {"ar", "السيد الرئيس،", "السيد الرئيس،"},
    {"ar", "السيدة الرئيسة،", "السيدة الرئيسة،"},
    {"ar", "شكرا جزيلا.", "شكرا جزيلا."},
    {"ar", "(ضحك في القاعة)", ""},
    {"ar", "شكرا. (تصفيق حاد)", "شكرا."},
    {"ar", "(تكلمت بالفرنسية)", ""},
    {"ar", "<b>الجمعية</b> العامة", "الجمعية العامة"},
    {"ar", "الفقرة ٣ (أ)", "الفقرة 3 (أ)"},
    /* ---- Russian and Ukrainian numbers in the case a preposition asks ----
     * (the genitive after около, более, близько, до, від; the locative,
     * dative or instrumental that the noun after the number shows) */
    {"uk", "з 2014 року", "з дві тисячі чотирнадцятого року"},
    {"uk", "понад 5 тисяч переселенців", "понад 5 тисяч переселенців"},
    {"uk", "близько 300 людей", "близько трьохсот людей"},
    {"uk", "до 2030 року", "до дві тисячі тридцятого року"},
    {"uk", "у 5 областях", "у п'яти областях"},
    {"uk", "в 24 областях України", "в двадцяти чотирьох областях України"},
    {"uk", "близько 20 % населення", "близько двадцяти відсотків населення"},
    {"uk", "близько 1 % голосів", "близько одного відсотка голосів"},
    {"uk", "від 5 до 10 років", "від п'яти до десяти років"},
    {"uk", "з 5 країнами-партнерами", "з п'ятьма країнами-партнерами"},
    {"uk", "між 2 сторонами", "між двома сторонами"},
    {"uk", "завдяки 3 партнерам", "завдяки трьом партнерам"},
    {"uk", "близько 21 тисячі осіб", "близько двадцяти однієї тисячі осіб"},
    {"uk", "понад 40 країн", "понад 40 країн"},
    {"uk", "протягом 5 років", "протягом п'яти років"},
    {"uk", "з 193 держав-членів", "з ста дев'яноста трьох держав-членів"},
    {"uk", "близько 2000 людей", "близько двох тисяч людей"},
    {"uk", "Стратегія до 2030.", "Стратегія до дві тисячі тридцятого."},
    {"uk", "на 3 підприємствах", "на трьох підприємствах"},
    {"uk", "у 3 рази більше", "у 3 рази більше"},
    {"ru", "более 100 стран", "более ста стран"},
    {"ru", "около 50 процентов", "около пятидесяти процентов"},
    {"ru", "около 50 %", "около пятидесяти процентов"},
    {"ru", "менее 1 % бюджета", "менее одного процента бюджета"},
    {"ru", "около 12,5 %", "около двенадцати целых пяти десятых процента"},
    {"ru", "в 5 областях", "в пяти областях"},
    {"ru", "на 3 заводах", "на трех заводах"},
    {"ru", "с 5 странами", "с пятью странами"},
    {"ru", "к 5 странам", "к пяти странам"},
    {"ru", "в течение 5 лет", "в течение пяти лет"},
    {"ru", "из 193 государств-членов", "из ста девяноста трех государств-членов"},
    {"ru", "более 21 тысячи человек", "более двадцати одной тысячи человек"},
    {"ru", "в 3 раза больше", "в 3 раза больше"},
    {"ru", "в 2024 годах", "в 2024 годах"},
    {"ru", "Повестка дня до 2030,", "Повестка дня до две тысячи тридцатого,"},
    {"ru", "в 2030", "в 2030"},
    /* ---- ranges in ru, uk, pl, it, tr: from ... to ..., or the dash a pause ---- */
    {"ru", "2020–2024 гг.", "две тысячи двадцатый — две тысячи двадцать четвертый годы."},
    {"ru", "Программа на 2020–2024 гг. Она принята.", "Программа на две тысячи двадцатый — две тысячи двадцать четвертый годы. Она принята."},
    {"ru", "в 2020–2024 гг. рост", "в две тысячи двадцатом — две тысячи двадцать четвертом годах рост"},
    {"ru", "в 2016-2020 годах", "в две тысячи шестнадцатом — две тысячи двадцатом годах"},
    {"ru", "до 2025–2030 гг. включительно", "до две тысячи двадцать пятого — две тысячи тридцатого годов включительно"},
    {"ru", "рост на 10–15 %", "рост на 10 — 15 процентов"},
    {"ru", "составит 10–15 %", "составит от десяти до пятнадцати процентов"},
    {"ru", "около 10–15 %", "около десяти — пятнадцати процентов"},
    {"ru", "10–15 человек", "от десяти до пятнадцати человек"},
    {"ru", "в 10–15 странах", "в десяти — пятнадцати странах"},
    {"ru", "Стратегия 2020–2030", "Стратегия 2020 — 2030"},
    {"ru", "с 1-5 мая", "с первого по пятое мая"},
    {"ru", "с 5 до 10 часов", "с пяти до десяти часов"},
    {"ru", "пункты 3-5 резолюции", "пункты от трех до пяти резолюции"},
    {"ru", "дело № 123-45", "дело № 123-45"},
    {"uk", "2020-2024", "дві тисячі двадцять — дві тисячі двадцять чотири"},
    {"uk", "у 2020–2024 рр. зросло", "у дві тисячі двадцятому — дві тисячі двадцять четвертому роках зросло"},
    {"uk", "2020–2024 роки", "дві тисячі двадцятий — дві тисячі двадцять четвертий роки"},
    {"uk", "10–15 %", "від десяти до п'ятнадцяти відсотків"},
    {"uk", "10–15 людей", "від десяти до п'ятнадцяти людей"},
    {"uk", "у 10–15 областях", "у десяти — п'ятнадцяти областях"},
    {"uk", "1–3 жовтня", "з першого по третє жовтня"},
    {"pl", "w latach 2020–2024", "w latach 2020 — 2024"},
    {"pl", "1–3 października", "od pierwszego do trzeciego października"},
    {"pl", "od 1-3 maja", "od pierwszego do trzeciego maja"},
    {"pl", "10–15%", "od dziesięciu do piętnastu procent"},
    {"pl", "10–15 osób", "od dziesięciu do piętnastu osób"},
    {"pl", "od 2020-2024 r.", "od dwa tysiące dwudziestego do dwa tysiące dwudziestego czwartego roku"},
    {"pl", "około 10–15 osób", "około 10 — 15 osób"},
    {"it", "2020-2024", "dal 2020 al 2024"},
    {"it", "10–15%", "dal 10 al 15 per cento"},
    {"it", "8-11 persone", "dall'8 all'11 persone"},
    {"it", "un aumento del 10-15%", "un aumento del 10 - 15 per cento"},
    {"tr", "2020-2024 yılları arasında", "2020 ila 2024 yılları arasında"},
    {"tr", "10–15%", "yüzde 10 ila 15"},
    {"tr", "%10-15 oranında", "yüzde 10 ila 15 oranında"},
    /* ---- Turkish ordinals with a dot in a name ---- */
    {"tr", "2. Dünya Savaşı", "İkinci Dünya Savaşı"},
    {"tr", "70. Genel Kurul", "Yetmişinci Genel Kurul"},
    {"tr", "TBMM 28. Dönem", "te be me me Yirmi sekizinci Dönem"},
    {"tr", "3. Yasama Yılı", "Üçüncü Yasama Yılı"},
    {"tr", "11. Kalkınma Planı", "On birinci Kalkınma Planı"},
    {"tr", "Sayı 7. Genel olarak iyi.", "Sayı 7. Genel olarak iyi."},
    {"tr", "Oylar 5. Bu Meclis karar verdi.", "Oylar 5. Bu Meclis karar verdi."},
    /* ---- German Abg. in the case and gender of the article before it ---- */
    {"de", "Abg. Dr. Müller (SPD)", "Abgeordneter Doktor Müller (SPD)"},
    {"de", "Der Abg. Müller hat recht.", "Der Abgeordnete Müller hat recht."},
    {"de", "Die Abg. Schmidt hat das Wort.", "Die Abgeordnete Schmidt hat das Wort."},
    {"de", "die Rede des Abg. Müller", "die Rede des Abgeordneten Müller"},
    {"de", "Ich danke dem Abg. Müller.", "Ich danke dem Abgeordneten Müller."},
    {"de", "Frau Abg. Schmidt, bitte.", "Frau Abgeordnete Schmidt, bitte."},
    {"de", "Herr Abg. Müller, bitte.", "Herr Abgeordneter Müller, bitte."},
    {"de", "Fr. Abg. Schmidt", "Frau Abgeordnete Schmidt"},
    {"de", "die Anträge der Abgg. Müller und Schmidt", "die Anträge der Abgeordneten Müller und Schmidt"},
    /* ---- Polish ordinals: digits with a dot, Roman numerals ---- */
    {"pl", "Polska zajęła 2. miejsce.", "Polska zajęła drugie miejsce."},
    {"pl", "w 3. kwartale 2024 r.", "w trzecim kwartale dwa tysiące dwudziestego czwartego roku"},
    {"pl", "na 79. sesji Zgromadzenia Ogólnego", "na siedemdziesiątej dziewiątej sesji Zgromadzenia Ogólnego"},
    {"pl", "79. sesja Zgromadzenia Ogólnego ONZ", "siedemdziesiąta dziewiąta sesja Zgromadzenia Ogólnego o en zet"},
    {"pl", "5. rocznica", "piąta rocznica"},
    {"pl", "na 10. posiedzeniu Sejmu", "na dziesiątym posiedzeniu Sejmu"},
    {"pl", "w 2. czytaniu", "w drugim czytaniu"},
    {"pl", "do 2. czytania", "do drugiego czytania"},
    {"pl", "1. edycja konferencji", "pierwsza edycja konferencji"},
    {"pl", "wynik 5. miejsca", "wynik piątego miejsca"},
    {"pl", "XX wiek", "dwudziesty wiek"},
    {"pl", "w XXI wieku", "w dwudziestym pierwszym wieku"},
    {"pl", "od XIX wieku", "od dziewiętnastego wieku"},
    {"pl", "w XX w. Europa", "w dwudziestym wieku Europa"},
    {"pl", "II wojna światowa", "druga wojna światowa"},
    {"pl", "po II wojnie światowej", "po drugiej wojnie światowej"},
    {"pl", "I wojna światowa", "pierwsza wojna światowa"},
    {"pl", "Sejm X kadencji", "Sejm dziesiątej kadencji"},
    {"pl", "Było ich 5. Potem wyszli.", "Było ich 5. Potem wyszli."},
    {"pl", "I organizacja działa.", "I organizacja działa."},
    {"pl", "Liczba: 12. nie wiem", "Liczba: 12. nie wiem"},
    {"pt", "Sr. Presidente", "senhor Presidente"},
    {"pt", "Sra. Embaixadora", "senhora Embaixadora"},
    {"pt", "a 3.ª sessão", "a terceira sessão"},
    {"nl", "de 79e zitting", "de negenenzeventigste zitting"},
    {"nl", "Dhr. Jansen", "de heer Jansen"},
    {"nl", "€ 20 miljoen", "20 miljoen euro"},
};

/* The built-in lexicons the table's languages load, as the cast loads
 * them: by the primary subtag. */
static const char *const lexicon_names[] = {"en", "fr", "es", "ru", "uk", "de", "pt", "it", "pl", "tr", "nl"};
#define LEXICON_COUNT (sizeof lexicon_names / sizeof lexicon_names[0])
static rs_lexicon *lexicons[LEXICON_COUNT];

static const rs_lexicon *lexicon_for(const char *language)
{
    size_t i;
    for (i = 0; i < LEXICON_COUNT; i++)
        if (strcmp(language, lexicon_names[i]) == 0)
            return lexicons[i];
    return NULL;
}

static void load_lexicons(void)
{
    char path[1024], err[RS__ERRMSG_SIZE];
    size_t i;
    for (i = 0; i < LEXICON_COUNT; i++) {
        FILE *f;
        char *text;
        long size;
        snprintf(path, sizeof path, "%s/voices/%s.lexicon", ROSTRUM_SOURCE_DIR, lexicon_names[i]);
        f = fopen(path, "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        size = ftell(f);
        rewind(f);
        text = calloc(1, (size_t)size + 1);
        CHECK(fread(text, 1, (size_t)size, f) == (size_t)size);
        fclose(f);
        CHECK(rs__lexicon_create(&lexicons[i]) == 0);
        CHECK(rs__lexicon_parse(lexicons[i], path, text, err, sizeof err) == 0);
        CHECK(rs__lexicon_index(lexicons[i]) == 0);
        free(text);
    }
}

static void test_table(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_norm_context ctx;
        char *out;
        memset(&ctx, 0, sizeof ctx);
        ctx.language = cases[i].language;
        ctx.lexicon = lexicon_for(cases[i].language);
        ctx.read_directions = 0;
        out = rs__normalize(cases[i].written, &ctx, NULL);
        check_count++;
        if (!out || strcmp(out, cases[i].spoken) != 0) {
            check_failures++;
            fprintf(stderr, "case %zu (%s): \"%s\"\n   expected \"%s\"\n        got \"%s\"\n", i, cases[i].language,
                    cases[i].written, cases[i].spoken, out ? out : "(null)");
        }
        rs__free(out);
    }
    fprintf(stderr, "%zu table cases\n", sizeof cases / sizeof cases[0]);
}

static void test_read_directions(void)
{
    rs_norm_context ctx = {"en", NULL, 1};
    char *out = rs__normalize("Thank you. [Applause.] Next.", &ctx, NULL);
    CHECK_STR(out, "Thank you. Applause. Next.");
    rs__free(out);
}

static void test_changes(void)
{
    rs_norm_context ctx = {"en", NULL, 0};
    rs_change_list changes = {0};
    const char *text = "Mr. Abe paid $5 to the ICJ.";
    char *out;
    ctx.lexicon = lexicon_for("en");
    out = rs__normalize(text, &ctx, &changes);
    CHECK_STR(out, "Mister Abe paid 5 dollars to the I.C.J.");
    CHECK(changes.count == 3);
    if (changes.count == 3) {
        CHECK(changes.items[0].start == 0 && changes.items[0].end == 3);
        CHECK(strstr(changes.items[0].rule, "en.lexicon:") != NULL);
        CHECK_STR(changes.items[1].spoken, "5 dollars");
        CHECK_STR(changes.items[1].rule, "currency");
        CHECK(changes.items[2].start == 23 && changes.items[2].end == 26);
        CHECK_STR(changes.items[2].rule, "acronym");
    }
    rs__changes_free(&changes);
    rs__free(out);
}

static void test_lexicon_format(void)
{
    rs_lexicon *lex = NULL;
    char err[RS__ERRMSG_SIZE];
    rs_norm_context ctx = {"en", NULL, 0};
    char *out;
    CHECK(rs__lexicon_create(&lex) == 0);
    CHECK(rs__lexicon_parse(lex, "a.lexicon", "# comment\n\nKishida = Kishee da\nICC = the Court\n", err, sizeof err) == 0);
    /* a later file wins */
    CHECK(rs__lexicon_parse(lex, "b.lexicon", "ICC = the International Criminal Court\n", err, sizeof err) == 0);
    CHECK(rs__lexicon_parse(lex, "c.lexicon", "no equals sign\n", err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(strstr(err, "c.lexicon:1:") != NULL);
    CHECK(rs__lexicon_parse(lex, "d.lexicon", " = spoken\n", err, sizeof err) == ROSTRUM_EINPUT);
    CHECK(rs__lexicon_index(lex) == 0);
    CHECK(rs__lexicon_size(lex) == 2);
    ctx.lexicon = lex;
    out = rs__normalize("Mr Kishida and the ICC; Kishidas", &ctx, NULL);
    CHECK_STR(out, "Mr Kishee da and the the International Criminal Court; Kishidas");
    rs__free(out);
    rs__lexicon_destroy(lex);
}

static void test_display_form(void)
{
    /* what chapter names are made of: markup gone, words as written */
    rs_norm_context ctx = {"en", NULL, 0, 1};
    char *out;
    ctx.lexicon = lexicon_for("en");
    out = rs__normalize("Japan and the **ICC**, Mr. Abe & $5 [Applause.]", &ctx, NULL);
    CHECK_STR(out, "Japan and the ICC, Mr. Abe & $5");
    rs__free(out);
}

/* espeak-ng reads [[ ]] as phonemes: the text never makes them, whatever
 * the rules drop between two brackets; a lexicon may. */
static void test_no_phonemes_from_text(void)
{
    static const char *const texts[] = {
        "[[h@'loU]] there", "[\xE2\x80\x8B[h@'loU]]", "\\[[x]]", "[*[x]]", "[`[x]]", "[~~[x]]",
        "[\xC2\xAD[x]]", "[_[x]]", "a [[[b]]] c", "[\xEF\xBB\xBF[x]]",
    };
    rs_lexicon *lex = NULL;
    char err[RS__ERRMSG_SIZE];
    rs_norm_context ctx = {"en", NULL, 0};
    size_t i;
    char *out;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        out = rs__normalize(texts[i], &ctx, NULL);
        CHECK(out != NULL && strstr(out, "[[") == NULL);
        if (out && strstr(out, "[["))
            fprintf(stderr, "  \"%s\" gave \"%s\"\n", texts[i], out);
        rs__free(out);
    }
    CHECK(rs__lexicon_create(&lex) == 0);
    CHECK(rs__lexicon_parse(lex, "p.lexicon", "Zed = [[s'Ek@nd]]\n", err, sizeof err) == 0);
    CHECK(rs__lexicon_index(lex) == 0);
    ctx.lexicon = lex;
    out = rs__normalize("[Zed", &ctx, NULL);
    CHECK_STR(out, "[ [[s'Ek@nd]]");
    rs__free(out);
    rs__lexicon_destroy(lex);
}

static void test_roman(void)
{
    CHECK(rs__roman_value("XIX", 3) == 19);
    CHECK(rs__roman_value("MCMXLV", 6) == 1945);
    CHECK(rs__roman_value("IIII", 4) == 0);
    CHECK(rs__roman_value("MIX", 3) == 1009);
    CHECK(rs__roman_value("ABC", 3) == 0);
}

/* Number words from rule sets made once and kept (spellout.c), asked for
 * by several threads at once, as renders on several threads ask: every
 * answer must be the words of its own rule set. Also the Ukrainian
 * oblique cases of rostrum's own rule text. */
static const struct {
    const char *locale, *ruleset;
    long long value;
    const char *words;
} spelled_cases[] = {
    {"uk", "%spellout-cardinal-masculine-genitive", 300, "трьохсот"},
    {"uk", "%spellout-cardinal-feminine-genitive", 21000, "двадцяти однієї тисячі"},
    {"uk", "%spellout-cardinal-masculine-genitive", 1000, "тисячі"},
    {"uk", "%spellout-cardinal-masculine-locative", 200, "двохстах"},
    {"uk", "%spellout-cardinal-masculine-dative", 3, "трьом"},
    {"uk", "%spellout-cardinal-masculine-ablative", 5000, "п'ятьма тисячами"},
    {"uk", "%spellout-cardinal-masculine-genitive", 1500000, "одного мільйона п'ятисот тисяч"},
    {"uk", "%spellout-ordinal-masculine-genitive", 2024, "дві тисячі двадцять четвертого"},
    {"uk", "%spellout-cardinal-feminine", 2, "дві"},
    {"pl", "%spellout-ordinal-feminine", 79, "siedemdziesiąta dziewiąta"},
    {"pl", "%spellout-ordinal-masculine-locative", 21, "dwudziestym pierwszym"},
    {"ru", "%spellout-cardinal-masculine-genitive", 500, "пятисот"},
    {"ru", "%spellout-ordinal-masculine-locative", 2024, "две тысячи двадцать четвертом"},
    {"tr", "%spellout-ordinal", 2, "ikinci"},
};
#define SPELLED_COUNT (sizeof spelled_cases / sizeof spelled_cases[0])

static void *spell_many(void *arg)
{
    size_t start = (size_t)(uintptr_t)arg, round, k, wrong = 0;
    for (round = 0; round < 200; round++)
        for (k = 0; k < SPELLED_COUNT; k++) {
            size_t c = (k + start) % SPELLED_COUNT;
            char *words = rs__spellout(spelled_cases[c].locale, spelled_cases[c].ruleset, spelled_cases[c].value);
            if (!words || strcmp(words, spelled_cases[c].words) != 0)
                wrong++;
            rs__free(words);
        }
    return (void *)(uintptr_t)wrong;
}

static void test_spellout_threads(void)
{
    pthread_t threads[4];
    size_t t, k;
    for (k = 0; k < SPELLED_COUNT; k++) {
        char *words = rs__spellout(spelled_cases[k].locale, spelled_cases[k].ruleset, spelled_cases[k].value);
        CHECK_STR(words, spelled_cases[k].words);
        rs__free(words);
    }
    /* more locale tags than the table keeps: those past it are still said */
    for (k = 0; k < 40; k++) {
        char tag[32];
        char *words;
        snprintf(tag, sizeof tag, "en-x-tag%02zu", k);
        words = rs__spellout(tag, "%spellout-numbering", 42);
        CHECK_STR(words, "forty-two");
        rs__free(words);
    }
    for (t = 0; t < 4; t++)
        CHECK(pthread_create(&threads[t], NULL, spell_many, (void *)(uintptr_t)(t * 3)) == 0);
    for (t = 0; t < 4; t++) {
        void *wrong = NULL;
        pthread_join(threads[t], &wrong);
        CHECK((uintptr_t)wrong == 0);
    }
}

int main(void)
{
    size_t i;
    load_lexicons();
    test_table();
    test_read_directions();
    test_changes();
    test_lexicon_format();
    test_display_form();
    test_no_phonemes_from_text();
    test_roman();
    test_spellout_threads();
    for (i = 0; i < LEXICON_COUNT; i++)
        rs__lexicon_destroy(lexicons[i]);
    return check_report("test_normalize");
}
