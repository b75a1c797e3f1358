"""Forms of the conference pages: they only read and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.models import SPEECH_MAX_LENGTH
from chapterhouse.conferences.projector import MESSAGE_MAX_LENGTH
from chapterhouse.conferences.states import ConferenceState

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


class ProjectorTokenForm(forms.Form):
    """The token page's buttons: issue a new token (replacing the old one) or withdraw it."""

    action = forms.ChoiceField(choices=[("rotate", "rotate"), ("revoke", "revoke")])
