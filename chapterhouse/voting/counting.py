"""A poll's choices checked, and its result counted from stored ballots with ``tally.py``.

The close service and ``chapterhouse verify-poll`` both call :func:`result_of`, so a recount
from the stored ballots is compared with the stored result field by field. A result is plain
JSON: every number a string of its exact ``Decimal`` value, every list in the poll's order."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from chapterhouse.voting import tally
from chapterhouse.voting.majority import (
    Base,
    Comparison,
    MotionResult,
    Quorum,
    QuorumOf,
    Threshold,
    simple_majority,
)
from chapterhouse.voting.models import (
    MOTION_METHODS,
    RANKED_METHODS,
    SELECTION_METHODS,
    Method,
    PaperCount,
    Poll,
)
from chapterhouse.voting.tally import Choice, ElectionResult, NextBallot


def _whole(value: object) -> int:
    """A whole number as stored: an ``int`` (never a float, which has already been rounded)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def thresholds_of(poll: Poll) -> list[Threshold]:
    """The stored thresholds (a simple majority of votes cast when none are stored)."""
    if not poll.thresholds:
        return [simple_majority(Base.CAST)]
    return [
        Threshold(
            _whole(t["numerator"]),
            _whole(t["denominator"]),
            Comparison(t["comparison"]),
            Base(t.get("base", Base.CAST)),
        )
        for t in poll.thresholds
    ]


def quorum_of(poll: Poll) -> Quorum | None:
    q = poll.quorum
    if not q:
        return None
    number = q.get("number")
    if isinstance(number, float | bool):
        raise TypeError(f"{number!r} is not an exact number")
    return Quorum(
        of=QuorumOf(q["of"]),
        numerator=_whole(q.get("numerator", 1)),
        denominator=_whole(q.get("denominator", 2)),
        comparison=Comparison(q.get("comparison", Comparison.MORE_THAN)),
        number=None if number is None else Decimal(str(number)),
    )


def maximum_of(poll: Poll) -> int:
    if poll.max_choices is not None:
        return int(poll.max_choices)
    if poll.method == Method.AT_LARGE:
        return min(int(poll.seats), len(poll.options))
    return len(poll.options)


def check_settings(poll: Poll) -> None:
    """Raise ``TallyError`` when the poll's settings cannot be counted."""
    method = Method(poll.method)
    thresholds_of(poll)
    quorum_of(poll)
    if method in MOTION_METHODS:
        return
    options = tally.check_options(list(poll.options))
    if method in SELECTION_METHODS or method is Method.STV_SCOTTISH:
        tally.check_seats(int(poll.seats), options)
    if method is Method.MULTIPLE_CHOICE:
        tally.check_limits(int(poll.min_choices), maximum_of(poll), options)


def validate_choice(poll: Poll, choice: object) -> Any:
    """The ballot's choice as stored (JSON), or ``TallyError``."""
    method = Method(poll.method)
    options = list(poll.options)
    if method in MOTION_METHODS:
        allow = poll.allow_abstain and method is Method.YES_NO_ABSTAIN
        return str(tally.validate_motion_choice(choice, allow_abstain=allow))
    if method in (Method.SINGLE_CHOICE, Method.SINGLE_SEAT_MAJORITY):
        if choice is not None and not isinstance(choice, str):
            raise tally._error(tally.BAD_CHOICE, choice=choice)
        return tally.validate_single(choice, options, allow_abstain=poll.allow_abstain)
    if not isinstance(choice, list):
        raise tally._error(tally.BAD_CHOICE, choice=choice)
    if method in SELECTION_METHODS:
        minimum = int(poll.min_choices) if method is Method.MULTIPLE_CHOICE else 1
        return list(
            tally.validate_selection(
                choice,
                options,
                minimum=minimum,
                maximum=maximum_of(poll),
                allow_abstain=poll.allow_abstain,
            )
        )
    return list(tally.validate_ranking(choice, options, maximum=maximum_of(poll)))


def _num(value: Decimal | int) -> str:
    return str(Decimal(value))


def _motion_json(result: MotionResult) -> dict[str, Any]:
    return {
        "status": str(result.status),
        "yes": _num(result.yes),
        "no": _num(result.no),
        "abstain": _num(result.abstain),
        "tied": result.tied,
        "thresholds": [
            {
                "numerator": t.threshold.numerator,
                "denominator": t.threshold.denominator,
                "comparison": str(t.threshold.comparison),
                "base": str(t.threshold.base),
                "base_value": _num(t.base),
                "needed": t.smallest_whole_yes,
                "passed": t.passed,
            }
            for t in result.thresholds
        ],
        "quorum": None
        if result.quorum is None
        else {"present": _num(result.quorum.present), "met": result.quorum.met},
        "adopted": result.adopted,
    }


def _election_json(result: ElectionResult) -> dict[str, Any]:
    return {
        "status": str(result.status),
        "elected": list(result.elected),
        "tied": list(result.tied),
        "counts": [[option, _num(count)] for option, count in result.counts],
        "abstain": _num(result.abstain),
        "next_ballot": list(result.next_ballot),
        "quota": None if result.quota is None else _num(result.quota),
    }


def _part(poll: Poll, ballots: Sequence[tuple[Any, Decimal]]) -> dict[str, Any]:
    """Per-choice sums of one part (electronic or paper), for the record."""
    method = Method(poll.method)
    sums: dict[str, Decimal] = {}
    keys = ["yes", "no", "abstain"] if method in MOTION_METHODS else [*poll.options, "abstain"]
    for key in keys:
        sums[key] = Decimal(0)
    if method in RANKED_METHODS:
        for ranking, weight in ballots:
            first = ranking[0] if ranking else "abstain"
            sums[first] += weight
    else:
        for choice, weight in ballots:
            marks = choice if isinstance(choice, list) else [choice]
            if not marks or marks == [None]:
                sums["abstain"] += weight
            for mark in marks:
                if mark is not None:
                    sums[mark] += weight
    return {key: _num(value) for key, value in sums.items()}


def paper_ballots(poll: Poll, paper: PaperCount | None) -> list[tuple[Any, Decimal]]:
    """The paper count as weighted ballots of the poll's method (abstentions included)."""
    if paper is None:
        return []
    method = Method(poll.method)
    out: list[tuple[Any, Decimal]] = []
    for choice, count in sorted(paper.counts.items(), key=lambda kv: str(kv[0])):
        if int(count) > 0:
            out.append(([choice] if method in SELECTION_METHODS else choice, Decimal(count)))
    if paper.abstain:
        abstain: Any = "abstain" if method in MOTION_METHODS else None
        if method in SELECTION_METHODS:
            abstain = []
        out.append((abstain, Decimal(paper.abstain)))
    return out


def result_of(
    poll: Poll, ballots: Sequence[tuple[Any, Decimal]], paper: PaperCount | None
) -> dict[str, Any]:
    """The result of ``poll`` from its electronic ``ballots`` (choice, weight) and its paper
    count. Ties are reported with their tied set, never broken."""
    method = Method(poll.method)
    options = list(poll.options)
    on_paper = paper_ballots(poll, paper)
    every = [*ballots, *on_paper]
    # Paper ballots come from entitled people present who did not vote electronically: the
    # present weight frozen at open covers both parts (paper_count_enter checks it).
    present = Decimal(poll.present_weight or 0)
    entitled = Decimal(poll.entitled_weight or 0)
    body: dict[str, Any]
    if method in MOTION_METHODS:
        motion = tally.tally_motion(
            ballots=[(Choice(c), w) for c, w in every],
            thresholds=thresholds_of(poll),
            quorum=quorum_of(poll),
            allow_abstain=method is Method.YES_NO_ABSTAIN and poll.allow_abstain,
            present=present,
            registered=entitled,
            entitled=entitled,
        )
        body = _motion_json(motion)
    elif method is Method.SINGLE_CHOICE:
        body = _election_json(tally.single_choice(options=options, ballots=every))
    elif method is Method.SINGLE_SEAT_MAJORITY:
        body = _election_json(
            tally.single_seat_majority(
                options=options, ballots=every, next_ballot=NextBallot(poll.next_ballot)
            )
        )
    elif method is Method.MULTIPLE_CHOICE:
        counts = tally.multiple_choice(
            options=options,
            ballots=every,
            # A paper count enters as one mark per option; the electronic ballots were checked
            # against the fewest choices when they were cast.
            minimum=1 if on_paper else int(poll.min_choices),
            maximum=maximum_of(poll),
            allow_abstain=poll.allow_abstain,
        )
        body = {
            "status": "counted",
            "counts": [[o, _num(c)] for o, c in counts.counts],
            "abstain": _num(counts.abstain),
        }
    elif method is Method.AT_LARGE:
        body = _election_json(tally.at_large(options=options, ballots=every, seats=poll.seats))
    elif method is Method.APPROVAL:
        body = _election_json(tally.approval(options=options, ballots=every, seats=poll.seats))
    elif method is Method.INSTANT_RUNOFF:
        body = _election_json(tally.instant_runoff(options=options, ballots=every))
    elif method is Method.SCHULZE:
        body = _election_json(tally.schulze(options=options, ballots=every))
    else:
        body = _election_json(tally.stv_scottish(options=options, ballots=every, seats=poll.seats))
    return {
        "method": str(method),
        **body,
        "ballots": len(ballots),
        "electronic": _part(poll, ballots),
        "paper": None
        if paper is None
        else {
            **_part(poll, on_paper),
            "handed_in": paper.handed_in,
            "invalid": paper.invalid,
        },
        "entitled_weight": _num(entitled),
        "present_weight": _num(Decimal(poll.present_weight or 0)),
    }


def adopted(result: dict[str, Any]) -> bool:
    return bool(result.get("adopted"))
