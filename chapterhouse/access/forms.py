from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.access import errors as msg


class _Passwords(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", msg.PASSWORDS_DIFFER)
        return data


class AccountCreateForm(_Passwords):
    username = forms.CharField(label=_("User name"), max_length=150)
    secretariat = forms.BooleanField(
        label=_("Member of the secretariat (manages everything)"), required=False
    )
    field_order = ["username", "password", "password_again", "secretariat"]


class AccountUpdateForm(_Passwords):
    secretariat = forms.BooleanField(
        label=_("Member of the secretariat (manages everything)"), required=False
    )
    is_active = forms.BooleanField(
        label=_("Account open"),
        required=False,
        help_text=_("A closed account cannot log in; its history stays."),
    )
    field_order = ["secretariat", "is_active", "password", "password_again"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("password", "password_again"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty to keep the current password.")


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record void?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a record entered in error. It disappears from the record but stays in the "
            "audit log, and can be restored from the list of voided records."
        ),
    )
