"""Where the fictional people come from: nationality, languages and the sounds of their names.

Given names are common ones, in several transliterations; family names are invented from
syllables, so that no generated person is a real one and every name is easy to search for.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    nationality: str
    languages: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    family_starts: tuple[str, ...]
    family_ends: tuple[str, ...]
    weight: int


_MAGHREB_F = ("Fatima", "Fatma", "Khadija", "Khadidja", "Amina", "Aïcha", "Aicha", "Salma")
_MAGHREB_M = ("Mohamed", "Mohammed", "Muhammad", "Youssef", "Yusuf", "Hicham", "Rachid")
_ARAB_START = ("Bel", "Zar", "Haf", "Mour", "Kad", "Sal", "Ben Tab", "El Gh")
_ARAB_END = ("ouani", "addi", "imri", "ekhsi", "oufali", "arzi")

ORIGINS: tuple[Origin, ...] = (
    Origin("MA", ("ar", "ber", "fr"), _MAGHREB_F, _MAGHREB_M, _ARAB_START, _ARAB_END, 9),
    Origin("TN", ("ar", "fr"), _MAGHREB_F, _MAGHREB_M, _ARAB_START, _ARAB_END, 5),
    Origin(
        "EG",
        ("ar", "en"),
        ("Nour", "Mariam", "Yasmin", "Hoda"),
        ("Ahmed", "Ahmad", "Mahmoud", "Mostafa", "Moustafa"),
        ("Abd El ", "Shaw", "Gam"),
        ("rawi", "kiry", "alzi"),
        5,
    ),
    Origin(
        "NG",
        ("en", "yo", "ig", "ha"),
        ("Chiamaka", "Ngozi", "Blessing", "Oluwaseun"),
        ("Chinedu", "Emeka", "Oluwadamilare", "Ibrahim"),
        ("Okon", "Ade", "Nwa", "Ezi"),
        ("kwure", "bayolu", "chukwuzo", "meluba"),
        8,
    ),
    Origin(
        "SN",
        ("wo", "fr"),
        ("Awa", "Fatou", "Ndeye", "Aminata"),
        ("Mamadou", "Cheikh", "Moussa", "Babacar"),
        ("Ndia", "Fal", "Diou", "Sek"),
        ("ykane", "lobe", "fène", "ouba"),
        6,
    ),
    Origin(
        "GM",
        ("en", "wo", "mnk"),
        ("Isatou", "Mariama", "Binta"),
        ("Lamin", "Ebrima", "Modou"),
        ("Jal", "Cee", "Bojan"),
        ("lowa", "sayu", "ngoro"),
        4,
    ),
    Origin(
        "ML",
        ("bm", "fr"),
        ("Kadiatou", "Oumou", "Hawa"),
        ("Seydou", "Boubacar", "Adama"),
        ("Kou", "Trao", "Diak"),
        ("libaly", "rémy", "itéma"),
        4,
    ),
    Origin(
        "ER",
        ("ti", "ar"),
        ("Senait", "Selam", "Helen", "Luwam"),
        ("Tesfay", "Yonas", "Yohannes", "Johannes"),
        ("Gebre", "Tekle", "Haile"),
        ("mariamzgi", "weldit", "sellasyo"),
        4,
    ),
    Origin(
        "SO",
        ("so", "ar"),
        ("Hodan", "Asha", "Faadumo", "Fadumo"),
        ("Abdirahman", "Abdirahmaan", "Liban", "Guled"),
        ("Warsa", "Cali", "Xirs"),
        ("meeye", "dhoobo", "sigalo"),
        3,
    ),
    Origin(
        "AF",
        ("ps", "fa"),
        ("Zahra", "Zohra", "Mursal", "Farishta"),
        ("Ahmad Shah", "Ehsanullah", "Sayed", "Sayyid"),
        ("Naza", "Ahma", "Rah"),
        ("rizai", "dkhel", "imyar"),
        5,
    ),
    Origin(
        "PK",
        ("ur", "pa", "en"),
        ("Ayesha", "Aisha", "Sana", "Rabia"),
        ("Imran", "Bilal", "Usman", "Osman"),
        ("Chaud", "Qure", "Butt"),
        ("hravi", "shello", "arzai"),
        5,
    ),
    Origin(
        "BD",
        ("bn", "en"),
        ("Nusrat", "Taslima", "Farzana"),
        ("Rahim", "Rakib", "Shakib"),
        ("Chow", "Hossa", "Talu"),
        ("dhurimo", "inbari", "kdarlo"),
        6,
    ),
    Origin(
        "SY",
        ("ar", "ku"),
        ("Rania", "Lina", "Reem", "Rim"),
        ("Omar", "Umar", "Khaled"),
        ("Al-Has", "Haddan", "Kurd"),
        ("sabiri", "oumeh", "ijani"),
        3,
    ),
    Origin(
        "UA",
        ("uk", "ru"),
        ("Olena", "Alena", "Oksana", "Kateryna"),
        ("Oleksandr", "Aleksandr", "Dmytro", "Dmitriy"),
        ("Shevch", "Bondar", "Kovalch"),
        ("enkivsky", "uliak", "ymorenko"),
        6,
    ),
    Origin(
        "AL",
        ("sq",),
        ("Elira", "Blerina", "Anisa"),
        ("Arben", "Ilir", "Gëzim", "Gezim"),
        ("Hox", "Krasn", "Dushk"),
        ("hallari", "iqeni", "ollaj"),
        4,
    ),
    Origin(
        "PE",
        ("es", "qu"),
        ("María José", "Rosa", "Milagros"),
        ("José Luis", "Jhonatan", "Jonathan"),
        ("Quispe", "Huam", "Mam"),
        ("canqui", "aníllo", "ariqa"),
        3,
    ),
    Origin(
        "CO",
        ("es",),
        ("Valentina", "Yurani", "Daniela"),
        ("Andrés", "Andres", "Jhon Fredy"),
        ("Castañ", "Ocam", "Zulu"),
        ("edaño", "pito", "agaray"),
        2,
    ),
    Origin(
        "TR",
        ("tr", "ku"),
        ("Ayşe", "Ayse", "Zeynep"),
        ("Mehmet", "Şükrü", "Sukru"),
        ("Yildi", "Kara", "Öz"),
        ("rimli", "başoğlu", "tekinci"),
        2,
    ),
    Origin(
        "VN",
        ("vi",),
        ("Nguyễn Thị Lan", "Thu Hà", "Thu Ha"),
        ("Văn Minh", "Van Minh", "Quang Huy"),
        ("Trầ", "Phạ", "Lươ"),
        ("nthuyết", "mquyên", "ngđạo"),
        1,
    ),
)
