"""Attacks through the upload form: each is refused with a clear Dutch message and changes nothing.

Every attack goes through the browser flow (the upload view) and is then checked to have left no
PlanFile row, no stored file and no new section version behind. ``ATTACKS`` is the list the issue's
note counts.
"""

import io
import os
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from plans import uploads
from plans.models import PlanFile
from plans.services import SLOT_SECTION
from pow_portal import clamd
from tests.clamd_double import EICAR, ClamdDouble

from .filling import pdf_bytes, png_upload

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _pdf(change=None, **save) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if change:
        change(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, **save)
    return buffer.getvalue()


def _js_open_action(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


def _js_name_tree(pdf):
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["a", action])))


def _page_additional_action(pdf):
    uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=uri)


def _launch_link(pdf):
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100], A=launch)
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([link]))


def _launch_open_action(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))


def _embedded_file(pdf):
    pdf.attachments["factuur.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really a program")


def _rich_media(pdf):
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.RichMedia, Rect=[0, 0, 10, 10])
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _xfa_form(pdf):
    xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)


def _encrypted() -> bytes:
    return _pdf(encryption=pikepdf.Encryption(user="geheim", owner="geheimer"))


def _hidden_in_object_stream() -> bytes:
    """JavaScript in a compressed object stream: invisible to a byte scan, found by parsing."""
    content = _pdf(_js_name_tree, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    assert b"/JavaScript" not in content and b"/JS" not in content
    return content


def _image(fmt, *, text=None) -> bytes:
    buffer = io.BytesIO()
    info = None
    if text is not None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", text)
    Image.new("RGB", (200, 120), (1, 104, 155)).save(buffer, format=fmt, **({"pnginfo": info} if info else {}))
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
    return buffer.getvalue()


def _inserted_in_the_middle() -> bytes:
    content = pdf_bytes()
    cut = content.index(b"2 0 obj")
    return content[:cut] + b"%" + b"x" * 1500 + b"\n" + content[cut:]


def _png_with_eicar() -> bytes:
    return _image("PNG", text=EICAR.decode())


#: (attack, slot, file name, content maker, error code)
ATTACKS = [
    (
        "PDF: JavaScript bij openen (/OpenAction /JS)",
        "ondertekening",
        "a.pdf",
        lambda: _pdf(_js_open_action),
        "active_content",
    ),
    (
        "PDF: JavaScript in de namenboom (/Names /JavaScript)",
        "ondertekening",
        "a.pdf",
        lambda: _pdf(_js_name_tree),
        "active_content",
    ),
    (
        "PDF: JavaScript verstopt in een gecomprimeerde objectstroom",
        "ondertekening",
        "a.pdf",
        _hidden_in_object_stream,
        "active_content",
    ),
    (
        "PDF: automatische actie op een pagina (/AA)",
        "ondertekening",
        "a.pdf",
        lambda: _pdf(_page_additional_action),
        "active_content",
    ),
    (
        "PDF: programma starten via een link (/Launch)",
        "samenwerkingsovereenkomst",
        "a.pdf",
        lambda: _pdf(_launch_link),
        "active_content",
    ),
    (
        "PDF: programma starten bij openen (/OpenAction /Launch)",
        "ondertekening",
        "a.pdf",
        lambda: _pdf(_launch_open_action),
        "active_content",
    ),
    (
        "PDF: ingesloten bestand (/EmbeddedFiles)",
        "ondertekening",
        "a.pdf",
        lambda: _pdf(_embedded_file),
        "active_content",
    ),
    ("PDF: multimedia (/RichMedia)", "ondertekening", "a.pdf", lambda: _pdf(_rich_media), "active_content"),
    ("PDF: XFA-formulier", "ondertekening", "a.pdf", lambda: _pdf(_xfa_form), "active_content"),
    ("PDF met HTML erachter", "ondertekening", "a.pdf", lambda: pdf_bytes() + HTML, "polyglot"),
    (
        "PDF met HTML vooraan (in een commentaarregel)",
        "ondertekening",
        "a.pdf",
        lambda: b"%PDF-1.7\n%" + HTML + b"\n" + pdf_bytes(),
        "polyglot",
    ),
    ("HTML met PDF erachter", "ondertekening", "a.pdf", lambda: HTML + pdf_bytes(), "wrong_type"),
    ("PDF met ingevoegde bytes midden in het bestand", "ondertekening", "a.pdf", _inserted_in_the_middle, "broken"),
    ("PDF met wachtwoord", "ondertekening", "a.pdf", _encrypted, "encrypted"),
    ("PNG met HTML erachter", "infrastructuur", "k.png", lambda: _image("PNG") + HTML, "polyglot"),
    ("PNG met ZIP erachter", "infrastructuur", "k.png", lambda: _image("PNG") + _zip(), "polyglot"),
    (
        "PNG met script in een tekstblok",
        "infrastructuur",
        "k.png",
        lambda: _image("PNG", text=HTML.decode()),
        "polyglot",
    ),
    ("JPEG met HTML erachter", "infrastructuur", "k.jpg", lambda: _image("JPEG") + HTML, "polyglot"),
    ("JPEG met PDF erachter", "infrastructuur", "k.jpg", lambda: _image("JPEG") + pdf_bytes(), "polyglot"),
    (
        "SVG met script als PNG",
        "infrastructuur",
        "k.png",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "wrong_type",
    ),
]

MESSAGES = {
    "active_content": "Dit PDF-bestand bevat actieve inhoud (",
    "polyglot": "Dit bestand is niet alleen een ",
    "wrong_type": "Dit bestand is geen ",
    "broken": uploads.ERROR_BROKEN,
    "encrypted": uploads.ERROR_ENCRYPTED,
    "infected": uploads.ERROR_INFECTED,
    "scan_unavailable": uploads.ERROR_SCAN_UNAVAILABLE,
}


def _stored_files(settings) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(settings.MEDIA_ROOT) for f in files]


def _attempt(client, plan, settings, slot, name, content):
    """Upload through the view; return the page's text after the redirect, asserting nothing changed."""
    before = _stored_files(settings)
    version = plan.sections.get(section=SLOT_SECTION[slot]).version
    url = reverse("plans:file-upload", args=[plan.pk, slot])
    response = client.post(url, {f"{slot}-file": SimpleUploadedFile(name, content)}, follow=True)
    assert response.status_code == 200
    assert not PlanFile.objects.exists()
    assert _stored_files(settings) == before
    assert plan.sections.get(section=SLOT_SECTION[slot]).version == version
    return response.content.decode()


def _check_refused(text, code):
    from django.utils.html import escape

    assert escape(MESSAGES[code]) in text, text[:3000]
    assert "Het bestand is opgeslagen" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("attack", "slot", "name", "make", "code"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_upload_attack_is_refused_and_changes_nothing(
    client, plan, regio_user, settings, attack, slot, name, make, code
):
    client.force_login(regio_user)
    content = make()
    with pytest.raises(ValidationError) as error:  # the check itself names the reason by code
        uploads.check_upload(
            SimpleUploadedFile(name, content), allowed=uploads.PDF_ONLY if name.endswith("pdf") else uploads.IMAGE_ONLY
        )
    assert error.value.code == code
    _check_refused(_attempt(client, plan, settings, slot, name, content), code)


def test_active_content_message_names_what_was_found():
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(SimpleUploadedFile("a.pdf", _pdf(_js_open_action)), allowed=uploads.PDF_ONLY)
    assert error.value.messages == [uploads.ERROR_ACTIVE_CONTENT.format(what="JavaScript, automatische acties")]


def test_an_open_action_that_only_opens_a_page_is_accepted():
    def goto(pdf):
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])

    checked = uploads.check_upload(SimpleUploadedFile("a.pdf", _pdf(goto)), allowed=uploads.PDF_ONLY)
    assert checked.kind == uploads.FileKind.PDF


# ------------------------------------------------------------------------------
# Virus scan through clamd (a test double speaking clamd's real protocol)
# ------------------------------------------------------------------------------
@pytest.fixture
def clamd_tcp(settings):
    double = ClamdDouble.tcp()
    settings.POW_CLAMD_ADDRESS = double.address
    yield double
    double.stop()


@pytest.mark.django_db
def test_clean_upload_is_scanned_and_stored(client, plan, regio_user, clamd_tcp):
    client.force_login(regio_user)
    png = png_upload()
    content = png.read()
    png.seek(0)
    response = client.post(reverse("plans:file-upload", args=[plan.pk, "infrastructuur"]), {"infrastructuur-file": png})
    assert response.status_code == 302
    assert PlanFile.objects.count() == 1
    assert clamd_tcp.scanned == [content]


@pytest.mark.django_db
def test_infected_upload_is_refused_and_changes_nothing(client, plan, regio_user, settings, clamd_tcp):
    client.force_login(regio_user)
    text = _attempt(client, plan, settings, "infrastructuur", "k.png", _png_with_eicar())
    _check_refused(text, "infected")
    assert clamd_tcp.server.commands == ["INSTREAM"]


@pytest.mark.django_db
def test_upload_is_refused_when_clamd_is_down(client, plan, regio_user, settings):
    double = ClamdDouble.tcp()
    settings.POW_CLAMD_ADDRESS = double.address
    double.stop()  # configured, but nobody answers
    client.force_login(regio_user)
    text = _attempt(client, plan, settings, "infrastructuur", "k.png", _image("PNG"))
    _check_refused(text, "scan_unavailable")
    assert "kan nu niet worden gecontroleerd" in text


def test_clamd_client_over_a_unix_socket(settings, tmp_path):
    double = ClamdDouble.unix(tmp_path / "clamd.sock")
    settings.POW_CLAMD_ADDRESS = double.address
    try:
        assert clamd.scan_bytes(b"gewoon een bestand").clean
        result = clamd.scan_bytes(b"x" * 200_000 + EICAR)  # several chunks
        assert not result.clean
        assert result.signature == "Eicar-Test-Signature"
        assert double.scanned[1] == b"x" * 200_000 + EICAR
    finally:
        double.stop()


def test_without_clamd_configured_nothing_is_scanned(settings):
    settings.POW_CLAMD_ADDRESS = ""
    assert uploads.check_upload(SimpleUploadedFile("k.png", _png_with_eicar()), allowed=uploads.IMAGE_ONLY)


@pytest.mark.django_db
def test_uploaded_files_are_downloaded_as_attachments(client, plan, regio_user):
    client.force_login(regio_user)
    client.post(reverse("plans:file-upload", args=[plan.pk, "ondertekening"]), {"ondertekening-file": _pdf_file()})
    plan_file = PlanFile.objects.get()
    response = client.get(reverse("plans:file-download", args=[plan.pk, plan_file.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def _pdf_file():
    return SimpleUploadedFile("ondertekend.pdf", pdf_bytes())


def test_a_pdf_made_by_weasyprint_is_accepted():
    """A real-world tagged PDF (the portal's own kind) passes the structural and active-content checks."""
    content = _portal_pdf()
    assert (
        uploads.check_upload(SimpleUploadedFile("p.pdf", content), allowed=uploads.PDF_ONLY).kind == "application/pdf"
    )


def _portal_pdf() -> bytes:
    from pow_portal.pdf import html_to_document

    html = "<html lang='nl'><head><title>Test</title></head><body><h1>Kop</h1><p>Tekst.</p></body></html>"
    return html_to_document(html).write_pdf(pdf_variant="pdf/ua-1")
