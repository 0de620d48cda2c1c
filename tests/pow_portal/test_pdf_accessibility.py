"""Every PDF the portal makes is tagged (PDF/UA) with a title and a language.

The plan version PDF, the decision letter and the payment list are made through the real services and
read back with pikepdf: a structure tree, ``/MarkInfo /Marked true``, ``/Lang`` in the catalogue, a
``dc:title`` in the XMP metadata with ``DisplayDocTitle`` set, and the PDF/UA identification.
"""

import io

import pikepdf
import pytest

from review.exports import export_pdf
from review.models import Decision, Payment
from tests import world
from tests.factories import UserFactory


def pdf_ua_problems(content: bytes) -> list[str]:
    problems = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
            problems.append("no /MarkInfo /Marked true")
        if "/StructTreeRoot" not in root:
            problems.append("no /StructTreeRoot")
        if not str(root.get("/Lang", "")).strip():
            problems.append("no /Lang")
        prefs = root.get("/ViewerPreferences")
        if not (prefs and bool(prefs.get("/DisplayDocTitle"))):
            problems.append("no /ViewerPreferences /DisplayDocTitle")
        with pdf.open_metadata() as meta:
            if not str(meta.get("dc:title", "")).strip():
                problems.append("no dc:title")
            if str(meta.get("pdfuaid:part", "")) != "1":
                problems.append("no pdfuaid:part 1")
    return problems


@pytest.mark.django_db
def test_every_pdf_the_portal_makes_is_tagged_with_title_and_language(open_round, django_capture_on_commit_callbacks):
    ot = UserFactory(username="ua-ot", ondersteuningsteam=True)
    sg = UserFactory(username="ua-sg", stuurgroep=True)
    szw = UserFactory(username="ua-szw", ministerie=True)
    with django_capture_on_commit_callbacks(execute=True):
        plan = world.plan_approved(UserFactory(username="ua-regio", regio=True), open_round, ot=ot, sg=sg, szw=szw)
    version = plan.versions.get()
    decision = Decision.objects.get(plan=plan)
    payment = Payment.objects.get(decision=decision)
    pdfs = {
        "plan version": version.pdf.open("rb").read(),
        "decision letter": decision.letter.open("rb").read(),
        "payment list": export_pdf(payment.circulaire),
    }
    found = {name: pdf_ua_problems(content) for name, content in pdfs.items()}
    with pikepdf.open(io.BytesIO(pdfs["plan version"])) as pdf, pdf.open_metadata() as meta:
        assert str(pdf.Root.Lang) == "nl"
        assert plan.region.name in str(meta["dc:title"])
    assert found == {name: [] for name in pdfs}
    print(f"\nPDF/UA: {len(pdfs)} kinds of PDF checked: {', '.join(pdfs)}")


def test_the_check_finds_an_untagged_pdf():
    from tests.plans.filling import pdf_bytes

    assert len(pdf_ua_problems(pdf_bytes())) == 6
