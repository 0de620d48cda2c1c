"""Fill a plan through the real services, the way a region does in the browser."""

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plans import services

PARAGRAPH = (
    "<p>De arbeidsmarkt in de regio is krap: in zorg, techniek en logistiek staan veel vacatures open, terwijl "
    "een grote groep werkzoekenden met een afstand tot de arbeidsmarkt nog niet aan de slag is.</p>"
)


def png_upload(name="infrastructuur.png", size=(800, 500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 104, 155)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_bytes(comment: bytes = b"") -> bytes:
    """A small but real one-page PDF (the upload check parses the whole file); ``comment`` makes it differ."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if comment:
        pdf.docinfo["/Subject"] = comment.decode()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def pdf_upload(name="ondertekend.pdf", comment=b""):
    return SimpleUploadedFile(name, pdf_bytes(comment), content_type="application/pdf")


def _save(plan, key, user, parts=None, data=None):
    row = plan.sections.get(section=key)
    return services.section_update(section=row, parts=parts, data=data, expected_version=row.version, by=user)


def fill_plan(plan, user):
    _save(plan, "analyse", user, parts={"tekst": PARAGRAPH * 3})
    _save(
        plan,
        "ambitie",
        user,
        parts={"verbetering": PARAGRAPH},
        data={"matches_total": 400, "matches_2019": 150, "reguliere_baan": 300, "leerwerkplek": 80, "basisbaan": 20},
    )
    _save(
        plan,
        "aanpak",
        user,
        parts={
            k: f"<p>{k}: concrete activiteiten met partners.</p>"
            for k in ("aanbod", "vraag", "route", "scholing", "aanspreekpunt", "wsp", "harmonisatie", "planning")
        },
    )
    _save(
        plan,
        "betrokkenen",
        user,
        data={
            "parties": [
                {"name": "Gemeente Helmond", "kind": "gemeente", "role": "Centrumgemeente, trekker"},
                {"name": "UWV", "kind": "uwv", "role": "Werkgeversdienstverlening"},
                {"name": "Ondernemend Helmond", "kind": "werkgever", "role": "Werkgeversvertegenwoordiger"},
                {"name": "Summa College", "kind": "onderwijs", "role": "Scholing en praktijkleren"},
            ]
        },
    )
    services.file_upload(plan=plan, slot="infrastructuur", uploaded=png_upload(), by=user)
    _save(
        plan,
        "instrumenten",
        user,
        data={"rows": [{"party": "UWV", "instrument": "No-riskpolis", "money": "250000.00", "capacity": "2 fte"}]},
    )
    _save(plan, "overige_afspraken", user, parts={"tekst": "<p>Afspraken over monitoring en communicatie.</p>"})
    _save(
        plan,
        "ondertekening",
        user,
        data={
            "signatories": [
                {
                    "salutation": "heer",
                    "name": "A. Wethouder",
                    "function": "Wethouder werk & inkomen",
                    "organisation": "Gemeente Helmond",
                },
                {"name": "B. Voorzitter", "function": "Voorzitter", "organisation": "VNO-NCW Brabant Zeeland"},
            ],
            "declaration_a": True,
            "declaration_b": True,
            "declaration_c": True,
            "signed_on": "2019-04-01",
        },
    )
    services.file_upload(plan=plan, slot="ondertekening", uploaded=pdf_upload(), by=user)
    _save(
        plan,
        "contactpersoon",
        user,
        data={"name": "C. Contact", "function": "Beleidsadviseur", "email": "c@helmond.nl", "phone": "0492 587 587"},
    )
    services.file_upload(plan=plan, slot="samenwerkingsovereenkomst", uploaded=pdf_upload("overeenkomst.pdf"), by=user)
    return plan
