"""Pages of the conferences context: the list, a conference's page, the chair's console, the
delegate page, the projector and the participants list. Thin: read through selectors, write
through services; a missing and a forbidden conference are both 404. Every console action is
a plain POST that redirects back (htmx only swaps the live region in place)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import Roles, roles_for
from chapterhouse.conferences import events as ev
from chapterhouse.conferences import projector, selectors, services
from chapterhouse.conferences.forms import (
    ActionForm,
    AppointForm,
    ProjectorTokenForm,
    SearchForm,
    SpeechForm,
    TokenForm,
)
from chapterhouse.conferences.minutes import result_view
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    Letter,
    Participant,
    SpeakerRequest,
)
from chapterhouse.conferences.pages import conference_page_sections
from chapterhouse.conferences.states import ConferenceState
from chapterhouse.core.journal import journal_since
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.models import Person, Position

PAGE_SIZE = 50


def _conference(request: HttpRequest, key: str) -> tuple[Conference, Roles, str]:
    roles = roles_for(request.user)
    conference = selectors.conference_access(key=key, roles=roles)
    return conference, roles, selectors.viewer_level_for(conference, roles)


def _chair(request: HttpRequest, key: str) -> tuple[Conference, Roles]:
    conference, roles, level = _conference(request, key)
    if level != ev.CHAIR:
        raise Http404
    return conference, roles


def _journal_id(conference: Conference) -> int:
    newest = (
        journal_since(scope=conference.scope).order_by("-id").values_list("id", flat=True).first()
    )
    return newest or 0


def _live(conference: Conference) -> dict[str, Any]:
    """What a live page needs to follow the conference from the moment it was built."""
    return {
        "live_scope": conference.scope,
        "live_last_id": _journal_id(conference),
        "live_kinds": " ".join(ev.EVENTS),
    }


def _title(conference: Conference, request: HttpRequest) -> str:
    return conference.title(getattr(request, "LANGUAGE_CODE", "en"))


def _my_participant(conference: Conference, roles: Roles) -> Participant | None:
    if roles.person_id is None:
        return None
    return (
        conference.participants.select_related("person").filter(person_id=roles.person_id).first()
    )


@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    rows = selectors.conference_list(roles=roles)
    language = getattr(request, "LANGUAGE_CODE", "en")
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": [(c, c.title(language)) for c in rows]},
    )


@require_GET
def conference_detail(request: HttpRequest, key: str) -> HttpResponse:
    conference, roles, level = _conference(request, key)
    visible = selectors.visible_items(conference, level)
    presented = (
        conference_letters(conference)
        .filter(presentations__item__in=visible)
        .distinct()
        .order_by("dated_on", "key")
    )
    speeches = [
        s
        for s in selectors.speech_list(conference=conference, level=level)
        if s.published or level == ev.CHAIR
    ]
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "level": level,
            "is_chair": level == ev.CHAIR,
            "is_participant": _my_participant(conference, roles) is not None,
            "sessions": conference.sessions.order_by("number"),
            "agenda": selectors.agenda(conference=conference, level=level),
            "letters": presented,
            "speeches": speeches,
            # What upper layers show here (conferences.pages): the reports, from publishing.
            "page_sections": conference_page_sections(
                conference=conference,
                roles=roles,
                level=level,
                language=getattr(request, "LANGUAGE_CODE", "en"),
            ),
        },
    )


def conference_letters(conference: Conference) -> Any:
    return Letter.objects.filter(presentations__item__conference=conference).select_related(
        "partner", "person", "body"
    )


MESSAGE_LOOKBACK = 30  # journal entries read to find the latest one worth a message


def _message(event: ev.Event) -> str | None:
    """What the head of a live page says about an event, if it says anything."""
    if isinstance(event, ev.AppointmentMade):
        return _("%(person)s is appointed: %(position)s, %(body)s.") % {
            "person": event.person,
            "position": event.position,
            "body": event.body,
        }
    if isinstance(event, ev.LetterPresented):
        return _("Letter presented: “%(subject)s” from %(from)s.") % {
            "subject": event.subject,
            "from": event.correspondent,
        }
    if isinstance(event, ev.SpeechDelivered):
        return _("%(speaker)s: “%(title)s”.") % {"speaker": event.speaker, "title": event.title}
    if isinstance(event, ev.SessionOpened):
        return _("Session %(n)s is open.") % {"n": event.number}
    if isinstance(event, ev.SessionClosed):
        return _("Session %(n)s is closed.") % {"n": event.number}
    if isinstance(event, ev.ConferenceStateChanged) and event.state == "closed":
        return _("The conference is closed.")
    return None


def _latest_message(conference: Conference, level: str) -> str:
    """The latest journal entry a viewer of ``level`` may see that is worth a line (one
    query over the newest entries)."""
    rows = journal_since(scope=conference.scope).order_by("-id")[:MESSAGE_LOOKBACK]
    for entry in rows:
        try:
            event = ev.entry_event(entry).for_level(level)
        except (KeyError, TypeError):
            continue
        text = _message(event) if event is not None else None
        if text:
            return text
    return ""


def _head(conference: Conference, level: str) -> dict[str, Any]:
    return {
        "state": selectors.projector_state(conference=conference, level=level),
        "agenda": selectors.agenda(conference=conference, level=level),
        "message": _latest_message(conference, level),
    }


@require_GET
def console(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles = _chair(request, key)
    head = _head(conference, ev.CHAIR)
    current = head["state"].item
    return render(
        request,
        "conferences/console.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            **head,
            **_live(conference),
            "sessions": conference.sessions.order_by("number"),
            "attendance": selectors.attendance(conference=conference),
            "times": selectors.speaking_time(conference=conference, level=ev.CHAIR),
            "delegates": selectors.participant_list(conference=conference),
            "letters": Letter.objects.order_by("-dated_on", "key")[:50],
            "current": current,
            "speech_form": SpeechForm(),
            "appoint_form": AppointForm(),
            "states": ConferenceState.choices,
            "message_max_length": projector.MESSAGE_MAX_LENGTH,
        },
    )


def _item(conference: Conference, pk: int | None) -> AgendaItem:
    found = conference.agenda_items.filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def _request(conference: Conference, pk: int | None) -> SpeakerRequest:
    found = (
        SpeakerRequest.objects.filter(pk=pk, item__conference=conference).first() if pk else None
    )
    if found is None:
        raise Http404
    return found


def _participant(conference: Conference, pk: int | None) -> Participant:
    found = conference.participants.select_related("person").filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def _act(request: HttpRequest, conference: Conference, data: dict[str, Any]) -> str:
    """Run one console action through its service; the message to show."""
    by = request.user
    action = data["action"]
    if action == "state":
        if not data["state"]:
            raise ValidationError(_("Choose a state."))
        changed = services.conference_state_change(
            conference=conference, state=data["state"], by=by
        )
        return _("The conference is %(s)s.") % {"s": changed.get_state_display()}
    if action in ("session_open", "session_close"):
        session = conference.sessions.filter(number=data["session"]).first()
        if session is None:
            raise Http404
        if action == "session_open":
            services.session_open(session=session, by=by)
            return _("Session %(n)s is open.") % {"n": session.number}
        services.session_close(session=session, by=by)
        return _("Session %(n)s is closed.") % {"n": session.number}
    if action == "item_current":
        item = services.agenda_item_set_current(item=_item(conference, data["item"]), by=by)
        return _("“%(t)s” is the current item.") % {"t": item.title}
    if action == "item_done":
        item = services.agenda_item_mark_done(item=_item(conference, data["item"]), by=by)
        return _("“%(t)s” is done.") % {"t": item.title}
    if action == "item_move":
        parent = _item(conference, data["parent"]) if data["parent"] else None
        item = services.agenda_item_move(
            item=_item(conference, data["item"]),
            parent=parent,
            position=data["position"] or 0,
            by=by,
        )
        return _("“%(t)s” moved.") % {"t": item.title}
    if action == "speaker_add":
        made = services.speaker_request(
            item=_item(conference, data["item"]),
            participant=_participant(conference, data["participant"]),
            point_of_order=data["point_of_order"],
            by=by,
        )
        return _("%(p)s is on the list of speakers.") % {"p": made.participant.person.display_name}
    if action == "speaker_start":
        services.speaker_start(
            request=_request(conference, data["request"]), seconds=data["seconds"], by=by
        )
        return _("The speaker has the floor.")
    if action == "speaker_stop":
        services.speaker_stop(request=_request(conference, data["request"]), by=by)
        return _("The speaker is stopped.")
    if action == "speaker_withdraw":
        services.speaker_withdraw(request=_request(conference, data["request"]), by=by)
        return _("The request to speak is withdrawn.")
    if action == "speaker_up":
        moved = _request(conference, data["request"])
        order = list(
            moved.item.speakers.filter(state="requested")
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        index = order.index(moved.pk) if moved.pk in order else -1
        if index > 0:
            order[index - 1], order[index] = order[index], order[index - 1]
        services.speakers_reorder(item=moved.item, order=order, by=by)
        return _("The list of speakers is reordered.")
    if action == "projector_message":
        projector.projector_show(conference=conference, message=data["message"], by=by)
        return _("The projector shows the message.")
    if action == "projector_result":
        projector.projector_show(conference=conference, result=True, by=by)
        return _("The projector shows the last result.")
    if action == "projector_clear":
        projector.projector_show(conference=conference, by=by)
        return _("The projector's message is cleared.")
    if action == "letter_present":
        letter = Letter.objects.filter(key=data["letter"]).first()
        if letter is None:
            raise Http404
        services.letter_present(letter=letter, item=_item(conference, data["item"]), by=by)
        return _("The letter “%(s)s” is presented.") % {"s": letter.subject}
    raise Http404


@require_POST
def console_act(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles = _chair(request, key)
    back = reverse("conference-console", args=[conference.key])
    action = request.POST.get("action", "")
    try:
        if action == "speech_record":
            note = _record_speech(request, conference)
        elif action == "appoint":
            note = _appoint(request, conference)
        else:
            form = ActionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("That action could not be read; nothing was changed."))
                return redirect(back)
            note = _act(request, conference, form.cleaned_data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(back)
    except PermissionDenied:
        raise Http404 from None
    if note:
        messages.success(request, note)
    return redirect(back)


def _record_speech(request: HttpRequest, conference: Conference) -> str:
    form = SpeechForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    speaker = _participant(conference, data["participant"]).person
    current = conference.agenda_items.filter(is_current=True).first()
    speech = services.speech_record(
        conference=conference,
        speaker=speaker,
        title=data["title"],
        text=data["text"],
        item=current,
        published=data["published"],
        by=request.user,
    )
    return _("The speech “%(t)s” is recorded.") % {"t": speech.title}


def _appoint(request: HttpRequest, conference: Conference) -> str:
    form = AppointForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    person = Person.objects.filter(key=data["person"]).first()
    body = Body.objects.filter(key=data["body"]).first()
    position = Position.objects.filter(key=data["position"]).first()
    if person is None or body is None or position is None:
        raise ValidationError(_("No person, body or position has that key."))
    services.conference_appointment_make(
        conference=conference,
        person=person,
        body=body,
        position=position,
        starts_on=data["starts_on"],
        by=request.user,
    )
    return _("%(p)s is appointed.") % {"p": person.display_name}


@require_GET
def delegate(request: HttpRequest, key: str) -> HttpResponse:
    conference, roles, level = _conference(request, key)
    me = _my_participant(conference, roles)
    head = _head(conference, level)
    mine: SpeakerRequest | None = None
    place: int | None = None
    state = head["state"]
    if me is not None and state.item is not None:
        mine = (
            SpeakerRequest.objects.filter(
                item_id=state.item.id, participant=me, state__in=["requested", "speaking"]
            )
            .order_by("id")
            .first()
        )
        if mine is not None and mine.state == "requested":
            ids = [s.id for s in state.waiting]
            place = ids.index(mine.pk) + 1 if mine.pk in ids else None
    return render(
        request,
        "conferences/delegate.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            **head,
            **_live(conference),
            "me": me,
            "mine": mine,
            "place": place,
            "token_form": TokenForm(),
        },
    )


@require_POST
def delegate_speak(request: HttpRequest, key: str) -> HttpResponse:
    conference, roles, _level = _conference(request, key)
    me = _my_participant(conference, roles)
    if me is None:
        raise Http404
    back = reverse("conference-delegate", args=[conference.key])
    form = ActionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in (
        "speaker_add",
        "speaker_withdraw",
    ):
        messages.error(request, _("That action could not be read; nothing was changed."))
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["action"] == "speaker_add":
            services.speaker_request(
                item=_item(conference, data["item"]),
                participant=me,
                point_of_order=data["point_of_order"],
                by=request.user,
            )
            messages.success(request, _("You are on the list of speakers."))
        else:
            found = _request(conference, data["request"])
            if found.participant_id != me.pk:
                raise Http404
            services.speaker_withdraw(request=found, by=request.user)
            messages.success(request, _("Your request to speak is withdrawn."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied:
        raise Http404 from None
    return redirect(back)


@require_POST
def delegate_check_in(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles, _level = _conference(request, key)
    back = reverse("conference-delegate", args=[conference.key])
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the token of your invitation."))
        return redirect(back)
    token = form.cleaned_data["token"]
    # A token of another conference is refused here, before anything is written.
    if not conference.participants.filter(invitation_token=token).exists():
        messages.error(request, _("That invitation is not valid for this conference."))
        return redirect(back)
    try:
        services.participant_check_in_by_token(token=token, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(back)
    messages.success(request, _("You are checked in. Welcome!"))
    return redirect(back)


@require_GET
def projector_page(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles, _level = _conference(request, key)
    # The hall's screen shows what the public may see, whoever is logged in on it.
    # What the chair puts over it is for the conference's own audience (an internal
    # conference's screen is for its members): never an internal or hidden item's result.
    audience = ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS
    shown = projector.projector_display(conference=conference, level=audience)
    return render(
        request,
        "conferences/projector.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            **_head(conference, ev.PUBLIC),
            **_live(conference),
            "shown": shown,
            "shown_result": result_view(shown.result) if shown.result is not None else None,
        },
    )


@require_http_methods(["GET", "POST"])
def projector_token(request: HttpRequest, key: str) -> HttpResponse:
    """The AV desk's token: who issued it and when; issue a new one (shown once, on this
    response only) or withdraw it. The chair level only."""
    conference, _roles = _chair(request, key)
    issued = ""
    if request.method == "POST":
        form = ProjectorTokenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That action could not be read; nothing was changed."))
            return redirect("conference-projector-token", conference.key)
        try:
            if form.cleaned_data["action"] == "rotate":
                issued = projector.projector_token_rotate(conference=conference, by=request.user)
            else:
                projector.projector_token_revoke(conference=conference, by=request.user)
                messages.success(request, _("The projector token is withdrawn."))
                return redirect("conference-projector-token", conference.key)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("conference-projector-token", conference.key)
        except PermissionDenied:
            raise Http404 from None
    current = (
        projector.ProjectorToken.objects.select_related("issued_by")
        .filter(conference=conference)
        .first()
    )
    response = render(
        request,
        "conferences/projector_token.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "current": current,
            "issued": issued,
        },
    )
    response["Cache-Control"] = "no-store"  # the token is shown once: never kept by a cache
    return response


@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, key: str) -> HttpResponse:
    conference, _roles = _chair(request, key)
    if request.method == "POST":
        branch = Branch.objects.filter(key=request.POST.get("branch", "")[:100]).first()
        if branch is None:
            messages.error(request, _("Choose a delegation."))
        else:
            try:
                count = services.participants_check_in(
                    conference=conference, branch=branch, by=request.user
                )
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("%(n)s participants checked in.") % {"n": count})
        return redirect(reverse("conference-participants", args=[conference.key]))
    form = SearchForm(request.GET)
    rows = selectors.participant_list(conference=conference)
    query = ""
    page_number = 1
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        page_number = form.cleaned_data["page"] or 1
    if query:
        rows = rows.filter(
            Q(person__display_name__icontains=query)
            | Q(represents_branch__name__icontains=query)
            | Q(represents_partner__name__icontains=query)
        )
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    branches = Branch.objects.filter(pk__in=conference.participants.values("represents_branch"))
    return render(
        request,
        "conferences/participants.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "form": form,
            "page": page,
            "branches": branches.order_by("name"),
            "attendance": selectors.attendance(conference=conference),
        },
    )
