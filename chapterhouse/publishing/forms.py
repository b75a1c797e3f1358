"""The publishing context's forms: they read input into Python values; every rule is the
services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chapterhouse.organizations.forms import TranslatedForm
from chapterhouse.people.models import Person
from chapterhouse.publishing.models import (
    BODY_MAX,
    COMMENT_MAX,
    FEEDBACK_MAX,
    LEAD_MAX,
    NAME_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Category,
    ShareSite,
    Tag,
)
from chapterhouse.publishing.spam import HONEYPOT_FIELD


class HoneypotMixin(forms.Form):
    """The honeypot field: people leave it empty (its label says so; the stylesheet moves it
    off screen), bots fill it in; the service refuses a filled one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )


class CommentForm(HoneypotMixin):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("E-mail (optional, not shown)"), required=False)
    text = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX, widget=forms.Textarea)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class FeedbackForm(HoneypotMixin):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("E-mail"))
    text = forms.CharField(label=_("Your feedback"), max_length=FEEDBACK_MAX, widget=forms.Textarea)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=300, required=False)


class PostForm(forms.Form):
    """The post's original text and its fields; one title/lead/body per other language."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Lower-case letters, digits and hyphens; made from the title when empty."),
    )
    lead = forms.CharField(
        label=_("Lead"),
        max_length=LEAD_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Body (Markdown)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    dateline_place = forms.CharField(
        label=_("Dateline: place"), max_length=PLACE_MAX, required=False
    )
    dateline_date = forms.DateField(
        label=_("Dateline: date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.all(), required=False
    )
    author = forms.ModelChoiceField(
        label=_("Author"), queryset=Person.objects.order_by("display_name"), required=False
    )
    comments_open = forms.BooleanField(label=_("Comments open"), required=False, initial=True)

    def __init__(self, *args: Any, languages: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.other_languages = languages
        for code in languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title ({language})").format(language=code),
                max_length=TITLE_MAX,
                required=False,
                help_text=_("Empty: no version in this language (readers get the original)."),
            )
            self.fields[f"lead_{code}"] = forms.CharField(
                label=_("Lead ({language})").format(language=code),
                max_length=LEAD_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Body ({language})").format(language=code),
                max_length=BODY_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 10}),
            )


class PostStateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("publish", _("Publish now")),
            ("schedule", _("Schedule")),
            ("withdraw", _("Withdraw")),
            ("open_comments", _("Open comments")),
            ("close_comments", _("Close comments")),
        ]
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ModerateForm(forms.Form):
    state = forms.ChoiceField(choices=[("approved", _("Approve")), ("rejected", _("Reject"))])


class TermForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=80)
    name = forms.CharField(label=_("Name"), max_length=100)


class LeadImageForm(forms.Form):
    image = forms.FileField(
        label=_("Lead image"),
        help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB and 40 million pixels."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    alt = forms.CharField(
        label=_("Alt text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )


class TermEditForm(TranslatedForm):
    """A category's or tag's name and its translations; the key is fixed (it is in addresses)."""

    translated_fields = ("name",)

    name = forms.CharField(label=_("Name"), max_length=100)


class SettingsForm(forms.Form):
    moderation = forms.BooleanField(label=_("Comments wait for moderation"), required=False)
    share_sites = forms.MultipleChoiceField(
        label=_("Share links shown on posts"),
        choices=ShareSite.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
