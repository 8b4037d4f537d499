from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What the token is for, e.g. “club spreadsheet”."),
        error_messages={"required": _("Give the token a name so you recognise it later.")},
    )
