"""The pages that void a speech or a letter entered in error and restore it (the secretariat's,
as for every voidable record: ``access.voiding``). The services do the work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from chapterhouse.access.selectors import require_secretariat
from chapterhouse.access.voiding import restore_page, void_page
from chapterhouse.conferences import services
from chapterhouse.conferences.models import Letter, Speech


def speech_void(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    speech = get_object_or_404(Speech.objects.select_related("conference"), pk=pk)
    return void_page(
        request,
        obj=speech,
        void=lambda reason: services.speech_void(speech=speech, reason=reason, by=request.user),
        back=reverse("voided-list"),
    )


@require_POST
def speech_restore(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    speech = get_object_or_404(
        Speech.all_objects.select_related("conference"), pk=pk, voided_at__isnull=False
    )
    return restore_page(
        request, restore=lambda: services.speech_restore(speech=speech, by=request.user)
    )


def letter_void(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    letter = get_object_or_404(Letter, key=key)
    return void_page(
        request,
        obj=letter,
        void=lambda reason: services.letter_void(letter=letter, reason=reason, by=request.user),
        back=reverse("voided-list"),
    )


@require_POST
def letter_restore(request: HttpRequest, key: str) -> HttpResponse:
    require_secretariat(request.user)
    letter = get_object_or_404(Letter.all_objects, key=key, voided_at__isnull=False)
    return restore_page(
        request, restore=lambda: services.letter_restore(letter=letter, by=request.user)
    )
