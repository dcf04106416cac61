"""Age bands of the breakdowns (DESIGN 6), from the birth year only."""

AGE_BANDS = ("0-17", "18-24", "25-34", "35-49", "50+")


def age_band(birth_year: int, in_year: int) -> str:
    """The band of someone born in *birth_year*, by the age they turn in *in_year*."""
    age = in_year - birth_year
    for lower, band in ((50, "50+"), (35, "35-49"), (25, "25-34"), (18, "18-24")):
        if age >= lower:
            return band
    return "0-17"
