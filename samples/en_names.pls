<?xml version="1.0" encoding="UTF-8"?>
<!-- A pronunciation lexicon in the W3C PLS 1.0 format for the sample
     statements (give it to the lexicon option). Aliases are said as
     written; IPA phonemes become espeak-ng phonemes. -->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en">
  <lexeme>
    <grapheme>Veloria</grapheme>
    <phoneme>vəˈlɔːriə</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Norvania</grapheme>
    <grapheme>Norvanian</grapheme>
    <phoneme>nɔːˈveɪniə</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Marwick</grapheme>
    <alias>Mar wick</alias>
  </lexeme>
  <lexeme>
    <grapheme>ASP</grapheme>
    <alias>Assembly of States Parties</alias>
  </lexeme>
  <lexeme>
    <grapheme>Kaldoran</grapheme>
    <phoneme>ˈkældəræn</phoneme>
    <alias>Kal doran</alias>
  </lexeme>
</lexicon>
