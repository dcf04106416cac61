"""Name keys that agree across spellings: transliterated, then coded by sound.

Names from Arabic, Cyrillic, Greek, Tigrinya or Bengali reach the desk written in Latin
letters in many ways (Mohammed, Muhammad, Mouhamed; Kovalenko, Kowalenko; Yonas, Jonas).
The key transliterates what is not Latin, strips accents, then keeps a sound skeleton in the
way of Soundex: the first sound, then consonant classes, vowels dropped, repeats collapsed.
Coarse on purpose: together with the birth date it proposes candidates, it never decides.
"""

import unicodedata

#: Cyrillic and Greek letters to Latin (the common romanisations), lower case.
SCRIPTS = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
    "ё": "e",
    "ж": "zh",
    "\u0445": "kh",  # Cyrillic kha
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "\u0456": "i",  # Ukrainian i
    "ї": "yi",
    "ґ": "g",
    "ς": "s",
    **dict(zip("αβγδεζηικλμνξοπρστυφωθχψ", "avgdeziiklmnxoprstifothp", strict=True)),
    **dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "abttjhhddrzsssdtzagfkklmnhwy", strict=True)),
}
#: Spellings of one sound, rewritten before coding (longest first).
DIGRAPHS = (
    ("shch", "s"),
    ("dj", "j"),
    ("sch", "s"),
    ("tch", "c"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("sh", "s"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
)
CLASSES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}
FIRST = {**dict.fromkeys("aeiou", "a"), **dict.fromkeys("yj", "j"), **dict.fromkeys("ckq", "k")}
PREFIXES = ("al", "el", "ul")


def latin(text: str) -> str:
    """Lower-case ASCII letters only: other scripts transliterated, accents dropped."""
    mapped = "".join(SCRIPTS.get(ch, ch) for ch in text.casefold())
    plain = unicodedata.normalize("NFKD", mapped).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain if ch.isalpha() or ch.isspace())


def sound_key(name: str) -> str:
    """The sound skeleton of one name (all its words run together)."""
    words = [w for w in latin(name).split() if w not in PREFIXES]
    text = "".join(words).removesuffix("w")  # Jallow, Marlow: an English spelling of a vowel
    for spelling, sound in DIGRAPHS:
        text = text.replace(spelling, sound)
    if not text:
        return ""
    codes, last = [], CLASSES.get(text[0], "")
    for ch in text[1:]:
        code = CLASSES.get(ch, "")
        if code and code != last:
            codes.append(code)
        if ch not in "hy":  # like Soundex: h and y do not separate a repeated class
            last = code
    return FIRST.get(text[0], text[0]) + "".join(codes)[:6]


def person_key(given_names: str, family_names: str) -> str:
    """Both names coded, in either order: given and family names are often swapped."""
    return "|".join(sorted((sound_key(given_names), sound_key(family_names))))


def document_key(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())
