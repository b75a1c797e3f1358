"""The newsletters' forms: they read input; the rules are in publishing/newsletters.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chapterhouse.publishing.forms import HoneypotMixin
from chapterhouse.publishing.models import Category
from chapterhouse.publishing.newsletter_models import EMAIL_MAX


def language_choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in codes]


class SubscribeForm(HoneypotMixin):
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX)
    language = forms.ChoiceField(label=_("Language of the newsletter"))
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        help_text=_("Choose none to receive every post."),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, languages: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices(languages)


class MailingForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Subscribers of these languages"),
        help_text=_("Each receives the post in their language, or in its original language."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, languages: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["languages"])
        field.choices = language_choices(languages)
