"""The pages that void a record entered in error and restore it, shared by every context whose
models are ``core.models.Voidable``. Thin: the context's own service does the work."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chapterhouse.access.forms import VoidForm
from chapterhouse.core.forms import submitted
from chapterhouse.core.models import Voidable


def void_page(
    request: HttpRequest, *, obj: Voidable, void: Callable[[str], object], back: str
) -> HttpResponse:
    """Ask why ``obj`` is void, then call ``void(reason)``; ``back`` is where the record was."""
    form = VoidForm(request.POST or None)
    if submitted(request, form, lambda data: void(data["reason"])) is not None:
        messages.success(
            request, _("Record voided. It can be restored from the list of voided records.")
        )
        return redirect(back)
    return render(
        request,
        "access/void_form.html",
        {"form": form, "obj": obj, "kind": obj._meta.verbose_name, "cancel": back},
    )


def restore_page(request: HttpRequest, *, restore: Callable[[], object]) -> HttpResponse:
    """Call ``restore()`` (a POST from the list of voided records) and go back to that list."""
    try:
        restore()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Record restored."))
    return redirect("voided-list")


def voidable_models() -> list[type[Voidable]]:
    return [m for m in apps.get_models() if issubclass(m, Voidable)]


def voided_records() -> list[tuple[str, list[Voidable]]]:
    """Every voided record, by kind (its plural name), latest voided first: the one place
    they are listed."""
    found: list[tuple[str, list[Voidable]]] = []
    for model in voidable_models():
        every = getattr(model, "all_objects")  # noqa: B009 (declared by each Voidable model)
        found.append(
            (
                str(model._meta.verbose_name_plural),
                list(every.filter(voided_at__isnull=False).order_by("-voided_at")),
            )
        )
    return found
