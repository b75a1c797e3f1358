"""Helpers of the dossier tests: an emptied database, row counts, running the commands."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from chapterhouse.conferences.models import (
    Conference,
    ConferenceSeries,
    Letter,
    LetterPresentation,
    SpeakerRequest,
    Speech,
)
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Organization
from chapterhouse.people.models import (
    Appointment,
    Contact,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
    Responsibility,
)

REPO = Path(__file__).resolve().parents[2]


def wipe_records() -> None:
    """Empty every table a dossier covers, and the audit log: a fresh installation's state."""
    # The conferences (the demo's Third Congress) refer to persons, bodies and partners.
    LetterPresentation.objects.all().delete()
    Letter.all_objects.all().delete()
    Speech.all_objects.all().delete()
    SpeakerRequest.objects.all().delete()
    Conference.objects.update(occasion_observance=None, occasion_event=None)
    for conference in Conference.objects.all():
        conference.agenda_items.update(parent=None)
    Conference.objects.all().delete()
    ConferenceSeries.objects.all().delete()
    Responsibility.objects.all().delete()
    Appointment.objects.all().delete()
    Membership.objects.all().delete()
    Contact.objects.all().delete()
    PersonName.objects.all().delete()
    Person.objects.all().delete()
    Duty.objects.all().delete()
    Position.objects.all().delete()
    Observance.objects.all().delete()
    HistoryEvent.objects.all().delete()
    PartnerOrganization.objects.all().delete()
    Organization.objects.all().delete()
    Body.objects.update(parent=None)
    Body.objects.all().delete()
    Branch.objects.update(parent=None)
    Branch.objects.all().delete()
    AuditEntry.objects.all().delete()


def table_counts() -> dict[str, int]:
    """The number of rows in every table of the project, the audit log included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def export_text() -> str:
    out = StringIO()
    call_command("export", stdout=out)
    return out.getvalue()


@dataclass(frozen=True)
class Run:
    """The outcome of ``chapterhouse import``: its output, and the CommandError if it failed."""

    stdout: str
    stderr: str
    error: str | None


def run_import(path: Path | str, *args: str, stdin: StringIO | None = None) -> Run:
    out, err = StringIO(), StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    try:
        call_command("import", str(path), *args, stdout=out, stderr=err, **extra)
    except CommandError as error:
        return Run(stdout=out.getvalue(), stderr=err.getvalue(), error=str(error))
    return Run(stdout=out.getvalue(), stderr=err.getvalue(), error=None)
