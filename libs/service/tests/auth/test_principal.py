import pytest

from lgnet_service.auth import ALL_MUNICIPALITIES, InvalidClaims, Principal


def test_a_star_claim_grants_every_municipality() -> None:
    principal = Principal.from_claims("n", ["national_office"], ["*"])

    assert principal.municipalities == ALL_MUNICIPALITIES
    assert principal.sees_all
    assert principal.can_see("trieste")


def test_a_principal_sees_only_the_municipalities_it_was_given() -> None:
    principal = Principal.from_claims("op", ["operator"], ["bologna", "roma"])

    assert principal.can_see("roma")
    assert not principal.can_see("milano")
    assert not principal.sees_all


def test_has_any_is_true_when_one_of_the_roles_is_held() -> None:
    principal = Principal.from_claims("c", ["coordinator"], ["roma"])

    assert principal.has_any("operator", "coordinator")
    assert not principal.has_any("admin")


@pytest.mark.parametrize(
    ("roles", "municipalities"),
    [
        (["superuser"], ["roma"]),
        ([], ["roma"]),
        (["operator"], []),
        (["operator"], ["paris"]),
        (["operator"], ["*", "roma"]),
        (["operator"], ["Roma"]),
    ],
)
def test_unknown_roles_and_municipalities_are_refused(
    roles: list[str], municipalities: list[str]
) -> None:
    with pytest.raises(InvalidClaims):
        Principal.from_claims("x", roles, municipalities)
