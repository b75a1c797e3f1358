"""Forms of the conference pages: they only read and check input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.models import (
    LETTER_MAX_LENGTH,
    SPEECH_MAX_LENGTH,
    ConferenceKind,
    ConferenceSeries,
    Format,
    ItemKind,
    LetterDirection,
    Participant,
)
from chapterhouse.conferences.projector import MESSAGE_MAX_LENGTH
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.organizations.models import Body, Branch, Visibility
from chapterhouse.people.models import PartnerOrganization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTIONS = (
    "state",
    "session_open",
    "session_close",
    "item_current",
    "item_done",
    "item_move",
    "speaker_add",
    "speaker_start",
    "speaker_stop",
    "speaker_withdraw",
    "speaker_up",
    "letter_present",
    "speech_record",
    "appoint",
    "projector_message",
    "projector_result",
    "projector_clear",
)


class ActionForm(forms.Form):
    """What every console button sends: the action and the ids it acts on."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    session = forms.IntegerField(required=False, min_value=1, max_value=2**31)
    item = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    position = forms.IntegerField(required=False, min_value=0, max_value=10_000)
    request = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    participant = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    point_of_order = forms.BooleanField(required=False)
    seconds = forms.IntegerField(required=False, min_value=1, max_value=24 * 3600)
    letter = forms.SlugField(required=False, max_length=100)
    state = forms.ChoiceField(required=False, choices=ConferenceState.choices)
    message = forms.CharField(required=False, max_length=MESSAGE_MAX_LENGTH)


class SpeechForm(forms.Form):
    participant = forms.IntegerField(label=_("Speaker"), min_value=1, max_value=2**62)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Full text (Markdown)"),
        widget=forms.Textarea,
        required=False,
        max_length=SPEECH_MAX_LENGTH,
    )
    published = forms.BooleanField(label=_("Published"), required=False)


class AppointForm(forms.Form):
    person = forms.SlugField(label=_("Person (key)"), max_length=100)
    body = forms.SlugField(label=_("Body (key)"), max_length=100)
    position = forms.SlugField(label=_("Position (key)"), max_length=100)
    starts_on = forms.DateField(label=_("First day"))


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Invitation token"), max_length=64)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


# --- preparing a conference (prep_views) ----------------------------------------------------
# These forms read input only; every rule (dates, venue or link by format, a number taken in
# the series, a person invited twice, a bad CSV row) is the services' to refuse.

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _keyed(queryset: QuerySet[Any], label: StrOrPromise, *, required: bool = False) -> Any:
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=required, to_field_name="key"
    )


class ConferenceEditForm(forms.Form):
    """A conference's settings as ``PATCH /api/v1/conferences/{key}`` changes them (its key,
    series and number stay; its state changes on the console)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ConferenceKind.choices)
    convening_body = _keyed(Body.objects.all(), _("Convening body"), required=True)
    preparatory_body = _keyed(Body.objects.all(), _("Preparatory body"))
    presidium = _keyed(Body.objects.all(), _("Presidium"))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    meeting_link = forms.CharField(label=_("Meeting link"), max_length=500, required=False)
    occasion = forms.CharField(label=_("Occasion"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("First day"), widget=_DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=_DATE, required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (percent of the entitled voting weight)"), min_value=1, max_value=100
    )
    first_contributions_first = forms.BooleanField(
        label=_("First contributions before second ones"), required=False
    )
    default_speaking_seconds = forms.IntegerField(
        label=_("Speaking time (seconds)"), min_value=10, max_value=7200
    )

    def limit_bodies(self, visible: set[int], current: set[int]) -> None:
        """Offer only the bodies the viewer may see, and those the conference names already."""
        allowed = Body.objects.filter(pk__in=visible | current).order_by("name")
        for name in ("convening_body", "preparatory_body", "presidium"):
            cast("forms.ModelChoiceField[Body]", self.fields[name]).queryset = allowed


class ConferenceForm(ConferenceEditForm):
    """A new conference (``POST /api/v1/conferences``)."""

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    series = _keyed(ConferenceSeries.objects.order_by("name"), _("Series"), required=True)
    number = forms.IntegerField(label=_("Number in the series"), min_value=1, max_value=32767)

    field_order = ("key", "series", "number")


class SessionAddForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_DATETIME)
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Left empty: the next number."),
    )


def role_choices() -> list[tuple[str, StrOrPromise]]:
    labels = {
        "delegate": _("delegate"),
        "official": _("official"),
        "guest": _("guest"),
        "observer": _("observer"),
    }
    return [(role, labels.get(role, role)) for role in Participant.ROLES]


class ParticipantEditForm(forms.Form):
    """A participant's roles, voting right, weight and whom they represent."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=role_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # none at all is the service's to refuse, with its message
    )
    voting_right = forms.BooleanField(label=_("Voting right"), required=False)
    weight = forms.DecimalField(
        label=_("Voting weight"), max_digits=8, decimal_places=3, initial=Decimal(1)
    )
    represents_branch = _keyed(Branch.objects.order_by("name"), _("Represents a branch"))
    represents_partner = _keyed(
        PartnerOrganization.objects.order_by("name"), _("Represents a partner organization")
    )


class ParticipantAddForm(ParticipantEditForm):
    person = forms.SlugField(label=_("Person (key)"), max_length=100)

    field_order = ("person",)


class ParticipantImportForm(forms.Form):
    """A CSV file, uploaded or pasted; the preview shows it in ``text`` to fix and send again."""

    file = forms.FileField(label=_("CSV file"), required=False)
    text = forms.CharField(
        label=_("Or the file's text"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        required=False,
        max_length=5_000_000,
        strip=False,
    )

    def csv_text(self) -> str:
        """The file's text (an upload wins over the text box), or "" for none."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            raw = upload.read(5_000_001)
            if len(raw) > 5_000_000:
                raise ValidationError(_("The file is larger than 5 MB."))
            try:
                return str(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise ValidationError(_("The file is not UTF-8 text.")) from None
        return str(self.cleaned_data.get("text") or "")


class AgendaItemAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    parent = forms.TypedChoiceField(
        label=_("Under the item"), coerce=int, empty_value=None, required=False
    )
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"), min_value=0, max_value=24 * 60, initial=0
    )
    is_internal = forms.BooleanField(label=_("Internal (members only)"), required=False)
    is_hidden = forms.BooleanField(
        label=_("Hidden (those who run the conference only)"), required=False
    )


class LetterForm(forms.Form):
    """A letter entered in the register (``POST /api/v1/letters``)."""

    key = forms.SlugField(label=_("Key"), max_length=80, help_text=_("Used in addresses."))
    direction = forms.ChoiceField(label=_("Direction"), choices=LetterDirection.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    dated_on = forms.DateField(label=_("Date"), widget=_DATE)
    partner = _keyed(
        PartnerOrganization.objects.order_by("name"), _("Partner organization (the other side)")
    )
    person = forms.SlugField(label=_("Or a person (key)"), max_length=100, required=False)
    body = _keyed(Body.objects.order_by("name"), _("Our body (empty: the organization)"))
    occasion = forms.CharField(label=_("Occasion"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea, required=False, max_length=LETTER_MAX_LENGTH
    )


class LetterFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("in and out")), *LetterDirection.choices],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


class PageForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


class ProjectorTokenForm(forms.Form):
    """The token page's buttons: issue a new token (replacing the old one) or withdraw it."""

    action = forms.ChoiceField(choices=[("rotate", "rotate"), ("revoke", "revoke")])
