"""The crispy-forms template pack renders NL Design System form fields with accessible wiring."""

from django import forms
from django.template import Context, Template


class ContactForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals in de ondertekening.")
    phone = forms.CharField(label="Telefoon", required=False)
    agree = forms.BooleanField(label="Ik ga akkoord")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_label_description_and_required_mark():
    html = render(ContactForm())
    assert '<label class="utrecht-form-label" for="id_name">Naam <span class="pow-required">(verplicht)</span>' in html
    assert 'id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert "utrecht-textbox utrecht-textbox--html-input" in html
    assert "required" in html


def test_errors_are_tied_to_the_field():
    form = ContactForm(data={"name": "", "kind": "a"})
    assert not form.is_valid()
    html = render(form)
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "utrecht-form-field--invalid" in html
    assert "utrecht-textbox--invalid" in html


def test_choice_groups_are_fieldsets_with_a_legend():
    html = render(ContactForm())
    assert "<fieldset" in html
    assert "<legend" in html
    assert 'for="id_kind_0"' in html


def test_checkbox_label_follows_the_box():
    html = render(ContactForm())
    assert html.index('type="checkbox"') < html.index(">Ik ga akkoord")
