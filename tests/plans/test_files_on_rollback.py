"""A file written inside a transaction that rolls back is removed with it: no orphan on disk."""

from pathlib import Path

import pytest
from django.conf import settings

from plans import services
from plans.models import PlanFile
from tests.plans.filling import png_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_upload_whose_transaction_fails_leaves_no_file(regio_user, open_round, monkeypatch):
    plan = services.plan_get_or_create(region=regio_user.region, round=open_round)
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}

    def audit_fails(**kwargs):
        raise RuntimeError("audit database gone")

    monkeypatch.setattr(services, "audit_log", audit_fails)
    with pytest.raises(RuntimeError):
        services.file_upload(plan=plan, slot="infrastructuur", uploaded=png_upload(), by=regio_user)
    assert not PlanFile.objects.exists()
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} == before

    monkeypatch.undo()
    upload = services.file_upload(plan=plan, slot="infrastructuur", uploaded=png_upload(), by=regio_user)
    assert Path(upload.file.path).exists()  # the normal path keeps its file
