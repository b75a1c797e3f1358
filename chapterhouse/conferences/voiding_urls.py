"""Page routes to void and restore speeches and letters (the conferences' other pages have
their own URL module)."""

from __future__ import annotations

from django.urls import path

from chapterhouse.conferences import voiding

urlpatterns = [
    path("speeches/<int:pk>/void/", voiding.speech_void, name="speech-void"),
    path("speeches/<int:pk>/restore/", voiding.speech_restore, name="speech-restore"),
    path("letters/<slug:key>/void/", voiding.letter_void, name="letter-void"),
    path("letters/<slug:key>/restore/", voiding.letter_restore, name="letter-restore"),
]
