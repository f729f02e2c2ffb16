"""Every select's empty choice reads "请选择…", whatever made it (model field, foreign key, filter)."""

from django import forms

from tuanjie.pairing.models import Contact
from tuanjie.places.models import Place


class _Form(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["form"]

    level = forms.ModelChoiceField(queryset=Place.objects.none(), required=False)
    # What an optional model field with choices gets: Django's blank choice first.
    kind = forms.ChoiceField(choices=Contact._meta.get_field("form").get_choices(), required=False)
    own = forms.ChoiceField(choices=[("", "全部类型"), ("a", "甲")], required=False)


def test_a_select_of_choices_and_of_records_offers_请选择(db):
    form = _Form()
    html = str(form["level"]) + str(form["own"]) + str(form["kind"])
    assert html.count('<option value="" selected>请选择…</option>') == 2
    assert "---------" not in html
    assert '<option value="" selected>全部类型</option>' in html      # a form's own empty label stays


def test_a_page_form_offers_请选择_not_dashes(tree, unit_staff, client_for):
    html = client_for(unit_staff).get("/activities/add/").content.decode()
    assert "请选择…" in html and "---------" not in html
