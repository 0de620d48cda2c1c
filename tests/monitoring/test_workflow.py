"""The progress report's workflow: one table, one entry point, a history row for every move."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import services, workflow
from monitoring.constants import ReportStatus as S
from monitoring.constants import ReviewOutcome
from monitoring.models import ReportStatusChange
from pow_portal.models import AuditEvent

from .conftest import filled_report_version

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _january(monkeypatch):
    monkeypatch.setattr("pow_portal.clock.today", lambda: datetime.date(2020, 1, 20))


def test_every_state_is_in_the_table_and_only_the_drafts_are_editable():
    assert set(workflow.TRANSITIONS) == set(S.values)
    assert workflow.EDITABLE_STATES == {S.CONCEPT, S.AANVULLING_GEVRAAGD}


def test_submit_ask_more_resubmit_accept_leaves_a_history(plan, people):
    first = filled_report_version(plan, people["regio"])
    services.report_review(
        version=first, outcome=ReviewOutcome.AANVULLING_GEVRAAGD, comment="Cijfers Q4?", by=people["ot"]
    )
    second = services.report_submit(report=first.report, by=people["regio"])
    services.report_review(version=second, outcome=ReviewOutcome.GEACCEPTEERD, comment="", by=people["ot"])
    history = list(
        ReportStatusChange.objects.filter(report=first.report).values_list(
            "from_status", "to_status", "version__number", "by__username", "note"
        )
    )
    assert history == [
        (S.CONCEPT, S.INGEDIEND, 1, "m-regio", ""),
        (S.INGEDIEND, S.AANVULLING_GEVRAAGD, 1, "m-ot", "Cijfers Q4?"),
        (S.AANVULLING_GEVRAAGD, S.INGEDIEND, 2, "m-regio", ""),
        (S.INGEDIEND, S.GEACCEPTEERD, 2, "m-ot", ""),
    ]
    actions = AuditEvent.objects.filter(action__startswith="report.").order_by("id").values_list("action", flat=True)
    assert [a for a in actions if a != "report.update"] == [
        "report.ingediend",
        "report.aanvulling_gevraagd",
        "report.ingediend",
        "report.geaccepteerd",
    ]


def test_moves_outside_the_table_are_refused_with_their_own_words_and_change_nothing(plan, people):
    version = filled_report_version(plan, people["regio"])
    services.report_review(version=version, outcome=ReviewOutcome.GEACCEPTEERD, comment="", by=people["ot"])
    report = version.report
    with pytest.raises(ValidationError) as again:
        services.report_review(version=version, outcome=ReviewOutcome.GEACCEPTEERD, comment="", by=people["ot"])
    assert again.value.code == "not_submitted"
    with pytest.raises(ValidationError) as resubmit:
        services.report_submit(report=report, by=people["regio"])
    assert resubmit.value.code == "not_editable"
    with pytest.raises(PermissionDenied):  # the table names the region for a submission, not the ministry
        workflow.report_transition(report=report, target=S.INGEDIEND, by=people["szw"])
    report.refresh_from_db()
    assert report.status == S.GEACCEPTEERD
    assert ReportStatusChange.objects.filter(report=report).count() == 2


def test_nothing_but_the_workflow_sets_a_report_status():
    """Assignments to ``<report>.status`` (or ``status=`` on a report write) appear only in monitoring/workflow.py."""
    found = []
    for path in sorted((ROOT / "monitoring").rglob("*.py")):
        if "migrations" in path.parts or path.name == "workflow.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    owner = ast.unparse(target.value)
                    if "report" in owner or owner in {"row", "locked"}:
                        found.append(f"{path.name}:{node.lineno}")
    assert found == []
