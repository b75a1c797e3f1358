"""Forms of the voting pages: they read and check input; the services decide (docs/voting.md).

A ballot form carries a submission key made on the server when the form is rendered, so that a
form sent twice (a retry on a bad network) is one submission: the service answers the second
with the same receipts. Options are sent by their position on the ballot, never by their text."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chapterhouse.voting import counting
from chapterhouse.voting.models import (
    MOTION_METHODS,
    RANKED_METHODS,
    SELECTION_METHODS,
    TITLE_MAX_LENGTH,
    Method,
    NextBallotRule,
    Poll,
    Secrecy,
    SubjectKind,
)

ABSTAIN = "abstain"  # the value of an abstention (no option may be called so)
MAX_OPTIONS = 100


def new_client_key() -> str:
    """A fresh submission key: 32 random characters of letters, digits, '-' and '_'."""
    return secrets.token_urlsafe(24)


# --- creating and changing a poll ---------------------------------------------------------

# Ready-made polls the chair starts from: the settings a new poll gets from each.
TEMPLATES: dict[str, dict[str, Any]] = {
    "motion": {"subject": SubjectKind.MOTION, "method": Method.YES_NO_ABSTAIN, "secrecy": "named"},
    "agenda_approval": {
        "subject": SubjectKind.AGENDA_APPROVAL,
        "method": Method.YES_NO_ABSTAIN,
        "secrecy": Secrecy.NAMED,
    },
    "single_seat": {
        "subject": SubjectKind.ELECTION,
        "method": Method.SINGLE_SEAT_MAJORITY,
        "secrecy": Secrecy.SECRET,
    },
    "several_seats": {
        "subject": SubjectKind.ELECTION,
        "method": Method.AT_LARGE,
        "seats": 2,
        "secrecy": Secrecy.SECRET,
    },
    "ranked_one_seat": {
        "subject": SubjectKind.ELECTION,
        "method": Method.INSTANT_RUNOFF,
        "secrecy": Secrecy.SECRET,
    },
    "ranked_seats": {
        "subject": SubjectKind.ELECTION,
        "method": Method.STV_SCOTTISH,
        "seats": 2,
        "secrecy": Secrecy.SECRET,
    },
    "question": {
        "subject": SubjectKind.QUESTION,
        "method": Method.SINGLE_CHOICE,
        "secrecy": Secrecy.NAMED,
    },
}
TEMPLATE_LABELS = {
    "motion": _("Motion: yes / no / abstain"),
    "agenda_approval": _("Approval of the agenda"),
    "single_seat": _("Election to one seat, by majority"),
    "several_seats": _("Election to several seats"),
    "ranked_one_seat": _("Ranked election to one seat (instant runoff)"),
    "ranked_seats": _("Ranked election to several seats (single transferable vote)"),
    "question": _("Question: one of several options"),
}


def _rule(comparison: str, numerator: int, denominator: int, base: str) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "comparison": comparison,
        "base": base,
    }


def _encode(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


THRESHOLD_PRESETS: list[tuple[Any, Any]] = [
    ([], _("Simple majority of the votes cast")),
    ([_rule("more_than", 1, 2, "cast_with_abstentions")], _("Majority; abstentions count as no")),
    ([_rule("at_least", 2, 3, "cast")], _("Two thirds of the votes cast")),
    ([_rule("at_least", 3, 4, "cast")], _("Three quarters of the votes cast")),
    ([_rule("more_than", 1, 2, "present")], _("Majority of those present")),
    ([_rule("at_least", 2, 3, "present")], _("Two thirds of those present")),
    ([_rule("more_than", 1, 2, "entitled")], _("Majority of all entitled")),
    ([_rule("at_least", 1, 1, "present")], _("Unanimity of those present")),
]
QUORUM_PRESETS: list[tuple[Any, Any]] = [
    (None, _("No quorum")),
    (
        {"of": "registered", "numerator": 1, "denominator": 2, "comparison": "more_than"},
        _("More than half of the registered votes present"),
    ),
    (
        {"of": "entitled", "numerator": 1, "denominator": 2, "comparison": "more_than"},
        _("More than half of the entitled votes present"),
    ),
    (
        {"of": "registered", "numerator": 2, "denominator": 3, "comparison": "at_least"},
        _("Two thirds of the registered votes present"),
    ),
]


def _with_current(presets: list[tuple[Any, Any]], current: Any) -> list[tuple[str, Any]]:
    """The presets as choices, and the poll's own setting when it is none of them (so that a
    page saved unchanged keeps it)."""
    choices = [(_encode(value), label) for value, label in presets]
    encoded = _encode(current)
    if encoded not in {value for value, _label in choices}:
        choices.append((encoded, _("As set: %(rule)s") % {"rule": encoded}))
    return choices


class PollForm(forms.Form):
    """A poll's settings, for a new poll or a draft being changed."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    subject = forms.ChoiceField(label=_("Subject"), choices=SubjectKind.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    item = forms.ChoiceField(label=_("Agenda item"), required=False)
    options = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line, in the order of the ballot. A motion has none."),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=99, initial=1)
    min_choices = forms.IntegerField(
        label=_("Fewest choices a ballot marks"), min_value=1, max_value=100, initial=1
    )
    max_choices = forms.IntegerField(
        label=_("Most choices a ballot marks"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Empty: as many as there are options (or seats)."),
    )
    allow_abstain = forms.BooleanField(label=_("Abstentions allowed"), required=False, initial=True)
    thresholds = forms.ChoiceField(label=_("Majority required"))
    quorum = forms.ChoiceField(label=_("Quorum"))
    next_ballot = forms.ChoiceField(
        label=_("When nobody has a majority"), choices=NextBallotRule.choices
    )
    secrecy = forms.ChoiceField(
        label=_("Secrecy"), choices=Secrecy.choices, widget=forms.RadioSelect
    )
    require_presence = forms.BooleanField(
        label=_("Only those checked in vote"), required=False, initial=True
    )
    allow_delegation = forms.BooleanField(label=_("Delegated votes"), required=False)
    forbid_delegator = forms.BooleanField(
        label=_("Someone who delegated cannot vote in person"), required=False
    )
    paper_allowed = forms.BooleanField(
        label=_("Paper ballots counted beside electronic ones"), required=False
    )
    allow_vote_change = forms.BooleanField(
        label=_("Voters may change their vote until the poll closes"),
        required=False,
        help_text=_("The last ballot counts; only the device that cast a ballot can replace it."),
    )
    publish_receipts = forms.BooleanField(
        label=_("Publish the receipt codes with their choices after close"),
        required=False,
        help_text=_(
            "Off by default: a published list lets each voter check their vote, but it also "
            "lets a voter prove their vote to someone buying it."
        ),
    )

    def __init__(
        self,
        *args: Any,
        items: Sequence[tuple[int, str]] = (),
        thresholds: Any = (),
        quorum: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("None")), *((str(pk), t) for pk, t in items)]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["thresholds"].choices = _with_current(THRESHOLD_PRESETS, list(thresholds))  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["quorum"].choices = _with_current(QUORUM_PRESETS, quorum)  # type: ignore[attr-defined]  # a ChoiceField

    def clean_options(self) -> list[str]:
        lines = [line.strip() for line in str(self.cleaned_data["options"]).splitlines()]
        options = [line for line in lines if line]
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(_("A poll has at most %(n)s options.") % {"n": MAX_OPTIONS})
        return options

    def settings(self) -> dict[str, Any]:
        """The cleaned settings as the services take them (``item`` as an id or None)."""
        data = dict(self.cleaned_data)
        data["item"] = int(data["item"]) if data["item"] else None
        data["thresholds"] = json.loads(data["thresholds"])
        data["quorum"] = json.loads(data["quorum"])
        return data


def poll_initial(poll: Poll) -> dict[str, Any]:
    """What the form shows of a poll."""
    return {
        "title": poll.title,
        "subject": poll.subject,
        "method": poll.method,
        "item": str(poll.item_id) if poll.item_id else "",
        "options": "\n".join(poll.options),
        "seats": poll.seats,
        "min_choices": poll.min_choices,
        "max_choices": poll.max_choices,
        "allow_abstain": poll.allow_abstain,
        "thresholds": _encode(list(poll.thresholds)),
        "quorum": _encode(poll.quorum),
        "next_ballot": poll.next_ballot,
        "secrecy": poll.secrecy,
        "require_presence": poll.require_presence,
        "allow_delegation": poll.allow_delegation,
        "forbid_delegator": poll.forbid_delegator,
        "paper_allowed": poll.paper_allowed,
        "allow_vote_change": poll.allow_vote_change,
        "publish_receipts": poll.publish_receipts,
    }


def template_initial(name: str) -> dict[str, Any]:
    settings = TEMPLATES.get(name, TEMPLATES["motion"])
    initial: dict[str, Any] = {
        "seats": 1,
        "min_choices": 1,
        "allow_abstain": True,
        "thresholds": _encode([]),
        "quorum": _encode(None),
        "next_ballot": NextBallotRule.REPEAT,
        "require_presence": True,
        **{k: str(v) if not isinstance(v, int) else v for k, v in settings.items()},
    }
    if name == "agenda_approval":
        initial["title"] = str(_("Approval of the agenda"))
    return initial


class PaperForm(forms.Form):
    """The tellers' count: a number per choice, the abstentions, invalid and handed in."""

    handed_in = forms.IntegerField(label=_("Paper ballots handed in"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_names: list[tuple[str, str]] = []
        for index, (value, label) in enumerate(choices):
            name = f"count_{index}"
            self.fields[name] = forms.IntegerField(label=label, min_value=0, initial=0)
            self.choice_names.append((name, value))
        # The counts first, in the ballot's order.
        order = [name for name, _value in self.choice_names] + ["abstain", "invalid", "handed_in"]
        self.order_fields(order)

    def counts(self) -> dict[str, int]:
        return {value: int(self.cleaned_data[name]) for name, value in self.choice_names}


class DelegationForm(forms.Form):
    delegator = forms.ChoiceField(label=_("Who gives their vote"))
    delegate = forms.ChoiceField(label=_("Who carries it"))

    def __init__(
        self,
        *args: Any,
        delegators: Sequence[tuple[int, str]],
        delegates: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegator"].choices = [(str(pk), n) for pk, n in delegators]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["delegate"].choices = [(str(pk), n) for pk, n in delegates]  # type: ignore[attr-defined]  # a ChoiceField


class ChairActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("open", "close", "cancel", "repeat")],
    )


class EndDelegationForm(forms.Form):
    delegation = forms.IntegerField(min_value=1, max_value=2**62)


# --- a ballot -----------------------------------------------------------------------------


def motion_choices(poll: Poll) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [
        ("yes", pgettext_lazy("vote", "Yes")),
        ("no", pgettext_lazy("vote", "No")),
    ]
    if poll.allow_abstain and poll.method == Method.YES_NO_ABSTAIN:
        choices.append((ABSTAIN, pgettext_lazy("vote", "Abstain")))
    return choices


def option_choices(poll: Poll) -> list[tuple[str, Any]]:
    """The options by their position on the ballot (and an abstention where allowed)."""
    choices: list[tuple[str, Any]] = [(str(i), o) for i, o in enumerate(poll.options)]
    if poll.allow_abstain and poll.method in (Method.SINGLE_CHOICE, Method.SINGLE_SEAT_MAJORITY):
        choices.append((ABSTAIN, pgettext_lazy("vote", "Abstain")))
    return choices


def ballot_kind(poll: Poll) -> str:
    """How a ballot is marked: ``one`` (a button or a radio per choice), ``several``
    (checkboxes) or ``ranked`` (a number per option)."""
    if poll.method in RANKED_METHODS:
        return "ranked"
    if poll.method in SELECTION_METHODS:
        return "several"
    return "one"


class BallotForm(forms.Form):
    """One ballot for every vote a participant carries: the same for all (``mode`` "same"),
    or one per vote (``mode`` "split", the fields prefixed ``v<whose vote>-``)."""

    client_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,128}$", widget=forms.HiddenInput, max_length=128
    )
    mode = forms.ChoiceField(
        choices=[("same", "same"), ("split", "split")], widget=forms.HiddenInput
    )
    # Changing one's vote: the key of the ballot this one replaces. The page has it from the
    # voter's own browser (a cookie set when the ballot was cast), never from the server.
    replaces = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,128}$",
        widget=forms.HiddenInput,
        max_length=128,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        poll: Poll,
        owners: Sequence[int],
        split: bool = False,
        labels: Mapping[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["initial"] = {**kwargs.get("initial", {}), "mode": "split" if split else "same"}
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.owners = list(owners)
        self.labels = dict(labels or {})
        self.kind = ballot_kind(poll)
        self.split = split
        self.most = counting.maximum_of(poll)
        for prefix in self.prefixes():
            self._add(prefix)

    def prefixes(self) -> list[str]:
        return [f"v{owner}-" for owner in self.owners] if self.split else [""]

    def _add(self, prefix: str) -> None:
        poll = self.poll
        if self.kind == "one":
            choices = (
                motion_choices(poll) if poll.method in MOTION_METHODS else option_choices(poll)
            )
            self.fields[prefix + "choice"] = forms.ChoiceField(
                label=_("Your vote"), choices=choices, widget=forms.RadioSelect
            )
            self.fields[prefix + "choice"].widget.attrs["class"] = "vote-radio"
        elif self.kind == "several":
            self.fields[prefix + "choice"] = forms.MultipleChoiceField(
                label=_("Your choices"),
                choices=option_choices(poll),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            for index, option in enumerate(poll.options):
                self.fields[f"{prefix}rank_{index}"] = forms.IntegerField(
                    label=option, min_value=1, max_value=len(poll.options), required=False
                )

    def blocks(self) -> list[dict[str, Any]]:
        """The ballot's parts as a page shows them: one for all votes, or one per vote (with
        whose vote it is), each with its fields."""
        out = []
        for owner, prefix in zip(self.owners if self.split else [0], self.prefixes(), strict=True):
            if self.kind == "ranked":
                fields = [self[f"{prefix}rank_{i}"] for i in range(len(self.poll.options))]
            else:
                fields = [self[prefix + "choice"]]
            out.append({"label": self.labels.get(owner, ""), "fields": fields})
        return out

    def button_choices(self) -> list[tuple[str, Any]]:
        """A one-mark ballot for all votes: one button per choice."""
        field = self.fields["choice"]
        if not isinstance(field, forms.ChoiceField):
            return []
        return [(str(value), label) for value, label in field.choices]  # type: ignore[union-attr,misc]  # flat choices, set above

    def clean_mode(self) -> str:
        mode = str(self.cleaned_data["mode"])
        if (mode == "split") != self.split:
            raise forms.ValidationError(_("That ballot could not be read; nothing was cast."))
        return mode

    def _choice(self, prefix: str) -> Any:
        data: Mapping[str, Any] = self.cleaned_data
        options = list(self.poll.options)
        if self.kind == "one":
            value = str(data[prefix + "choice"])
            if self.poll.method in MOTION_METHODS:
                return value
            return None if value == ABSTAIN else options[int(value)]
        if self.kind == "several":
            return [options[int(v)] for v in sorted(data[prefix + "choice"], key=int)]
        ranks = [
            (data[f"{prefix}rank_{i}"], i)
            for i in range(len(options))
            if data.get(f"{prefix}rank_{i}") is not None
        ]
        numbers = [rank for rank, _i in ranks]
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(_("Give each option a different number."))
        return [options[i] for _rank, i in sorted(ranks)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if self.split:
            self.cleaned_split = {owner: self._choice(f"v{owner}-") for owner in self.owners}
        else:
            self.cleaned_choice = self._choice("")
        return cleaned

    def ballot(self) -> dict[str, Any]:
        """The service's arguments: ``choice`` for every vote, or ``split`` by whose vote."""
        if self.split:
            return {"split": self.cleaned_split}
        return {"choice": self.cleaned_choice}
