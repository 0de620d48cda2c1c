import copy

from django import template

from pow_portal.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ amount|euro }}`` renders "€ 1.000.000,00"."""
    return format_euro(amount)


@register.filter
def row_ids(form, key):
    """``{{ form|row_ids:p.pk }}``: the same form with ids of its own, for a form repeated per row.

    One id per page keeps the HTML valid and every label pointing at its own field.
    """
    clone = copy.copy(form)
    clone.auto_id = f"id_{type(form).__name__.lower()}_{key}_%s"
    clone._bound_fields_cache = {}
    return clone
