from __future__ import annotations

from django import forms
from django.http import QueryDict
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


class AuditFilterForm(forms.Form):
    """The audit log's filters; each is optional, and one that does not validate is ignored."""

    action = forms.CharField(label=_("Action"), required=False, max_length=60)
    type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object = forms.CharField(label=_("Object key"), required=False, max_length=120)
    actor = forms.ChoiceField(label=_("Who"), required=False)

    def __init__(
        self,
        data: QueryDict | None,
        *,
        object_types: list[tuple[str, str]],
        actors: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        anything = ("", _("any"))
        type_field = self.fields["type"]
        actor_field = self.fields["actor"]
        assert isinstance(type_field, forms.ChoiceField)  # noqa: S101 (declared above)
        assert isinstance(actor_field, forms.ChoiceField)  # noqa: S101 (declared above)
        type_field.choices = [anything, *object_types]
        actor_field.choices = [anything, *actors]

    def filters(self) -> dict[str, str]:
        """The filters that validated, as audit_entries takes them."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "action": data.get("action", ""),
            "object_type": data.get("type", ""),
            "object_key": data.get("object", ""),
            "actor": data.get("actor", ""),
        }


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record void?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a record entered in error. It disappears from the record but stays in the "
            "audit log, and can be restored from the list of voided records."
        ),
    )


class ComponentGalleryForm(forms.Form):
    """The form of the component gallery (docs/design.md): each kind of field, shown with its
    label, hint and error. It saves nothing."""

    name = forms.CharField(
        label=_("Name"), max_length=20, help_text=_("As it is written in its own script.")
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), ("congress", _("Congress")), ("committee", _("Committee"))],
        help_text=_("What kind of body it is."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)
    public = forms.BooleanField(label=_("Shown to the public"), required=False)
