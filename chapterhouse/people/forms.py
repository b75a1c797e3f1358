from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.forms import EraDateField
from chapterhouse.core.forms import CountryField
from chapterhouse.core.languages import validate_language_tag
from chapterhouse.organizations.forms import DATE_HELP
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Duty, PartnerOrganization, Person, Position


class PersonForm(forms.Form):
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


class AppointmentForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.all(), to_field_name="key"
    )
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
    duty = forms.ModelChoiceField(
        label=_("Responsible for"), queryset=Duty.objects.all(), required=False, to_field_name="key"
    )
    duty_branch = forms.ModelChoiceField(
        label=_("In branch"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    duty_country = CountryField(label=_("Or in country"), required=False)
    second_duty = forms.ModelChoiceField(
        label=_("Also responsible for"),
        queryset=Duty.objects.all(),
        required=False,
        to_field_name="key",
    )


class EndAppointmentForm(forms.Form):
    ends_on = EraDateField(label=_("Last day"), help_text=DATE_HELP)


class ResponsibilityQueryForm(forms.Form):
    duty = forms.ModelChoiceField(label=_("Duty"), queryset=Duty.objects.all(), to_field_name="key")
    country = CountryField(label=_("Country"))
    on = EraDateField(label=_("On"), required=False, help_text=DATE_HELP)


class MembershipForm(forms.Form):
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
