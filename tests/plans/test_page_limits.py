"""The A4 measure equals the page count of the exported plan PDF, just under, at and just over each limit."""

import io
import math
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from plans import page_limits
from plans.constants import Section
from plans.models import private_storage
from plans.printing import plan_section_pages, render_plan_html, render_plan_pdf
from pow_portal.models import ProgrammeRound

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "<p>Werkgevers in de regio zoeken mensen voor zorg, techniek en logistiek. Samen met UWV, gemeenten en "
    "onderwijs brengen wij werkzoekenden en werkplekken bij elkaar, met begeleiding op maat.</p>"
)
TEXT_PART = {
    "analyse": "tekst",
    "ambitie": "verbetering",
    "aanpak": "aanbod",
    "betrokkenen": "samenwerking",
    "instrumenten": "toelichting",
    "overige_afspraken": "tekst",
}


def snapshot(paragraphs: dict[str, int] | None = None, files=None):
    paragraphs = paragraphs or {}
    return {
        "region": "Helmond-De Peel",
        "centrumgemeente": "Helmond",
        "round": "2019-2020",
        "sections": {
            key.value: {
                "parts": {TEXT_PART[key.value]: PARAGRAPH * paragraphs[key.value]} if key.value in paragraphs else {},
                "data": {},
                "version": 1,
            }
            for key in Section
        },
        "files": files or {},
    }


def measure(key, n):
    return page_limits.measure_section(snapshot({key: n}), key)


def paragraphs_at_limit(key, limit):
    """The largest number of paragraphs that still fits the limit (the measure grows with the text)."""
    low, high = 0, 4
    while measure(key, high) <= limit:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if measure(key, middle) <= limit else (low, middle)
    return low


@pytest.fixture(scope="module")
def limits(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return page_limits.section_limits(ProgrammeRound.objects.current())


@pytest.fixture(scope="module")
def at_limit(limits, django_db_blocker):
    with django_db_blocker.unblock():
        return {key: paragraphs_at_limit(key, limit) for key, limit in limits.items()}


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["just-under", "at", "just-over"])
def test_measure_equals_the_page_count_in_the_plan_pdf(limits, at_limit, offset):
    counts = {key: n + offset for key, n in at_limit.items()}
    snap = snapshot(counts)
    html = render_plan_html(snap, version_number=1, submitted_at=timezone.now())
    pdf_pages = plan_section_pages(html)
    for key, limit in limits.items():
        measured = page_limits.measure_section(snap, key)
        assert pdf_pages[key] == math.ceil(measured), (key, measured, pdf_pages[key])
        if offset <= 0:
            assert measured <= limit, (key, measured)
        else:
            assert measured > limit, (key, measured)


def test_sections_without_text_take_one_page_in_the_pdf():
    snap = snapshot()
    pages = plan_section_pages(render_plan_html(snap, version_number=1, submitted_at=timezone.now()))
    assert set(pages) == {key.value for key in Section}
    assert all(n == 1 for n in pages.values())
    assert Decimal(0) < page_limits.measure_section(snap, "analyse") < Decimal("0.3")


def test_the_measure_grows_with_the_text_and_half_a_page_reads_as_half():
    values = [measure("analyse", n) for n in (1, 4, 8, 16, 24)]
    assert values == sorted(values)
    half = next(n for n in range(1, 40) if measure("analyse", n) >= Decimal("0.5"))
    assert Decimal("0.45") <= measure("analyse", half) <= Decimal("0.6")


def test_the_infrastructure_graphic_counts_at_its_printed_size():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (1, 104, 155)).save(buffer, format="PNG")
    path = private_storage.save("plans/test/infra.png", ContentFile(buffer.getvalue()))
    files = {"infrastructuur": {"name": "infra.png", "sha256": "x" * 64, "path": path, "content_type": "image/png"}}
    without = page_limits.measure_section(snapshot({"betrokkenen": 2}), "betrokkenen")
    with_image = page_limits.measure_section(snapshot({"betrokkenen": 2}, files), "betrokkenen")
    assert with_image - without > Decimal("0.3")


def test_the_pdf_uses_only_the_shipped_font_and_is_tagged(tmp_path):
    pdf = render_plan_pdf(snapshot({"analyse": 2}), version_number=3, submitted_at=timezone.now())
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("PoW-Fira-Sans" in name for name in names), names
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Helmond-De Peel" in text and "pagina 2 van" in text


def test_the_verdict_names_each_section_over_its_limit_and_the_excess(at_limit):
    snap = snapshot({"ambitie": at_limit["ambitie"] + 3, "analyse": 1})
    verdicts = page_limits.measure_verdicts(snap, ProgrammeRound.objects.current())
    over = [v for v in verdicts.values() if v.over]
    assert [o.key for o in over] == ["ambitie"]
    assert over[0].excess > 0 and over[0].limit_label == "max 1 A4"
    assert over[0].message.startswith(f"Dit onderdeel is {over[0].shown} A4; het maximum is 1 A4.")
    assert not verdicts["analyse"].over and verdicts["analyse"].message == "" and verdicts["analyse"].excess == 0


def test_a_verdict_at_exactly_the_limit_is_not_over():
    at = page_limits.verdict("ambitie", "1.00", 1)
    assert not at.over and at.percent == 100 and at.excess_shown == ""
    just_over = page_limits.verdict("ambitie", "1.01", 1)
    assert just_over.over and just_over.excess_shown == "0,1"
