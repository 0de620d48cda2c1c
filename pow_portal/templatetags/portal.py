from django import template

from pow_portal.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ amount|euro }}`` renders "€ 1.000.000,00"."""
    return format_euro(amount)
