from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from chapterhouse.calendars.forms import EraDateField, EraYearField, PartialDateField
from chapterhouse.core.forms import CountryField
from chapterhouse.core.translations import localized_text, translations_attr
from chapterhouse.organizations.models import (
    Body,
    BodyKind,
    Branch,
    EventKind,
    HistoryEvent,
    Visibility,
)
from chapterhouse.organizations.translations import translation_languages

DATE_HELP = _("YYYY-MM-DD, or with an era year: Reiwa 8-09-01, Juche 115-09-01.")


def _localized_label(obj: Model) -> str:
    """The object as its ``__str__`` writes it, its name in the reader's language."""
    label = str(obj)
    fields: tuple[str, ...] = getattr(obj, "TRANSLATED_FIELDS", ())
    if not fields:
        return label
    original = str(getattr(obj, fields[0]) or "")
    shown = localized_text(obj, fields[0], get_language() or "en")
    return label.replace(original, shown, 1) if original else label


class LocalizedChoicesForm(forms.Form):
    """A form whose choices of translated objects (a parent body, a position, a duty) are
    labelled in the reader's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if isinstance(field, forms.ModelChoiceField) and hasattr(model, "TRANSLATED_FIELDS"):
                field.label_from_instance = _localized_label  # type: ignore[method-assign]


class TranslatedForm(LocalizedChoicesForm):
    """A form with one input per organization language for each of ``translated_fields``.

    The input for Japanese of ``name`` is ``name_translations.ja`` (the path the services
    report errors at), labelled with the language's name and placed after ``name``. The
    cleaned data carries ``name_translations``: what the object had (``initial``), with the
    shown languages replaced by what was typed (an empty input removes that translation), so
    an edit keeps translations into languages the form does not show."""

    translated_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = translation_languages()
        order = list(self.fields)
        for name in self.translated_fields:
            base = self.fields[name]
            stored = self.initial.get(translations_attr(name)) or {}
            added = []
            for code in languages:
                field_name = f"{translations_attr(name)}.{code}"
                self.fields[field_name] = forms.CharField(
                    label=_("%(field)s in %(language)s")
                    % {"field": base.label, "language": _language_name(code)},
                    max_length=getattr(base, "max_length", None),
                    required=False,
                    widget=forms.TextInput(attrs={"lang": code}),
                )
                self.initial.setdefault(field_name, stored.get(code, ""))
                added.append(field_name)
            at = order.index(name) + 1
            order[at:at] = added
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.translated_fields:
            attr = translations_attr(name)
            merged = dict(self.initial.get(attr) or {})
            prefix = f"{attr}."
            for field_name in [f for f in list(data) if f.startswith(prefix)]:
                code, text = field_name[len(prefix) :], data.pop(field_name)
                if text:
                    merged[code] = text
                else:
                    merged.pop(code, None)
            data[attr] = merged
        return data


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


class OnDateForm(forms.Form):
    on = EraDateField(label=_("On"), required=False, help_text=DATE_HELP)


class YearForm(forms.Form):
    year = EraYearField(label=_("Year"), required=False, help_text=_("2026, Reiwa 8, Juche 115."))


class BodyForm(TranslatedForm):
    translated_fields = ("name",)

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


class BodyEditForm(BodyForm):
    end_appointments_outside = forms.BooleanField(
        label=_("End the appointments that run past the new mandate on its last day"),
        required=False,
        help_text=_(
            "Without this, a mandate that ends before some appointments do is refused, naming them."
        ),
    )


class HistoryEventForm(TranslatedForm):
    translated_fields = ("title",)

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


class OrganizationForm(TranslatedForm):
    translated_fields = ("name", "short_name")

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


class BranchForm(TranslatedForm):
    translated_fields = ("name",)

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Branch.objects.all(), required=False, to_field_name="key"
    )
    country = CountryField(label=_("Country"), required=False)
    founded_on = EraDateField(label=_("Founded on"), required=False, help_text=DATE_HELP)


class ObservanceForm(TranslatedForm):
    translated_fields = ("name",)

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
