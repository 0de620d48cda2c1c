"""Uploads are judged by content; bad files get a clear Dutch error and change nothing."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plans import uploads
from plans.models import PlanFile
from plans.uploads import IMAGE_ONLY, PDF_ONLY, FileKind, check_upload

from .filling import pdf_upload, png_upload

ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 200
EXE = b"MZ\x90\x00" + b"\0" * 200
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
DOCX = b"PK\x03\x04" + b"\0" * 200


def image_bytes(fmt, size=(120, 80)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_valid_files_are_accepted_with_their_hash_and_size():
    png = png_upload(size=(640, 480))
    checked = check_upload(png, allowed=IMAGE_ONLY)
    assert checked.kind == FileKind.PNG
    assert (checked.width_px, checked.height_px) == (640, 480)
    assert checked.sha256 == hashlib.sha256(png.read()).hexdigest()
    jpeg = SimpleUploadedFile("foto.jpg", image_bytes("JPEG"))
    assert check_upload(jpeg, allowed=IMAGE_ONLY).kind == FileKind.JPEG
    pdf = pdf_upload()
    assert check_upload(pdf, allowed=PDF_ONLY).kind == FileKind.PDF
    assert pdf.read(5) == b"%PDF-"  # rewound for storing


@pytest.mark.parametrize(
    ("name", "content", "allowed", "code"),
    [
        ("kaart.pdf", image_bytes("PNG"), PDF_ONLY, "wrong_type"),
        ("kaart.png", SVG, IMAGE_ONLY, "wrong_type"),
        ("plan.pdf", ELF, PDF_ONLY, "wrong_type"),
        ("plan.pdf", EXE, PDF_ONLY, "wrong_type"),
        ("plan.pdf", DOCX, PDF_ONLY, "wrong_type"),
        ("plan.pdf", b"<html><body>hoi</body></html>", PDF_ONLY, "wrong_type"),
        ("kaart.png", image_bytes("PNG")[:200], IMAGE_ONLY, "broken"),
        ("kaart.jpg", image_bytes("JPEG")[:300], IMAGE_ONLY, "broken"),
        ("plan.pdf", b"%PDF-1.4\n" + b"x" * 500, PDF_ONLY, "broken"),
        ("leeg.pdf", b"", PDF_ONLY, "empty"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, content, allowed, code):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content), allowed=allowed)
    assert error.value.code == code
    expected = {
        "wrong_type": uploads.ERROR_WRONG_TYPE.format(expected="PDF" if allowed == PDF_ONLY else "PNG of JPEG"),
        "broken": uploads.ERROR_BROKEN,
        "empty": uploads.ERROR_EMPTY,
    }[code]
    assert error.value.messages == [expected]


def test_oversized_files_are_refused(settings):
    settings.POW_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("groot.png", image_bytes("PNG", (400, 400)) + b"\0" * 2000), allowed=IMAGE_ONLY)
    assert error.value.code == "too_large"
    size = len(image_bytes("PNG", (400, 400))) + 2000
    assert error.value.messages == [uploads.ERROR_TOO_LARGE.format(size=uploads._megabytes(size), limit="0,0 MB")]


@pytest.mark.django_db
def test_a_refused_upload_in_the_browser_flow_stores_nothing(client, plan, regio_user):
    client.force_login(regio_user)
    url = reverse("plans:file-upload", args=[plan.pk, "infrastructuur"])
    response = client.post(url, {"infrastructuur-file": SimpleUploadedFile("kaart.png", SVG)}, follow=True)
    assert "Dit bestand is geen PNG of JPEG" in response.content.decode()
    assert not PlanFile.objects.exists()
    assert plan.sections.get(section="betrokkenen").version == 0


@pytest.mark.django_db
def test_files_are_served_only_to_who_may_see_the_plan(client, plan, regio_user, other_regio_user, users_by_role):
    client.force_login(regio_user)
    client.post(reverse("plans:file-upload", args=[plan.pk, "infrastructuur"]), {"infrastructuur-file": png_upload()})
    plan_file = PlanFile.objects.get()
    url = reverse("plans:file-download", args=[plan.pk, plan_file.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_regio_user)
    assert client.get(url).status_code == 404
    client.force_login(next(u for r, u in users_by_role.items() if r == "ondersteuningsteam"))
    assert client.get(url).status_code == 404  # a draft's files stay with the region


def test_private_storage_has_no_public_url():
    from plans.models import private_storage

    with pytest.raises(ValueError):
        private_storage.url("plans/1/x")
