"""The one place for upload rules: files are judged by their content, never by name or browser claims.

A plan asks for PDFs (signed page, cooperation agreement) and a PNG/JPEG graphic. Anything else,
disguised files, broken files, empty files and files over ``settings.POW_MAX_UPLOAD_BYTES`` are
refused with a Dutch message the user can act on.
"""

import hashlib
import io
import logging
import re
import struct
import warnings
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from PIL import Image, UnidentifiedImageError

from pow_portal import clamd

logger = logging.getLogger(__name__)


class FileKind(models.TextChoices):
    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


PDF_ONLY = frozenset({FileKind.PDF})
IMAGE_ONLY = frozenset({FileKind.PNG, FileKind.JPEG})

ERROR_EMPTY = "Het bestand is leeg. Kies het bestand opnieuw."
ERROR_TOO_LARGE = "Het bestand is te groot: {size}. Het maximum is {limit}."
ERROR_WRONG_TYPE = "Dit bestand is geen {expected}. Upload een {expected}-bestand."
ERROR_BROKEN = "Het bestand is beschadigd en kan niet worden geopend. Sla het opnieuw op en probeer het nog eens."
ERROR_ACTIVE_CONTENT = (
    "Dit PDF-bestand bevat actieve inhoud ({what}). Dat is niet toegestaan. Maak een nieuwe PDF zonder deze "
    "onderdelen, bijvoorbeeld met 'Afdrukken als PDF', en upload die."
)
ERROR_POLYGLOT = (
    "Dit bestand is niet alleen een {kind}: het bevat ook andere gegevens, zoals webpagina-code. "
    "Sla het bestand opnieuw op als {kind} en probeer het nog eens."
)
ERROR_ENCRYPTED = "Dit PDF-bestand is beveiligd met een wachtwoord. Upload een PDF zonder wachtwoord."
ERROR_INFECTED = "In dit bestand is een virus of andere schadelijke software gevonden. Het bestand is niet opgeslagen."
ERROR_SCAN_UNAVAILABLE = (
    "Het bestand kan nu niet worden gecontroleerd op virussen en is daarom niet opgeslagen. "
    "Probeer het over enkele minuten opnieuw."
)

# What a PDF may not hold, by dictionary key (pikepdf gives names already decoded, so /J#53 is /JS).
_ACTIVE_KEYS = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/AA": "automatische acties",
    "/Launch": "het starten van programma's",
    "/EmbeddedFiles": "ingesloten bestanden",
    "/EmbeddedFile": "ingesloten bestanden",
    "/EF": "ingesloten bestanden",
    "/RichMedia": "multimedia",
    "/RichMediaContent": "multimedia",
    "/XFA": "een XFA-formulier",
}
# ... and by action type (/S) or annotation/object type (/Subtype, /Type).
_ACTIVE_TYPES = {
    "/JavaScript": "JavaScript",
    "/Launch": "het starten van programma's",
    "/ImportData": "formulieracties",
    "/SubmitForm": "formulieracties",
    "/GoToE": "ingesloten bestanden",
    "/RichMediaExecute": "multimedia",
    "/RichMedia": "multimedia",
    "/FileAttachment": "ingesloten bestanden",
    "/EmbeddedFile": "ingesloten bestanden",
}
# Markup a browser would take for a web page, looked for in the part of a file browsers sniff.
_HTML_SNIFF_BYTES = 1024
_HTML_RE = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|frameset|object|embed|svg|style|title|table|font|div|img"
    rb"|meta|form|a\s+href|!--)[\s>/]|javascript:",
    re.IGNORECASE,
)

_MAGIC = (
    (b"%PDF-", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
)
_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    sha256: str
    size: int
    width_px: int | None = None
    height_px: int | None = None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _expected(allowed) -> str:
    labels = [kind.label for kind in FileKind if kind in allowed]
    return " of ".join(labels)


def check_upload(uploaded, *, allowed: frozenset) -> CheckedUpload:
    """Check ``uploaded`` by content; return what it is, or raise ValidationError (nothing is stored)."""
    limit = settings.POW_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationError(ERROR_TOO_LARGE.format(size=_megabytes(size), limit=_megabytes(limit)), code="too_large")
    uploaded.seek(0)
    digest, chunks, total = hashlib.sha256(), [], 0
    for chunk in iter(lambda: uploaded.read(64 * 1024), b""):
        total += len(chunk)
        if total > limit:
            raise ValidationError(
                ERROR_TOO_LARGE.format(size=_megabytes(total), limit=_megabytes(limit)), code="too_large"
            )
        digest.update(chunk)
        chunks.append(chunk)
    uploaded.seek(0)
    content = b"".join(chunks)
    if not content:
        raise ValidationError(ERROR_EMPTY, code="empty")
    kind = next((k for magic, k in _MAGIC if content.startswith(magic)), None)
    if kind is None or kind not in allowed:
        raise ValidationError(ERROR_WRONG_TYPE.format(expected=_expected(allowed)), code="wrong_type")
    if _HTML_RE.search(content[:_HTML_SNIFF_BYTES]):
        logger.info("upload refused: markup in leading bytes", extra={"kind": kind.label})
        raise ValidationError(ERROR_POLYGLOT.format(kind=kind.label), code="polyglot")
    width = height = None
    if kind == FileKind.PDF:
        _check_pdf(content)
    else:
        _check_image_structure(content, kind)
        width, height = _check_image(content, kind)
    _scan_for_malware(content)
    return CheckedUpload(kind=kind, sha256=digest.hexdigest(), size=len(content), width_px=width, height_px=height)


def _check_pdf(content: bytes) -> None:
    """The whole file parses as one PDF, without repairs, trailing data or active content."""
    end = content.rfind(b"%%EOF")
    if end < 0:
        raise ValidationError(ERROR_BROKEN, code="broken")
    if content[end + 5 :].strip(b"\r\n\t \0"):
        raise ValidationError(ERROR_POLYGLOT.format(kind="PDF"), code="polyglot")
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            objects = list(pdf.objects)
            found = _active_content(pdf, objects)
            repaired = bool(pdf.get_warnings())
            pages = len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise ValidationError(ERROR_ENCRYPTED, code="encrypted") from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise ValidationError(ERROR_BROKEN, code="broken") from exc
    if found:
        logger.info("upload refused: active content in PDF", extra={"found": sorted(found)})
        labels = {**_ACTIVE_TYPES, **_ACTIVE_KEYS, "/OpenAction": "automatische acties"}
        what = ", ".join(sorted({labels.get(k, k) for k in found}))
        raise ValidationError(ERROR_ACTIVE_CONTENT.format(what=what), code="active_content")
    if repaired or pages == 0:
        # qpdf had to rebuild the file: bytes were inserted or removed somewhere (a polyglot or damage).
        raise ValidationError(ERROR_BROKEN, code="broken")


def _active_content(pdf, objects) -> set[str]:
    found: set[str] = set()
    open_action = pdf.Root.get("/OpenAction")
    if isinstance(open_action, pikepdf.Dictionary):
        # An action run on opening (a plain destination array, "open at page 1", is harmless).
        found.add("/OpenAction")
    for obj in [pdf.trailer, *objects]:
        _walk(obj, found, depth=0)
    return found


def _walk(obj, found: set[str], *, depth: int) -> None:
    if depth > 50:
        raise ValueError("PDF nested too deep")
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        for key in obj.keys():
            if key in _ACTIVE_KEYS:
                found.add(key)
            value = obj.get(key)
            if key in ("/S", "/Subtype", "/Type") and isinstance(value, pikepdf.Name) and str(value) in _ACTIVE_TYPES:
                found.add(str(value))
            if not getattr(value, "is_indirect", True):
                _walk(value, found, depth=depth + 1)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if not getattr(value, "is_indirect", True):
                _walk(value, found, depth=depth + 1)


def _check_image_structure(content: bytes, kind: FileKind) -> None:
    """The file ends where the image ends: nothing is hidden after it."""
    end = _png_end(content) if kind == FileKind.PNG else _jpeg_end(content)
    if end is None:
        raise ValidationError(ERROR_BROKEN, code="broken")
    if content[end:].strip(b"\0"):
        raise ValidationError(ERROR_POLYGLOT.format(kind=kind.label), code="polyglot")


def _png_end(content: bytes) -> int | None:
    offset = 8
    while offset + 12 <= len(content):
        (length,) = struct.unpack(">I", content[offset : offset + 4])
        chunk_type = content[offset + 4 : offset + 8]
        offset += 12 + length
        if chunk_type == b"IEND":
            return offset if offset <= len(content) else None
    return None


def _jpeg_end(content: bytes) -> int | None:
    offset, size = 2, len(content)
    while offset + 2 <= size:
        if content[offset] != 0xFF:
            return None
        marker = content[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0xD9:
            return offset + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            offset += 2
            continue
        if offset + 4 > size:
            return None
        (length,) = struct.unpack(">H", content[offset + 2 : offset + 4])
        offset += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while offset + 1 < size:
                if content[offset] == 0xFF and content[offset + 1] not in (0x00, *range(0xD0, 0xD8)):
                    break
                offset += 1
    return None


def _scan_for_malware(content: bytes) -> None:
    if not clamd.is_configured():
        return
    try:
        result = clamd.scan_bytes(content)
    except clamd.ScanUnavailable as exc:
        raise ValidationError(ERROR_SCAN_UNAVAILABLE, code="scan_unavailable") from exc
    if not result.clean:
        raise ValidationError(ERROR_INFECTED, code="infected")


def _check_image(content: bytes, kind: FileKind) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != kind.label or image.width * image.height > _MAX_PIXELS:
                    raise ValidationError(ERROR_BROKEN, code="broken")
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                return image.width, image.height
    except ValidationError:
        raise
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise ValidationError(ERROR_BROKEN, code="broken") from exc
