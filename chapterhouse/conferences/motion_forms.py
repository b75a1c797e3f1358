"""Forms of the motions' pages: they read and check input only; the services decide (who may
submit, support or move a motion, which line range an amendment may cite, which move the
conference's workflow allows). A form offers only the choices it is built with, and the view
builds it with what the viewer may see and the service would take."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.conferences.motions import (
    MOTION_TEXT_MAX_LENGTH,
    MOTION_TITLE_MAX_LENGTH,
    MotionState,
)

Choices = Sequence[tuple[str, str]]
LINE_MAX = 1_000_000
RECOMMENDATION_MAX_LENGTH = 10_000


class SubmittersMixin(forms.Form):
    """The chair's choice of submitters (persons taking part, a branch, a body). A participant
    below the chair submits in their own name: the view builds the form without these."""

    def add_submitter_fields(self, persons: Choices, branches: Choices, bodies: Choices) -> None:
        self.fields["submitters"] = forms.MultipleChoiceField(
            label=_("Submitting persons"),
            choices=list(persons),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["branch"] = forms.ChoiceField(
            label=_("Submitting branch"), choices=[("", "—"), *branches], required=False
        )
        self.fields["body"] = forms.ChoiceField(
            label=_("Submitting body"), choices=[("", "—"), *bodies], required=False
        )


class MotionForm(SubmittersMixin):
    title = forms.CharField(label=_("Title"), max_length=MOTION_TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MOTION_TEXT_MAX_LENGTH,
        strip=False,
        help_text=_("A blank line starts a new paragraph. Lines are numbered at admission."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MOTION_TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        persons: Choices | None = None,
        branches: Choices = (),
        bodies: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if persons is not None:
            self.add_submitter_fields(persons, branches, bodies)


class AmendmentForm(SubmittersMixin):
    line_from = forms.IntegerField(
        label=_("First line"), required=False, min_value=1, max_value=LINE_MAX
    )
    line_to = forms.IntegerField(
        label=_("Last line"),
        required=False,
        min_value=1,
        max_value=LINE_MAX,
        help_text=_("Left empty: the first line alone."),
    )
    paragraph = forms.IntegerField(
        label=_("Or a whole paragraph"),
        required=False,
        min_value=1,
        max_value=LINE_MAX,
        help_text=_("Give either lines or a paragraph."),
    )
    text = forms.CharField(
        label=_("Proposed text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MOTION_TEXT_MAX_LENGTH,
        strip=False,
        help_text=_("It replaces the whole of the lines (or paragraph) chosen."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MOTION_TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        persons: Choices | None = None,
        branches: Choices = (),
        bodies: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if persons is not None:
            self.add_submitter_fields(persons, branches, bodies)


class SupportForm(forms.Form):
    """The viewer's own support: on or off."""

    action = forms.ChoiceField(choices=[("support", "support"), ("unsupport", "unsupport")])


class StateForm(forms.Form):
    """The chair's move. Shown with the states the conference's workflow leads to from the
    motion's state (``targets``); read with every state, so a move the workflow no longer
    allows (the page was stale) is refused by the service, with its reason."""

    state = forms.ChoiceField(label=_("New state"), choices=MotionState.choices)

    def __init__(self, *args: Any, targets: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:
            field = self.fields["state"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101  -- declared above
            field.choices = [
                ("", "—"),  # nothing chosen until the chair chooses
                *((t, MotionState(t).label) for t in targets if t in MotionState.values),
            ]


class RecommendationForm(forms.Form):
    recommendation = forms.CharField(
        label=_("The presidium's recommendation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=RECOMMENDATION_MAX_LENGTH,
        required=False,
    )


class MotionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Every state")), *MotionState.choices],
        required=False,
    )
