import pytest

from intake.domain.phonetics import document_key, latin, person_key, sound_key


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammed", "Muhammad", "Mohamed", "Mouhamed", "Мухаммед"),
        ("Kovalenko", "Kowalenko", "Коваленко"),
        ("Yonas", "Jonas", "Younes"),
        ("Tesfay", "Tesfaye"),
        ("Amina", "Aminah", "Ameena"),
        ("Jallow", "Djalo", "Djallo"),
        ("Abdelrahman", "Abdul Rahman"),
        ("Nikolaos", "Νικόλαος"),
    ],
)
def test_spellings_of_one_name_share_a_sound_key(spellings: tuple[str, ...]) -> None:
    assert len({sound_key(name) for name in spellings}) == 1


def test_different_names_keep_different_keys() -> None:
    assert sound_key("Amina") != sound_key("Fatima")
    assert sound_key("Olena") != sound_key("Oleksandr")


def test_other_scripts_and_accents_become_plain_latin() -> None:
    assert latin("Алёна Ğül") == "alena gul"


def test_given_and_family_names_swapped_give_the_same_person_key() -> None:
    assert person_key("Yonas", "Tesfay") == person_key("Tesfaye", "Jonas")


def test_document_numbers_are_compared_without_spaces_or_case() -> None:
    assert document_key("xk 123-4567") == document_key("XK1234567")
