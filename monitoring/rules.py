"""The monitoring rules, in one place: which reports a region owes, whether it attended enough.

Seed 002: "Deelname door arbeidsmarktregio's aan deze bijeenkomsten is niet vrijblijvend. Het is een
voorwaarde voor de extra middelen." The portal reads that as: at every landelijke bijeenkomst held up
to the evaluation the region was present or had sent apologies, and it was present at least at half.
"""

from django.utils.translation import gettext_lazy as _

from .constants import AttendanceStatus

REASON_NOT_RECORDED = _("Geen deelname vastgelegd voor %(meeting)s.")
REASON_ABSENT = _("Afwezig zonder afmelding bij %(meeting)s.")
REASON_TOO_FEW = _("Aanwezig bij %(present)s van de %(total)s landelijke bijeenkomsten; ten minste de helft is nodig.")


def attendance_verdict(meetings, attendance_by_meeting: dict) -> tuple[bool, list[str]]:
    """(ok, reasons) for one region. ``meetings``: the counted meetings held so far; the dict maps
    meeting id to the region's attendance status."""
    reasons = []
    present = 0
    for meeting in meetings:
        status = attendance_by_meeting.get(meeting.pk)
        if status is None:
            reasons.append(str(REASON_NOT_RECORDED % {"meeting": meeting.title}))
        elif status == AttendanceStatus.AFWEZIG:
            reasons.append(str(REASON_ABSENT % {"meeting": meeting.title}))
        elif status == AttendanceStatus.AANWEZIG:
            present += 1
    total = len(meetings)
    if total and present * 2 < total:
        reasons.append(str(REASON_TOO_FEW % {"present": present, "total": total}))
    return not reasons, reasons


def report_is_on_time(period, submitted_on) -> bool:
    return submitted_on <= period.due_on
