"""Money is Decimal everywhere and shown the Dutch way: "€ 1.000.000,00"."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def format_euro(amount: Decimal | int | None) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"
