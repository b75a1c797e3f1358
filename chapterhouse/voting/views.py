"""Pages of the voting context: a delegate's ballot (on a phone), the chair's poll controls and
the hall's projector. Thin: read through selectors, write through services; a missing and a
forbidden conference or poll are both 404. Every write is a plain POST that redirects back;
the live pages re-read their live region when the conference's stream says something changed
(conferences.js), and a ballot being marked is kept as it is (``hx-preserve``).

What a page shows of a poll is what the API answers (voting/api.py): drafts and polls on
hidden items to the chair only; while a poll is open, how many votes were cast to everyone and
the counts per choice to the chair only; the result once closed; never who voted what."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import Roles, roles_for
from chapterhouse.conferences import events as cev
from chapterhouse.conferences.models import Conference, Participant
from chapterhouse.conferences.selectors import (
    agenda,
    conference_access,
    participant_list,
    projector_state,
    viewer_level_for,
)
from chapterhouse.core.forms import apply_service_errors
from chapterhouse.core.journal import journal_since
from chapterhouse.voting import errors as msg
from chapterhouse.voting import selectors, services
from chapterhouse.voting.forms import (
    TEMPLATE_LABELS,
    TEMPLATES,
    BallotForm,
    ChairActionForm,
    DelegationForm,
    EndDelegationForm,
    PaperForm,
    PollForm,
    ballot_kind,
    motion_choices,
    new_client_key,
    poll_initial,
    template_initial,
)
from chapterhouse.voting.models import (
    MOTION_METHODS,
    TITLE_MAX_LENGTH,
    Delegation,
    Method,
    NextBallotRule,
    Poll,
    PollState,
    Secrecy,
)

# --- access -----------------------------------------------------------------------------------


def _conference(request: HttpRequest, key: str) -> tuple[Conference, Roles, str]:
    roles = roles_for(request.user)
    conference = conference_access(key=key, roles=roles)
    return conference, roles, viewer_level_for(conference, roles)


def _chair(request: HttpRequest, key: str) -> Conference:
    conference, _roles, level = _conference(request, key)
    if level != cev.CHAIR:
        raise Http404
    return conference


def _poll(conference: Conference, level: str, poll_id: int) -> Poll:
    poll = selectors.visible_polls(conference, level).filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    return poll


def _me(conference: Conference, roles: Roles) -> Participant | None:
    if roles.person_id is None:
        return None
    return (
        conference.participants.select_related("person").filter(person_id=roles.person_id).first()
    )


def _title(conference: Conference, request: HttpRequest) -> str:
    return conference.title(getattr(request, "LANGUAGE_CODE", "en"))


def _live(conference: Conference) -> dict[str, Any]:
    """What a live page needs to follow the conference from the moment it was built."""
    newest = (
        journal_since(scope=conference.scope).order_by("-id").values_list("id", flat=True).first()
    )
    return {
        "live_scope": conference.scope,
        "live_last_id": newest or 0,
        "live_kinds": " ".join(cev.EVENTS),
    }


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


# --- how a result reads -------------------------------------------------------------------------

STATUS_LABELS = {
    "adopted": gettext_lazy("Adopted"),
    "rejected": gettext_lazy("Rejected"),
    "tied": gettext_lazy("Tie"),
    "no_quorum": gettext_lazy("No quorum"),
    "no_votes": gettext_lazy("No votes"),
    "elected": gettext_lazy("Elected"),
    "no_election": gettext_lazy("No election: another ballot is needed"),
    "unfilled": gettext_lazy("Seats left unfilled"),
    "counted": gettext_lazy("Counted"),
}
STATUS_TONES = {"adopted": "ok", "elected": "ok", "counted": "info", "tied": "warn"}
BASE_LABELS = {
    "cast": gettext_lazy("votes cast"),
    "cast_with_abstentions": gettext_lazy("votes cast, abstentions included"),
    "present": gettext_lazy("votes present"),
    "entitled": gettext_lazy("all entitled votes"),
}
COMPARISON_LABELS = {
    "at_least": gettext_lazy("at least"),
    "more_than": gettext_lazy("more than"),
}
STATE_TONES = {"open": "ok", "draft": "info", "cancelled": "danger", "closed": ""}


def number(value: object) -> str:
    """A stored count as people read it: 30, 1.5 (never 30.000)."""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _percent(part: Decimal, whole: Decimal) -> int:
    return 0 if whole <= 0 else int(min(Decimal(100), part * 100 / whole))


def _rows(pairs: list[tuple[str, str]], marked: set[str] | None = None) -> list[dict[str, Any]]:
    values = [Decimal(v) for _label, v in pairs]
    whole = sum(values, Decimal(0))
    return [
        {
            "label": label,
            "value": number(v),
            "percent": _percent(Decimal(v), whole),
            "marked": marked is not None and label in marked,
        }
        for (label, v) in pairs
    ]


def result_view(poll: Poll) -> dict[str, Any] | None:
    """What the result pages show of a closed poll: the status, bars with numbers, the base
    and the thresholds (or the quota), and what comes next."""
    result = poll.result
    if poll.state != PollState.CLOSED or not result:
        return None
    status = str(result.get("status", ""))
    view: dict[str, Any] = {
        "status": status,
        "status_label": STATUS_LABELS.get(status, status),
        "tone": STATUS_TONES.get(status, "danger"),
        "ballots": result.get("ballots", 0),
        "paper": result.get("paper"),
    }
    if poll.method in MOTION_METHODS:
        labels = dict(motion_choices(poll))
        pairs = [(str(labels["yes"]), result["yes"]), (str(labels["no"]), result["no"])]
        if Decimal(result.get("abstain", "0")) or poll.method == Method.YES_NO_ABSTAIN:
            pairs.append((_("Abstain"), result["abstain"]))
        view["rows"] = _rows(pairs)
        view["thresholds"] = [
            _("%(comparison)s %(n)s/%(d)s of the %(base)s (%(value)s): %(needed)s needed")
            % {
                "comparison": COMPARISON_LABELS.get(t["comparison"], t["comparison"]),
                "n": t["numerator"],
                "d": t["denominator"],
                "base": BASE_LABELS.get(t["base"], t["base"]),
                "value": number(t["base_value"]),
                "needed": t["needed"] if t["needed"] is not None else "—",
            }
            for t in result.get("thresholds", [])
        ]
        quorum = result.get("quorum")
        if quorum:
            view["quorum"] = (
                _("Quorum met: %(present)s present.")
                if quorum["met"]
                else _("No quorum: %(present)s present.")
            ) % {"present": number(quorum["present"])}
        return view
    pairs = [(str(o), str(c)) for o, c in result.get("counts", [])]
    if Decimal(str(result.get("abstain", "0"))):
        pairs.append((_("Abstain"), str(result["abstain"])))
    view["rows"] = _rows(pairs, set(result.get("elected", [])))
    view["elected"] = result.get("elected", [])
    view["tied"] = result.get("tied", [])
    view["next_ballot"] = result.get("next_ballot", [])
    if result.get("quota") is not None:
        view["quota"] = number(result["quota"])
    if poll.method in (Method.INSTANT_RUNOFF, Method.SCHULZE, Method.STV_SCOTTISH):
        view["first_preferences"] = True
    return view


def live_counts_view(poll: Poll) -> list[dict[str, Any]]:
    """The chair's counts per choice while a poll is open (sums only)."""
    counts = selectors.live_counts(poll)
    if poll.method in MOTION_METHODS:
        labels = dict(motion_choices(poll))
        pairs = [(str(labels.get(k, _("Abstain"))), counts[k]) for k in ("yes", "no", "abstain")]
    else:
        pairs = [(str(o), counts[o]) for o in poll.options]
        pairs.append((_("Abstain"), counts["abstain"]))
    return _rows(pairs)


def poll_summary(poll: Poll) -> dict[str, Any]:
    """What every live screen shows of a poll: its state, the count of votes cast while open
    (never what they are), the secrecy note and the result once closed."""
    return {
        "poll": poll,
        "cast": selectors.cast_count(poll),
        "entitled": poll.entitlements.count(),
        "secrecy_note": selectors.SECRECY_NOTES[Secrecy(poll.secrecy)],
        "result": result_view(poll),
        "tone": STATE_TONES.get(poll.state, ""),
    }


# --- the delegate's ballot ----------------------------------------------------------------------


def ballot_cookie(poll: Poll) -> str:
    """The cookie that keeps, in the voter's browser only, the key a ballot was cast under, so
    that the same device can replace it where the poll allows changing one's vote."""
    return f"ballot-{poll.pk}"


def _ballot_card(
    poll: Poll, me: Participant | None, client_key: str, earlier_key: str | None = None
) -> dict[str, Any]:
    card = poll_summary(poll)
    if me is None or poll.state != PollState.OPEN:
        return card
    carried = selectors.votes_carried(poll, me.pk)
    owners = [e.owner_id for e in carried]
    used = selectors.votes_used(poll, owners) if owners else 0
    card.update(
        {
            "carried": [
                {
                    "owner": e.owner_id,
                    "name": e.delegated_from.person.display_name
                    if e.delegated_from is not None
                    else me.person.display_name,
                    "delegated": e.delegated_from_id is not None,
                    "weight": number(e.weight),
                }
                for e in carried
            ],
            "voted": bool(owners) and used == len(owners),
            "delegated_away": not owners and selectors.delegated_away(poll, me.pk),
            "kind": ballot_kind(poll),
        }
    )
    changing = card["voted"] and poll.allow_vote_change and earlier_key is not None
    card["changing"] = changing
    if owners and (not card["voted"] or changing):
        initial = {"client_key": client_key, "replaces": earlier_key if changing else ""}
        labels = {c["owner"]: c["name"] for c in card["carried"]}
        card["form"] = BallotForm(poll=poll, owners=owners, initial=initial)
        if len(owners) > 1:
            card["split_form"] = BallotForm(
                poll=poll, owners=owners, split=True, labels=labels, initial=initial
            )
    return card


@require_GET
def vote(request: HttpRequest, key: str) -> HttpResponse:
    """The delegate's voting page: the open polls, a ballot for each vote they carry."""
    conference, roles, level = _conference(request, key)
    me = _me(conference, roles)
    visible = selectors.visible_polls(conference, level)
    key_now = new_client_key()
    open_polls = [
        _ballot_card(p, me, key_now, request.COOKIES.get(ballot_cookie(p)))
        for p in visible.filter(state=PollState.OPEN)
    ]
    closed = [
        poll_summary(p)
        for p in visible.filter(state=PollState.CLOSED).order_by("-closed_at", "-id")[:3]
    ]
    return render(
        request,
        "voting/vote.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "me": me,
            "open_polls": open_polls,
            "closed_polls": closed,
            "is_chair": level == cev.CHAIR,
            **_live(conference),
        },
    )


def _receipts_text(request: HttpRequest, poll: Poll, cast: services.Cast, me: Participant) -> str:
    names = dict(
        Participant.objects.filter(pk__in=[v for v, _r in cast.receipts]).values_list(
            "pk", "person__display_name"
        )
    )
    if len(cast.receipts) == 1:
        codes = cast.receipts[0][1]
    else:
        codes = "; ".join(f"{names.get(v, v)}: {r}" for v, r in cast.receipts)
    if cast.repeated:
        return _("Your vote in “%(poll)s” was already recorded. Receipt: %(codes)s") % {
            "poll": poll.title,
            "codes": codes,
        }
    return _("Your vote in “%(poll)s” was recorded. Receipt: %(codes)s") % {
        "poll": poll.title,
        "codes": codes,
    }


@require_POST
def cast(request: HttpRequest, key: str, poll_id: int) -> HttpResponse:
    conference, roles, level = _conference(request, key)
    poll = _poll(conference, level, poll_id)
    back = reverse("poll-vote", args=[conference.key])
    me = _me(conference, roles)
    if me is None:
        messages.error(request, str(msg.NOT_ENTITLED))
        return redirect(back)
    owners = [e.owner_id for e in selectors.votes_carried(poll, me.pk)]
    split = request.POST.get("mode") == "split" and len(owners) > 1
    form = BallotForm(request.POST, poll=poll, owners=owners, split=split)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        if any(name != "__all__" for name in form.errors):
            messages.error(request, _("Mark your ballot; nothing was cast."))
        return redirect(back)
    try:
        done = services.ballot_cast(
            poll=poll,
            participant=me,
            client_key=form.cleaned_data["client_key"],
            replaces=form.cleaned_data.get("replaces") or None,
            by=request.user,
            **form.ballot(),
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or str(msg.NOT_ENTITLED))
        return redirect(back)
    except ValidationError as error:
        _errors(request, error)
        return redirect(back)
    messages.success(request, _receipts_text(request, poll, done, me))
    response = redirect(back)
    if poll.allow_vote_change:  # the key stays on this device, for a change until close
        response.set_cookie(
            ballot_cookie(poll),
            form.cleaned_data["client_key"],
            max_age=7 * 24 * 3600,
            path=f"/conferences/{conference.key}/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Strict",
        )
    return response


# --- the chair's controls -----------------------------------------------------------------------


@require_GET
def poll_list(request: HttpRequest, key: str) -> HttpResponse:
    """The conference's polls as the viewer may see them; the chair starts new ones here."""
    conference, _roles, level = _conference(request, key)
    polls = [poll_summary(p) for p in selectors.visible_polls(conference, level)]
    return render(
        request,
        "voting/poll_list.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "polls": polls,
            "is_chair": level == cev.CHAIR,
            "templates": [(name, TEMPLATE_LABELS[name]) for name in TEMPLATES],
        },
    )


def _items(conference: Conference) -> list[tuple[int, str]]:
    return [
        (row.id, f"{row.number} {row.title}")
        for row in agenda(conference=conference, level=cev.CHAIR)
    ]


@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest, key: str) -> HttpResponse:
    conference = _chair(request, key)
    template = request.GET.get("template", "motion")
    form = PollForm(
        request.POST if request.method == "POST" else None,
        initial=template_initial(template),
        items=_items(conference),
    )
    if request.method == "POST" and form.is_valid():
        settings = form.settings()
        item_id = settings.pop("item")
        item = conference.agenda_items.filter(pk=item_id).first() if item_id else None
        try:
            poll = services.poll_create(
                conference=conference, item=item, by=request.user, **settings
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The draft poll “%(t)s” is made.") % {"t": poll.title})
            return redirect(reverse("poll-detail", args=[conference.key, poll.pk]))
    return render(
        request,
        "voting/poll_form.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "form": form,
            "poll": None,
            "template_label": TEMPLATE_LABELS.get(template, TEMPLATE_LABELS["motion"]),
        },
    )


@require_http_methods(["GET", "POST"])
def poll_edit(request: HttpRequest, key: str, poll_id: int) -> HttpResponse:
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    detail = reverse("poll-detail", args=[conference.key, poll.pk])
    if poll.state != PollState.DRAFT:
        messages.error(request, msg.NOT_DRAFT.format(state=PollState(poll.state).label))
        return redirect(detail)
    form = PollForm(
        request.POST if request.method == "POST" else None,
        initial=poll_initial(poll),
        items=_items(conference),
        thresholds=poll.thresholds,
        quorum=poll.quorum,
    )
    if request.method == "POST" and form.is_valid():
        settings = form.settings()
        item_id = settings.pop("item")
        item = conference.agenda_items.filter(pk=item_id).first() if item_id else None
        try:
            services.poll_update(poll=poll, item=item, by=request.user, **settings)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The draft poll is saved."))
            return redirect(detail)
    return render(
        request,
        "voting/poll_form.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "form": form,
            "poll": poll,
        },
    )


@require_GET
def poll_detail(request: HttpRequest, key: str, poll_id: int) -> HttpResponse:
    conference, _roles, level = _conference(request, key)
    poll = _poll(conference, level, poll_id)
    is_chair = level == cev.CHAIR
    summary = poll_summary(poll)
    return render(
        request,
        "voting/poll_detail.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            **summary,
            "is_chair": is_chair,
            "counts": live_counts_view(poll) if is_chair and poll.state == PollState.OPEN else None,
            "paper": getattr(poll, "paper", None) if is_chair else None,
            "may_repeat": is_chair and poll.state in (PollState.CLOSED, PollState.CANCELLED),
            **_live(conference),
        },
    )


def _repeat(poll: Poll, by: Any) -> Poll:
    """A new draft from a closed or cancelled poll's settings: for "no election" under the
    runoff rule, only the candidates the result names for the next ballot."""
    result = poll.result or {}
    options = list(poll.options)
    following = [o for o in result.get("next_ballot", []) if o in options]
    if (
        result.get("status") == "no_election"
        and poll.next_ballot == NextBallotRule.RUNOFF
        and len(following) >= 1
    ):
        options = following
    title = _("%(title)s (new ballot)") % {"title": poll.title}
    return services.poll_create(
        conference=poll.conference,
        item=poll.item,
        title=title[:TITLE_MAX_LENGTH],
        subject=poll.subject,
        method=poll.method,
        options=options,
        seats=poll.seats,
        min_choices=poll.min_choices,
        max_choices=None if poll.max_choices is None else min(poll.max_choices, len(options)),
        allow_abstain=poll.allow_abstain,
        thresholds=poll.thresholds,
        quorum=poll.quorum,
        next_ballot=poll.next_ballot,
        secrecy=poll.secrecy,
        require_presence=poll.require_presence,
        allow_delegation=poll.allow_delegation,
        forbid_delegator=poll.forbid_delegator,
        paper_allowed=poll.paper_allowed,
        allow_vote_change=poll.allow_vote_change,
        publish_receipts=poll.publish_receipts,
        by=by,
    )


@require_POST
def poll_act(request: HttpRequest, key: str, poll_id: int) -> HttpResponse:
    """The chair's buttons on a poll: open, close, cancel, repeat the ballot."""
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    back = reverse("poll-detail", args=[conference.key, poll.pk])
    form = ChairActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action could not be read; nothing was changed."))
        return redirect(back)
    action = form.cleaned_data["action"]
    by = request.user
    try:
        if action == "open":
            services.poll_open(poll=poll, by=by)
            messages.success(request, _("The poll is open."))
        elif action == "close":
            services.poll_close(poll=poll, by=by)
            messages.success(request, _("The poll is closed and counted."))
        elif action == "cancel":
            services.poll_cancel(poll=poll, by=by)
            messages.success(request, _("The poll is cancelled."))
        else:
            if poll.state not in (PollState.CLOSED, PollState.CANCELLED):
                raise ValidationError(_("Only a closed or cancelled poll is repeated."))
            made = _repeat(poll, by)
            messages.success(request, _("A new ballot is drafted; check it and open it."))
            return redirect(reverse("poll-edit", args=[conference.key, made.pk]))
    except ValidationError as error:
        _errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    return redirect(back)


def _paper_choices(poll: Poll) -> list[tuple[str, str]]:
    if poll.method in MOTION_METHODS:
        labels = dict(motion_choices(poll))
        return [("yes", str(labels["yes"])), ("no", str(labels["no"]))]
    return [(o, o) for o in poll.options]


@require_http_methods(["GET", "POST"])
def poll_paper(request: HttpRequest, key: str, poll_id: int) -> HttpResponse:
    """The tellers' count of the paper ballots, while the poll is open."""
    conference = _chair(request, key)
    poll = _poll(conference, cev.CHAIR, poll_id)
    detail = reverse("poll-detail", args=[conference.key, poll.pk])
    existing = getattr(poll, "paper", None) if poll.paper_allowed else None
    initial: dict[str, Any] = {}
    choices = _paper_choices(poll)
    if existing is not None:
        initial = {
            "handed_in": existing.handed_in,
            "abstain": existing.abstain,
            "invalid": existing.invalid,
            **{
                f"count_{i}": existing.counts.get(value, 0)
                for i, (value, _label) in enumerate(choices)
            },
        }
    form = PaperForm(
        request.POST if request.method == "POST" else None, initial=initial, choices=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_count_enter(
                poll=poll,
                counts=form.counts(),
                handed_in=form.cleaned_data["handed_in"],
                abstain=form.cleaned_data["abstain"],
                invalid=form.cleaned_data["invalid"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The paper count is entered."))
            return redirect(detail)
    return render(
        request,
        "voting/paper.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "poll": poll,
            "form": form,
        },
    )


# --- delegations --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest, key: str) -> HttpResponse:
    """Who carries whose vote. The chair records any delegation; a participant with a voting
    right gives their own vote or takes it back. Polls already open keep what they froze."""
    conference, roles, level = _conference(request, key)
    is_chair = level == cev.CHAIR
    me = _me(conference, roles)
    if not is_chair and (me is None or not me.voting_right):
        raise Http404
    back = reverse("poll-delegations", args=[conference.key])
    voters = [
        (p.pk, p.person.display_name)
        for p in participant_list(conference=conference).filter(voting_right=True)
    ]
    delegators = voters if is_chair else [(p, n) for p, n in voters if me and p == me.pk]
    form = DelegationForm(
        request.POST if request.method == "POST" and "delegator" in request.POST else None,
        delegators=delegators,
        delegates=voters,
    )
    if request.method == "POST":
        end = EndDelegationForm(request.POST)
        try:
            if "delegation" in request.POST:
                if not end.is_valid():
                    raise Http404
                found = Delegation.objects.filter(
                    pk=end.cleaned_data["delegation"], conference=conference
                ).first()
                if found is None or not (is_chair or (me and found.delegator_id == me.pk)):
                    raise Http404
                services.delegation_end(delegation=found, by=request.user)
                messages.success(request, _("The delegation is ended."))
                return redirect(back)
            if form.is_valid():
                people = conference.participants.all()
                services.delegation_set(
                    delegator=people.get(pk=int(form.cleaned_data["delegator"])),
                    delegate=people.get(pk=int(form.cleaned_data["delegate"])),
                    by=request.user,
                )
                messages.success(request, _("The delegation is recorded."))
                return redirect(back)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
    rows = Delegation.objects.filter(conference=conference).select_related(
        "delegator__person", "delegate__person"
    )
    if not is_chair:
        rows = rows.filter(delegator=me) | rows.filter(delegate=me)
    return render(
        request,
        "voting/delegations.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "form": form,
            "rows": rows.order_by("id"),
            "is_chair": is_chair,
            "me": me,
        },
    )


# --- the projector ------------------------------------------------------------------------------


@require_GET
def projector(request: HttpRequest, key: str) -> HttpResponse:
    """The hall's screen for votes: what the public may see, whoever is logged in on it. The
    count of votes cast while a poll is open (never what they are); the result once closed."""
    conference, _roles, _level = _conference(request, key)
    shown = [poll_summary(p) for p in selectors.projector_polls(conference, cev.PUBLIC)]
    return render(
        request,
        "voting/projector.html",
        {
            "conference": conference,
            "title": _title(conference, request),
            "polls": shown,
            "state": projector_state(conference=conference, level=cev.PUBLIC),
            **_live(conference),
        },
    )
