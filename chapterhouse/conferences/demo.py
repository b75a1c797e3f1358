"""The conferences context's part of the demo organization (HWI): the Third Congress of the
DESIGN.md scenario, hybrid, on the occasion of formation day, prepared by the Preparatory
Committee (20 August to 3 September 2026), opened with two greeting letters presented and Mira
Okafor's opening remarks published, and a few speakers. Everything goes through the services,
so its journal is the one a real session leaves. Registered in ``ConferencesConfig.ready``."""

from __future__ import annotations

import datetime as dt

from chapterhouse.access.selectors import PUBLIC
from chapterhouse.conferences import motion_services, services
from chapterhouse.conferences.factories import make_item, make_letter, make_series
from chapterhouse.conferences.models import Conference
from chapterhouse.demo.registry import DemoPart
from chapterhouse.organizations.selectors import (
    bodies_by_keys,
    branches_by_keys,
    observance_access,
)
from chapterhouse.people.models import Person
from chapterhouse.people.selectors import partner_organization_access
from chapterhouse.people.services import NameSpec, membership_start, person_create

D = dt.date

OPENING_REMARKS = """Dear delegates, dear guests, comrades,

eight years ago we were a network of port workers in three countries. Four years ago, on this
very day, we reorganized as an international federation. Today we open our **Third Congress**.

We have three tasks before us:

1. to take stock of the organizing work in our branches;
2. to adopt our programme for the next three years;
3. to elect a Coordinating Committee that can carry it out.

Welcome to all of you, in the hall and online.
"""

MOTION_TEXT = (
    "The Congress resolves that every branch holds a general meeting of its members at least "
    "once a year, elects its committee there, and reports on the meeting to the Coordinating "
    "Committee within one month.\n\n"
    "Branches in ports where members work rotating shifts hold the meeting twice, on two "
    "different days, so that every member can attend one of them.\n\n"
    "The Coordinating Committee publishes a summary of the branch reports before the next "
    "Congress."
)

MOTION_REASON = (
    "Our branches grew fast since the last Congress. Regular general meetings keep the "
    "committees accountable to the members, and the reports let the federation learn from each "
    "port's organizing work."
)

SECOND_MOTION_TEXT = (
    "The Congress asks the Coordinating Committee to prepare, together with the partner "
    "organizations, a common day of action of port workers and seafarers for the next year."
)


def demo_load() -> None:
    """The Third Congress, by the system."""
    by = None
    branches = branches_by_keys(["chile", "valparaiso", "japan"])
    bodies = bodies_by_keys(["coordinating-committee", "third-congress-preparatory-committee"])
    cc = bodies["coordinating-committee"]
    prep = bodies["third-congress-preparatory-committee"]
    nordic = partner_organization_access(key="nordic-port-workers")
    pacific = partner_organization_access(key="pacific-seafarers")
    formation_day = observance_access(key="formation-day", roles=PUBLIC)
    keys = ["mira-okafor", "tomas-rivera", "aiko-tanaka", "lars-nilsson"]
    people = {p.key: p for p in Person.objects.filter(key__in=keys)}

    # Delegates of the branches besides the scenario's people, and a guest of the second
    # partner organization.
    def member(key: str, name: str, branch_key: str, since: dt.date) -> Person:
        person = person_create(key=key, names=[NameSpec("en", name, True)], by=by)
        membership_start(person=person, branch=branches[branch_key], starts_on=since, by=by)
        return person

    rojas = member("camila-rojas", "Camila Rojas", "valparaiso", D(2019, 3, 1))
    mori = member("kenji-mori", "Kenji Mori", "japan", D(2017, 6, 1))
    santos = person_create(
        key="maria-santos", names=[NameSpec("en", "Maria Santos", True)], represents=pacific, by=by
    )

    series = make_series(
        key="congress",
        name="Congress",
        name_translations={"ja": "大会", "ko": "대회"},
        gender="m",
        by=by,
    )
    congress = services.conference_create(
        key="third-congress",
        series=series,
        number=3,
        kind="congress",
        convening_body=cc,
        preparatory_body=prep,
        presidium=cc,
        format="hybrid",
        venue="Harbor Hall, Valparaíso",
        meeting_link="https://meet.hwi.example/third-congress",
        occasion="formation day",
        occasion_observance=formation_day,
        starts_on=D(2026, 9, 1),
        ends_on=D(2026, 9, 2),
        by=by,
    )
    spec = services.ParticipantSpec
    participants = services.participants_add(
        conference=congress,
        participants=[
            spec(person=people["mira-okafor"], roles=["official", "delegate"], voting_right=True),
            spec(person=people["tomas-rivera"], roles=["delegate"], voting_right=True,
                 represents_branch=branches["chile"]),
            spec(person=rojas, roles=["delegate"], voting_right=True,
                 represents_branch=branches["valparaiso"]),
            spec(person=people["aiko-tanaka"], roles=["delegate"], voting_right=True,
                 represents_branch=branches["japan"]),
            spec(person=mori, roles=["delegate"], voting_right=True,
                 represents_branch=branches["japan"]),
            spec(person=people["lars-nilsson"], roles=["guest"], represents_partner=nordic),
            spec(person=santos, roles=["guest"], represents_partner=pacific),
        ],
        by=by,
    )  # fmt: skip
    by_person = {p.person_id: p for p in participants}

    _motions(congress, people, rojas, mori)

    services.session_add(conference=congress, starts_at=_at(1, 10), by=by)
    services.session_add(conference=congress, starts_at=_at(2, 10), by=by)

    opening = make_item(conference=congress, title="Opening of the Congress", kind="procedural",
                        planned_minutes=10, by=by)  # fmt: skip
    presidium = make_item(conference=congress, title="Election of the presidium",
                          kind="election", planned_minutes=10, by=by)  # fmt: skip
    greetings = make_item(conference=congress, title="Greetings", kind="letters",
                          planned_minutes=15, by=by)  # fmt: skip
    remarks = make_item(conference=congress, title="Opening remarks", kind="speech",
                        planned_minutes=20, by=by)  # fmt: skip
    make_item(conference=congress, title="Approval of the agenda", kind="procedural",
              planned_minutes=5, by=by)  # fmt: skip
    report = make_item(conference=congress, title="Report of the Coordinating Committee",
                       kind="topic", planned_minutes=60, by=by)  # fmt: skip
    make_item(conference=congress, title="Discussion by branch", kind="topic", parent=report,
              planned_minutes=45, by=by)  # fmt: skip
    make_item(conference=congress, title="Election of the Coordinating Committee",
              kind="election", planned_minutes=30, by=by)  # fmt: skip
    del presidium

    letters = [
        make_letter(key="npwu-greeting-third-congress", partner=nordic,
                    subject="Greetings to the Third Congress", occasion="Third Congress",
                    dated_on=D(2026, 8, 28),
                    text="The Nordic Port Workers' Union greets the delegates.", by=by),
        make_letter(key="psf-greeting-third-congress", partner=pacific,
                    subject="Solidarity greetings", occasion="Third Congress",
                    dated_on=D(2026, 8, 30),
                    text="The Pacific Seafarers' Federation wishes the Congress success.", by=by),
    ]  # fmt: skip

    # The opening session: open, check in, greetings presented, opening remarks, speakers.
    services.conference_state_change(conference=congress, state="in_preparation", by=by)
    congress = services.conference_state_change(conference=congress, state="open", by=by)
    session = congress.sessions.get(number=1)
    services.session_open(session=session, by=by)
    services.participants_check_in(
        conference=congress, persons=[p.person for p in participants], by=by
    )
    services.agenda_item_set_current(item=opening, by=by)
    services.agenda_item_mark_done(item=opening, by=by)
    services.agenda_item_set_current(item=greetings, by=by)
    for letter in letters:
        services.letter_present(letter=letter, item=greetings, by=by)
    services.agenda_item_mark_done(item=greetings, by=by)
    services.agenda_item_set_current(item=remarks, by=by)
    services.speech_record(
        conference=congress,
        speaker=people["mira-okafor"],
        title="Opening remarks",
        text=OPENING_REMARKS,
        item=remarks,
        published=True,
        by=by,
    )
    services.agenda_item_mark_done(item=remarks, by=by)
    services.agenda_item_set_current(item=report, by=by)
    for key in ("tomas-rivera", "aiko-tanaka", "camila-rojas"):
        person = people.get(key) or rojas
        services.speaker_request(item=report, participant=by_person[person.pk], by=by)
    first = report.speakers.order_by("position", "id").first()
    if first is not None:
        first = services.speaker_start(request=first, seconds=300, by=by)
        services.speaker_stop(request=first, by=by)


def _motions(congress: Conference, people: dict[str, Person], rojas: Person, mori: Person) -> None:
    """Two motions submitted before the Congress opens: the first supported by three
    delegates, admitted by the presidium and amended by the Japanese delegation; the second
    still gathering supporters (two are needed)."""
    by = None
    motion_services.motion_workflow_update(conference=congress, min_supporters=2, by=by)
    rivera, tanaka = people["tomas-rivera"], people["aiko-tanaka"]
    meetings = motion_services.motion_submit(
        conference=congress,
        title="Annual general meetings of the branches",
        text=MOTION_TEXT,
        reason=MOTION_REASON,
        submitter_persons=[rivera],
        by=by,
    )
    for supporter in (rojas, tanaka, mori):
        motion_services.motion_support(motion=meetings, person=supporter, by=by)
    meetings = motion_services.motion_admit(motion=meetings, by=by)
    paragraph = 2
    motion_services.amendment_submit(
        motion=meetings,
        paragraph=paragraph,
        text=(
            "Branches in ports where members work rotating shifts hold the meeting twice, on two "
            "different days, or once with members taking part online, so that every member can "
            "attend.\n"
        ),
        reason="Online participation is cheaper for small branches than a second meeting.",
        submitter_persons=[mori, tanaka],
        by=by,
    )
    motion_services.motion_recommend(
        motion=meetings, recommendation="Adopt, with amendment A 1.", by=by
    )
    day_of_action = motion_services.motion_submit(
        conference=congress,
        title="A common day of action",
        text=SECOND_MOTION_TEXT,
        submitter_persons=[rojas],
        by=by,
    )
    motion_services.motion_support(motion=day_of_action, person=rivera, by=by)


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 9, day, hour, tzinfo=dt.UTC)


def demo_loaded() -> bool:
    return Conference.objects.filter(key="third-congress").exists()


PART = DemoPart(name="conferences", load=demo_load, loaded=demo_loaded)
