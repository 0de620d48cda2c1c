from decimal import Decimal

import pytest

from pow_portal.money import format_euro


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1000000"), "€ 1.000.000,00"),
        (Decimal("35000000.00"), "€ 35.000.000,00"),
        (Decimal("999.995"), "€ 1.000,00"),
        (Decimal("0.5"), "€ 0,50"),
        (Decimal("-1234.5"), "-€ 1.234,50"),
        (None, ""),
    ],
)
def test_format_euro(amount, shown):
    assert format_euro(amount) == shown
