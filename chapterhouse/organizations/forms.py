from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.forms import EraDateField, EraYearField
from chapterhouse.organizations.models import Body, BodyKind, Branch, EventKind, Visibility

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
    occurred_on = EraDateField(label=_("Date"), help_text=DATE_HELP)
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
