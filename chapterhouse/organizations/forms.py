from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.forms import EraDateField, EraYearField, PartialDateField
from chapterhouse.core.forms import CountryField
from chapterhouse.organizations.models import (
    Body,
    BodyKind,
    Branch,
    EventKind,
    HistoryEvent,
    Visibility,
)

DATE_HELP = _("YYYY-MM-DD, or with an era year: Reiwa 8-09-01, Juche 115-09-01.")


class OnDateForm(forms.Form):
    on = EraDateField(label=_("On"), required=False, help_text=DATE_HELP)


class YearForm(forms.Form):
    year = EraYearField(label=_("Year"), required=False, help_text=_("2026, Reiwa 8, Juche 115."))


class BodyForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Parent body"), queryset=Body.objects.all(), required=False, to_field_name="key"
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    starts_on = EraDateField(label=_("Mandate starts on"), required=False, help_text=DATE_HELP)
    ends_on = EraDateField(
        label=_("Mandate ends on"),
        required=False,
        help_text=_("Inclusive: the last day the body works."),
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea, required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    internal_notes = forms.CharField(
        label=_("Internal notes"), widget=forms.Textarea, required=False
    )


class HistoryEventForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    occurred_on = PartialDateField(
        label=_("Date"),
        help_text=_(
            "A day, or only the month or the year if that is all that is known: 2011-12-05, "
            "December 2011, 2011, Juche 100, 令和3年5月."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch concerned"),
        queryset=Branch.objects.all(),
        required=False,
        to_field_name="key",
    )
    body = forms.ModelChoiceField(
        label=_("Body concerned"), queryset=Body.objects.all(), required=False, to_field_name="key"
    )
    old_name = forms.CharField(label=_("Old name"), max_length=200, required=False)
    new_name = forms.CharField(label=_("New name"), max_length=200, required=False)
    decided_by = forms.ModelChoiceField(
        label=_("Decided by"), queryset=Body.objects.all(), required=False, to_field_name="key"
    )
    decision = forms.CharField(label=_("Decision"), max_length=200, required=False)


LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]
ERA_CHOICES = [
    ("japanese", _("Japanese era (Reiwa 8)")),
    ("juche", _("Juche (Juche 115)")),
    ("minguo", _("Minguo (Minguo 115)")),
]


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages it publishes in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    eras_default = forms.MultipleChoiceField(
        label=_("Era years shown to every reader"),
        choices=ERA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"eras_{code}"] = forms.MultipleChoiceField(
                label=_("Era years shown to readers in %(language)s instead") % {"language": name},
                choices=ERA_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def calendar_eras(self) -> dict[str, list[str]]:
        eras = {"default": list(self.cleaned_data["eras_default"])}
        for code, _name in LANGUAGE_CHOICES:
            if self.cleaned_data.get(f"eras_{code}"):
                eras[code] = list(self.cleaned_data[f"eras_{code}"])
        return eras


class BranchForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    country = CountryField(label=_("Country"), required=False)
    founded_on = EraDateField(label=_("Founded on"), required=False, help_text=DATE_HELP)


class ObservanceForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80)
    name = forms.CharField(label=_("Name"), max_length=200)
    event = forms.ModelChoiceField(
        label=_("Kept on the day of"),
        queryset=HistoryEvent.objects.all(),
        required=False,
        to_field_name="key",
        help_text=_("The day and month are taken from this event."),
    )
    month = forms.IntegerField(label=_("Or month"), min_value=1, max_value=12, required=False)
    day = forms.IntegerField(label=_("and day"), min_value=1, max_value=31, required=False)
    decided_by = forms.ModelChoiceField(
        label=_("Decided by"), queryset=Body.objects.all(), required=False, to_field_name="key"
    )
    decided_on = EraDateField(label=_("Decided on"), required=False, help_text=DATE_HELP)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
