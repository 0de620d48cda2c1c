import copy
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pow_portal.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ amount|euro }}`` renders "€ 1.000.000,00"."""
    return format_euro(amount)


_ID_ATTRS = re.compile(r'(\s(?:id|for|aria-describedby|aria-labelledby)=")([^"]*)"')


def _prefixed(value, key):
    return " ".join(f"r{key}_{token}" if token.startswith("id_") else token for token in value.split())


@register.filter
def row_ids(form, key):
    """``{{ form|row_ids:p.pk }}``: the same form with ids of its own, for a form repeated per row.

    One id per page keeps the HTML valid and every label pointing at its own field. A form already rendered
    once for all rows (a string, so the page does not render it per row) gets its ids prefixed instead.
    """
    if isinstance(form, SafeString):
        # Already escaped HTML rendered by Django; only id tokens change, prefixed with the escaped row key.
        html = _ID_ATTRS.sub(lambda m: m.group(1) + _prefixed(m.group(2), escape(key)) + '"', form)
        return mark_safe(html)  # noqa: S308  # nosec B308 B703 - input was safe HTML, only its ids are prefixed
    clone = copy.copy(form)
    clone.auto_id = f"id_{type(form).__name__.lower()}_{key}_%s"
    clone._bound_fields_cache = {}
    return clone


@register.inclusion_tag("pow_portal/includes/job_counts.html")
def job_counts(page="jobs"):
    """``{% job_counts "review:pending" %}``: failed and waiting background work, with a link to the page
    that lists it ("Wacht op verwerking")."""
    from pow_portal.selectors import job_counts as counts

    return {"jobs": counts(), "page": page}
