"""Fill a plan through the real services, the way a region does in the browser."""

from plans.samples import pdf_bytes, pdf_upload, plan_fill, png_upload

__all__ = ["PARAGRAPH", "fill_plan", "pdf_bytes", "pdf_upload", "png_upload"]

PARAGRAPH = (
    "<p>De arbeidsmarkt in de regio is krap: in zorg, techniek en logistiek staan veel vacatures open, terwijl "
    "een grote groep werkzoekenden met een afstand tot de arbeidsmarkt nog niet aan de slag is.</p>"
)


def fill_plan(plan, user):
    aanpak = ("aanbod", "vraag", "route", "scholing", "aanspreekpunt", "wsp", "harmonisatie", "planning")
    content = {
        "analyse": {"parts": {"tekst": PARAGRAPH * 3}},
        "ambitie": {
            "parts": {"verbetering": PARAGRAPH},
            "data": {
                "matches_total": 400,
                "matches_2019": 150,
                "reguliere_baan": 300,
                "leerwerkplek": 80,
                "basisbaan": 20,
            },
        },
        "aanpak": {"parts": {k: f"<p>{k}: concrete activiteiten met partners.</p>" for k in aanpak}},
        "betrokkenen": {
            "data": {
                "parties": [
                    {"name": "Gemeente Helmond", "kind": "gemeente", "role": "Centrumgemeente, trekker"},
                    {"name": "UWV", "kind": "uwv", "role": "Werkgeversdienstverlening"},
                    {"name": "Ondernemend Helmond", "kind": "werkgever", "role": "Werkgeversvertegenwoordiger"},
                    {"name": "Summa College", "kind": "onderwijs", "role": "Scholing en praktijkleren"},
                ]
            }
        },
        "instrumenten": {
            "data": {
                "rows": [{"party": "UWV", "instrument": "No-riskpolis", "money": "250000.00", "capacity": "2 fte"}]
            }
        },
        "overige_afspraken": {"parts": {"tekst": "<p>Afspraken over monitoring en communicatie.</p>"}},
        "ondertekening": {
            "data": {
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
            }
        },
        "contactpersoon": {
            "data": {
                "name": "C. Contact",
                "function": "Beleidsadviseur",
                "email": "c@helmond.nl",
                "phone": "0492 587 587",
            }
        },
    }
    uploads = {
        "infrastructuur": png_upload(),
        "ondertekening": pdf_upload(),
        "samenwerkingsovereenkomst": pdf_upload("overeenkomst.pdf"),
    }
    return plan_fill(plan=plan, by=user, content=content, uploads=uploads)
