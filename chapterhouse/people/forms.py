from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.forms import EraDateField
from chapterhouse.core.forms import CountryField
from chapterhouse.core.languages import validate_language_tag
from chapterhouse.organizations.forms import DATE_HELP, LocalizedChoicesForm, TranslatedForm
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people import errors as msg
from chapterhouse.people.models import ContactKind, Duty, PartnerOrganization, Person, Position


class PersonForm(LocalizedChoicesForm):
    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    display_name = forms.CharField(label=_("Name as usually written"), max_length=200)
    display_language = forms.CharField(
        label=_("Language or script of that name"),
        max_length=20,
        initial="en",
        validators=[validate_language_tag],
    )
    other_name = forms.CharField(label=_("Name in another script"), max_length=200, required=False)
    other_language = forms.CharField(
        label=_("Language or script of the other name"),
        max_length=20,
        required=False,
        validators=[validate_language_tag],
        help_text=_("For example ja, ko, ru, zh-hans."),
    )
    form_of_address = forms.CharField(label=_("Form of address"), max_length=60, required=False)
    represents = forms.ModelChoiceField(
        label=_("Represents partner organization"),
        queryset=PartnerOrganization.objects.all(),
        required=False,
        to_field_name="key",
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "other_language" in self.errors:
            return data
        if bool(data.get("other_name")) != bool(data.get("other_language")):
            self.add_error(
                "other_language", _("Give both the other name and its language, or neither.")
            )
        return data


class PersonEditForm(LocalizedChoicesForm):
    """A person's own fields on the edit page; names and contacts are the formsets below."""

    form_of_address = forms.CharField(label=_("Form of address"), max_length=60, required=False)
    represents = forms.ModelChoiceField(
        label=_("Represents partner organization"),
        queryset=PartnerOrganization.objects.all(),
        required=False,
        to_field_name="key",
    )


class NameForm(forms.Form):
    """One of a person's names; the edit page shows one per name, and empty ones to add."""

    language = forms.CharField(
        label=_("Language or script"),
        max_length=20,
        help_text=_("For example en, ja, ko."),
        validators=[validate_language_tag],
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    is_display = forms.BooleanField(label=_("Shown by default"), required=False)


class ContactForm(forms.Form):
    # A blank first choice, so that the empty row for a new contact is left out when unused.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ContactKind.choices])
    value = forms.CharField(label=_("Value"), max_length=300)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == ContactKind.EMAIL and data.get("value"):
            try:
                forms.EmailField().clean(data["value"])
            except forms.ValidationError as error:
                self.add_error("value", error)
        return data


NameFormSet = forms.formset_factory(NameForm, extra=1, can_delete=True)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True)


class AppointmentForm(LocalizedChoicesForm):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.all(), to_field_name="key"
    )
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), to_field_name="key"
    )
    title = forms.CharField(label=_("Named function"), max_length=200, required=False)
    starts_on = EraDateField(label=_("From"), help_text=DATE_HELP)
    ends_on = EraDateField(
        label=_("Until"),
        required=False,
        help_text=_(
            "The last day, inclusive; empty if open (then at most until the end of the body's "
            "mandate)."
        ),
    )
    appointed_by = forms.ModelChoiceField(
        label=_("Appointed by (person)"),
        queryset=Person.objects.all(),
        required=False,
        to_field_name="key",
    )
    decided_by = forms.ModelChoiceField(
        label=_("Or by decision of (body)"),
        queryset=Body.objects.all(),
        required=False,
        to_field_name="key",
    )
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)


class ResponsibilityForm(LocalizedChoicesForm):
    """One responsibility of an appointment: a duty in an area (a branch, a country, or neither:
    everywhere), the same shape as the API's ``responsibilities`` rows. A blank row is skipped."""

    duty = forms.ModelChoiceField(
        label=_("Duty"), queryset=Duty.objects.all(), required=False, to_field_name="key"
    )
    branch = forms.ModelChoiceField(
        label=_("In branch"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    country = CountryField(
        label=_("Or in country"),
        required=False,
        help_text=_("No branch and no country: everywhere."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("duty") and (data.get("branch") or data.get("country")):
            self.add_error("duty", msg.RESPONSIBILITY_NEEDS_DUTY)
        return data


# A few blank rows; "add another" re-renders the page with one more (no JavaScript needed).
RESPONSIBILITY_ROWS = 2
RESPONSIBILITY_ROWS_MAX = 50
ResponsibilityFormSet = forms.formset_factory(
    ResponsibilityForm,
    extra=RESPONSIBILITY_ROWS,
    max_num=RESPONSIBILITY_ROWS_MAX,
    validate_max=True,
)


class EndAppointmentForm(forms.Form):
    ends_on = EraDateField(label=_("Last day"), help_text=DATE_HELP)


class ResponsibilityQueryForm(LocalizedChoicesForm):
    """Who is responsible for a duty in a country (or anywhere) on a day."""

    duty = forms.ModelChoiceField(label=_("Duty"), queryset=Duty.objects.all(), to_field_name="key")
    country = CountryField(label=_("Country"), required=False, help_text=_("Empty: every country."))
    on = EraDateField(label=_("On"), required=False, help_text=DATE_HELP)


class MembershipForm(LocalizedChoicesForm):
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.all(),
        required=False,
        to_field_name="key",
        empty_label=_("The organization itself"),
    )
    starts_on = EraDateField(label=_("Member since"), help_text=DATE_HELP)
    expires_on = EraDateField(
        label=_("Paid up until"),
        required=False,
        help_text=_("Last day of the current term; empty for a membership without terms."),
    )
    ends_on = EraDateField(label=_("Last day"), required=False, help_text=DATE_HELP)


class AppointmentCorrectForm(forms.Form):
    """Every field of an appointment, to correct its record; responsibilities are the
    CorrectionResponsibilityFormSet beside it."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.all(), to_field_name="key"
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.all(), to_field_name="key")
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), to_field_name="key"
    )
    title = forms.CharField(label=_("Named function"), max_length=200, required=False)
    starts_on = EraDateField(label=_("From"), help_text=DATE_HELP)
    ends_on = EraDateField(
        label=_("Until"), required=False, help_text=_("The last day, inclusive; empty if open.")
    )
    appointed_by = forms.ModelChoiceField(
        label=_("Appointed by (person)"),
        queryset=Person.objects.all(),
        required=False,
        to_field_name="key",
    )
    decided_by = forms.ModelChoiceField(
        label=_("Or by decision of (body)"),
        queryset=Body.objects.all(),
        required=False,
        to_field_name="key",
    )
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)


class CorrectionResponsibilityForm(LocalizedChoicesForm):
    """One responsibility of an appointment being corrected: a duty and its area."""

    duty = forms.ModelChoiceField(
        label=_("Responsible for"), queryset=Duty.objects.all(), to_field_name="key"
    )
    branch = forms.ModelChoiceField(
        label=_("In branch"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    country = CountryField(label=_("Or in country"), required=False)


CorrectionResponsibilityFormSet = forms.formset_factory(
    CorrectionResponsibilityForm, extra=1, can_delete=True
)


class MembershipCorrectForm(MembershipForm):
    """The same fields as recording a membership, to correct one."""


class PartnerOrganizationForm(TranslatedForm):
    translated_fields = ("name", "short_name")

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    country = CountryField(label=_("Country"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class PositionForm(TranslatedForm):
    translated_fields = ("name",)

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=120)
    single_holder = forms.BooleanField(
        label=_("Single holder"),
        required=False,
        help_text=_("Only one person may hold it in a body at a time (a chair)."),
    )
    rank = forms.IntegerField(label=_("Rank"), min_value=0, max_value=32767, initial=100)


class DutyForm(TranslatedForm):
    translated_fields = ("name",)

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=120)
