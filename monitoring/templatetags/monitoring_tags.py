"""``{% monitoring_work %}``: the monitoring block of a start page, with the work of the user's role now.

The start views live in plans and review (settings.POW_START_VIEWS); their templates load this tag, so
neither app imports monitoring.
"""

from django import template

from monitoring import dashboards
from pow_portal.constants import Role

register = template.Library()

_WORK = {
    Role.REGIO: ("monitoring/includes/work_regio.html", lambda user: dashboards.region_work(user.region)),
    Role.ONDERSTEUNINGSTEAM: (
        "monitoring/includes/work_ondersteuningsteam.html",
        lambda user: dashboards.support_work(),
    ),
    Role.STUURGROEP: ("monitoring/includes/work_stuurgroep.html", lambda user: dashboards.stuurgroep_work()),
    Role.MINISTERIE: ("monitoring/includes/work_ministerie.html", lambda user: dashboards.ministry_work()),
}


@register.simple_tag(takes_context=True)
def monitoring_work(context):
    user = context["request"].user
    entry = _WORK.get(getattr(user, "role", None))
    if entry is None:
        return ""
    name, work = entry
    return template.loader.render_to_string(name, {"work": work(user), "user": user}, request=context["request"])
