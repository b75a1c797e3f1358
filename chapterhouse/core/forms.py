from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from chapterhouse.core.countries import country_choices


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's errors at the form's fields; errors for fields the form lacks go on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


T = TypeVar("T")


def submitted(
    request: HttpRequest, form: forms.BaseForm, service: Callable[[dict[str, Any]], T]
) -> T | None:
    """On a valid POST, call ``service`` with the form's cleaned data and return what it made.
    A service's ValidationError goes to the form's fields instead; then, and on a GET or an
    invalid form, the answer is None and the view shows the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return service(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


def _country_options() -> list[tuple[str, str]]:
    return [("", "—"), *country_choices()]


class CountryField(forms.ChoiceField):
    """A select of country names in the reader's language; the value is the ISO code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", _country_options)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        """A code is read in any case ("cl" is CL), as the services read it."""
        return str(super().to_python(value)).strip().upper()
