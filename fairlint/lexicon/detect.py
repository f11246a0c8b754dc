"""Which of the shipped languages a text is written in, for documents that do not say.

The alphabet decides first: Han characters are Chinese (zh), Devanagari is
Nepali (ne), Cyrillic is Russian or Bulgarian, Latin is English or Afrikaans.
Between two languages of one alphabet, letters only one of them uses and small
words that are frequent in one and absent from the other decide; when nothing
decides, the answer is None and the caller falls back to its default.
"""

from __future__ import annotations

import re

from fairlint.lexicon.text import words

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ASCII_WORD = re.compile(r"\w+")

# Russian letters Bulgarian does not have.
_RUSSIAN_LETTERS = re.compile(r"[ыэё]", re.IGNORECASE)
# Bulgarian ъ is a vowel inside words ("към", "съм", "България"); in Russian it is a rare hard sign.
_BULGARIAN_VOWEL_Ъ = re.compile(r"ъ(?![еёюя])", re.IGNORECASE)
_RUSSIAN_WORDS = {
    "это", "что", "вы", "мы", "он", "они", "для", "его", "уже", "ещё", "еще", "будет", "если", "только",
    "есть", "можно", "нужно", "вам", "очень", "сегодня", "всё", "все", "когда", "чтобы", "который",
    "которые", "спасибо", "пожалуйста", "где", "здесь", "ваш", "ваша", "ваше", "наш", "наша",
}
_BULGARIAN_WORDS = {
    "това", "са", "ще", "със", "към", "сме", "съм", "е", "какво", "тук", "днес", "ние", "вие", "може",
    "трябва", "благодаря", "моля", "кога", "който", "които", "също", "само", "нашите", "вашия", "вашата",
    "отстъпка", "вече", "ако", "къде", "всички",
}
# Afrikaans "'n" (a) is counted apart: it is not a word to the word pattern.
_AFRIKAANS_WORDS = {
    "die", "en", "van", "nie", "jou", "ons", "vir", "met", "het", "word", "wat", "ook", "sal", "hierdie",
    "baie", "julle", "ek", "u", "nou", "kry", "koop", "winkel", "prys", "pryse", "afslag", "gratis",
    "aflewering", "dankie", "asseblief", "enige", "iets", "gaan", "moet", "kan", "sy",
}
_ENGLISH_WORDS = {
    "the", "and", "of", "to", "you", "your", "our", "for", "with", "we", "this", "that", "will", "are",
    "a", "an", "on", "it", "be", "have", "has", "can", "get", "now", "free", "price", "off", "what",
    "would", "like", "thanks", "please", "any", "from", "all", "just", "only",
}


def detect_locale(text: str) -> str | None:
    """The shipped locale ``text`` is most likely written in, or None when it cannot tell."""
    if text.isascii():  # no Han, kana, Devanagari or Cyrillic in it: only whether there are Latin letters
        han = kana = 0
        scripts = {"han": 0, "devanagari": 0, "cyrillic": 0, "latin": 1 if _LATIN.search(text) else 0}
    else:
        han, kana = len(_HAN.findall(text)), len(_KANA.findall(text))
        scripts = {
            "han": han,
            # A word of an alphabetic script is some five letters; a Han character is about one word.
            "devanagari": len(_DEVANAGARI.findall(text)) / 4,
            "cyrillic": len(_CYRILLIC.findall(text)) / 5,
            "latin": len(_LATIN.findall(text)) / 5,
        }
    alphabet = max(scripts, key=scripts.get)
    if scripts[alphabet] == 0:
        return None
    if alphabet == "han":
        return None if kana > han / 2 else "zh"  # Japanese mixes kana with its Han characters
    if alphabet == "devanagari":
        return "ne"
    if text.isascii():  # words are \w runs there; lower-casing first cannot change them
        lower = _ASCII_WORD.findall(text.lower())
    else:
        lower = [w.lower() for w in words(text.replace("’", "'"))]
    if alphabet == "cyrillic":
        russian = 2 * len(_RUSSIAN_LETTERS.findall(text)) + sum(w in _RUSSIAN_WORDS for w in lower)
        bulgarian = len(_BULGARIAN_VOWEL_Ъ.findall(text)) + sum(w in _BULGARIAN_WORDS for w in lower)
        return "bg" if bulgarian > russian else "ru"
    afrikaans = sum(w in _AFRIKAANS_WORDS for w in lower) + len(re.findall(r"(?<!\w)['’]n(?!\w)", text))
    english = sum(w in _ENGLISH_WORDS for w in lower)
    if afrikaans > english:
        return "af"
    return "en" if english else None
