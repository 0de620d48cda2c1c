"""Template helpers that render Django form widgets as NL Design System (Utrecht) components."""

from django import forms, template

register = template.Library()

_WIDGET_CLASSES = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.FileInput, "utrecht-file-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.CheckboxSelectMultiple, "utrecht-checkbox utrecht-checkbox--html-input"),
)
_INVALID = {
    "utrecht-checkbox": "utrecht-checkbox--invalid",
    "utrecht-textarea": "utrecht-textarea--invalid",
    "utrecht-select": "utrecht-select--invalid",
    "utrecht-textbox": "utrecht-textbox--invalid",
    "utrecht-radio-button": "utrecht-radio-button--invalid",
}


def _base_class(widget):
    # RadioSelect and CheckboxSelectMultiple subclass other widgets: test the most specific first.
    for widget_class, css in reversed(_WIDGET_CLASSES):
        if isinstance(widget, widget_class):
            return css
    return "utrecht-textbox utrecht-textbox--html-input"


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_choice_group(field):
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def description_id(field):
    return f"{field.auto_id}_helptext"


@register.filter
def error_id(field):
    return f"{field.auto_id}_error"


@register.simple_tag
def nlds_widget(field):
    """Render ``field``'s widget with Utrecht classes, ``aria-describedby`` and ``aria-invalid``."""
    widget = field.field.widget
    css = _base_class(widget)
    classes = [css, widget.attrs.get("class", "")]
    if field.errors:
        classes.append(_INVALID.get(css.split()[0], ""))
    attrs = {"class": " ".join(c for c in classes if c)}
    described_by = []
    if field.help_text:
        described_by.append(description_id(field))
    if field.errors:
        described_by.append(error_id(field))
        attrs["aria-invalid"] = "true"
    if described_by and not is_choice_group(field):
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
