"""The one place for upload rules: files are judged by their content, never by name or browser claims.

A plan asks for PDFs (signed page, cooperation agreement) and a PNG/JPEG graphic. Anything else,
disguised files, broken files, empty files and files over ``settings.POW_MAX_UPLOAD_BYTES`` are
refused with a Dutch message the user can act on.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from PIL import Image, UnidentifiedImageError


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
    width = height = None
    if kind == FileKind.PDF:
        if len(content) < 60 or b"%%EOF" not in content[-2048:]:
            raise ValidationError(ERROR_BROKEN, code="broken")
    else:
        width, height = _check_image(content, kind)
    return CheckedUpload(kind=kind, sha256=digest.hexdigest(), size=len(content), width_px=width, height_px=height)


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
