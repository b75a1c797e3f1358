"""Counting every kind of poll, and validating its ballots. Pure.

Methods
-------
Motions (yes/no/abstain, yes/no)
    :func:`tally_motion` sums the weighted choices and applies the majority rules of
    :mod:`chapterhouse.voting.majority`.
One of several options; several of several (a minimum and a maximum per ballot)
    :func:`single_choice` and :func:`multiple_choice` count every option; :func:`single_choice`
    also names the option with the most votes.
Single seat by majority
    :func:`single_seat_majority`: elected with more than half of the votes for candidates
    (abstentions out, unless the poll counts them). When nobody has it, the per-poll
    :class:`NextBallot` rule says who stays on: everyone (``repeat``) or the two leading
    candidates (``runoff``); a tie for a runoff place is reported as a tied set.
Several seats
    :func:`at_large` (plurality at large: as many marks as seats) and :func:`approval` (a mark
    for any number of candidates): the most votes win; a tie at the last seat is reported.
Ranked ballots
    :func:`instant_runoff` (one seat), :func:`schulze` (one seat, beat-path on margins) and
    :func:`stv_scottish` (several seats: the Scottish STV rules of 2007, Droop quota, fractional
    transfers truncated to five decimal places).

Paper ballots
    :func:`check_paper_count` checks the tellers' count of paper ballots (whole numbers, known
    choices, totals that add up); it then enters a tally as weighted ballots.

Ties are reported, never broken at random
    Every result carries a status and, on a tie, the tied set. Where a method's own rules would
    draw lots (instant runoff's tie for last place, STV's equal surpluses or exclusions that the
    earlier stages do not separate) every way of deciding is counted ("parallel universes"): if
    all give the same winners, the tie did not matter and they are elected; if not, the result is
    ``tied`` with the candidates the lot would decide between. Nothing here iterates over a set or
    a dict in hash order: the order of options is the caller's, and every sort ends on it, so the
    same ballots give the same result under any ``PYTHONHASHSEED`` and in any ballot order.

Numbers
    Weights are ``Decimal`` (see :mod:`chapterhouse.voting.numbers`); counts are exact sums. The
    only rounding anywhere is the one STV's rules prescribe (transfer values truncated to five
    places).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from chapterhouse.voting.majority import Counts, MotionResult, Quorum, Threshold, decide
from chapterhouse.voting.numbers import TallyError, exact, gettext_noop, vote_number

Option = str
Weight = Decimal | int
Ranking = Sequence[Option]

# Bounds on what a poll can hold; far above any assembly, low enough that no count is slow.
MAX_OPTIONS = 100
MAX_OPTION_LENGTH = 200
MAX_SEATS = 99
# Each branch point of a lot multiplies the counts; past this many, see _explore.
MAX_UNIVERSES = 64
# Sums of weights keep every digit: 1e12 per ballot, six places, and millions of ballots fit.
_PRECISION = 60

NO_OPTIONS = "no_options"
TOO_MANY_OPTIONS = "too_many_options"
BAD_OPTION = "bad_option"
DUPLICATE_OPTION = "duplicate_option"
UNKNOWN_OPTION = "unknown_option"
TOO_FEW_CHOICES = "too_few_choices"
TOO_MANY_CHOICES = "too_many_choices"
ABSTENTION_NOT_ALLOWED = "abstention_not_allowed"
BAD_CHOICE = "bad_choice"
BAD_LIMITS = "bad_limits"
BAD_SEATS = "bad_seats"
PAPER_NOT_WHOLE = "paper_not_whole"
PAPER_TOTAL_MISMATCH = "paper_total_mismatch"
PAPER_TOO_MANY_MARKS = "paper_too_many_marks"
PAPER_MARKS_EXCEED = "paper_marks_exceed"

MESSAGES: dict[str, str] = {
    NO_OPTIONS: gettext_noop("A poll needs at least one option."),
    TOO_MANY_OPTIONS: gettext_noop("A poll can have at most {limit} options, not {count}."),
    BAD_OPTION: gettext_noop(
        "An option must be a non-empty text of at most {limit} characters, without NUL."
    ),
    DUPLICATE_OPTION: gettext_noop("{option!r} appears more than once."),
    UNKNOWN_OPTION: gettext_noop("{option!r} is not an option of this poll."),
    TOO_FEW_CHOICES: gettext_noop("Choose at least {minimum} (you chose {count})."),
    TOO_MANY_CHOICES: gettext_noop("Choose at most {maximum} (you chose {count})."),
    ABSTENTION_NOT_ALLOWED: gettext_noop("This poll does not take abstentions."),
    BAD_CHOICE: gettext_noop("{choice!r} is not a choice of this poll."),
    BAD_LIMITS: gettext_noop(
        "The number of choices must run from {minimum} to {maximum} within 1 to {count}."
    ),
    BAD_SEATS: gettext_noop("The number of seats must be from 1 to {limit}, not {seats}."),
    PAPER_NOT_WHOLE: gettext_noop("A count of paper ballots must be a whole number ({name})."),
    PAPER_TOTAL_MISMATCH: gettext_noop(
        "The paper counts add up to {counted}, but {handed_in} paper ballots were handed in."
    ),
    PAPER_TOO_MANY_MARKS: gettext_noop(
        "{option!r} has {count} paper votes, more than the {valid} valid paper ballots could give."
    ),
    PAPER_MARKS_EXCEED: gettext_noop(
        "{counted} paper votes are more than {valid} valid paper ballots with at most {per_ballot} "
        "votes each could give."
    ),
}


def _error(code: str, **params: object) -> TallyError:
    return TallyError(code, MESSAGES[code], **params)


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Status(StrEnum):
    ELECTED = "elected"  # every seat filled (for a question: the option chosen)
    TIED = "tied"  # a tie decides a seat; ``tied`` holds who it is between
    NO_ELECTION = "no_election"  # nobody has the required majority: next ballot
    UNFILLED = "unfilled"  # fewer candidates with votes than seats


class NextBallot(StrEnum):
    REPEAT = "repeat"  # ballot again with every candidate
    RUNOFF = "runoff"  # ballot again between the two leading candidates


@dataclass(frozen=True)
class Stage:
    """One stage of a ranked count: what happened and the totals after it.

    STV: ``first`` (first preferences), ``surplus`` (``candidates``: whose surplus went on),
    ``exclusion`` (who was excluded) and ``remaining`` (who was elected as the last candidates
    continuing, rule 52); ``non_transferable`` is the weight lost so far. Instant runoff:
    ``round``, with ``candidates`` excluded after it (none after the last round).
    """

    action: str
    candidates: tuple[Option, ...]
    totals: tuple[tuple[Option, Decimal], ...]
    non_transferable: Decimal = Decimal(0)


@dataclass(frozen=True)
class ElectionResult:
    method: str
    status: Status
    seats: int
    elected: tuple[Option, ...]
    # Who a tie is between (status ``tied``); for a runoff, who is tied for a runoff place.
    tied: tuple[Option, ...]
    # Votes per option in the caller's order (first preferences for ranked methods).
    counts: tuple[tuple[Option, Decimal], ...]
    abstain: Decimal
    # Single seat by majority: who is on the next ballot for sure (``tied`` may add one of its own).
    next_ballot: tuple[Option, ...] = ()
    # Single seat by majority: the votes for candidates the majority was taken of.
    base: Decimal = Decimal(0)
    # Ranked methods: the stages of the count (STV: of the first way every lot is counted) or
    # the rounds (instant runoff, until a winner or a tie for last place).
    stages: tuple[Stage, ...] = ()
    quota: Decimal | None = None

    @property
    def winner(self) -> Option | None:
        return self.elected[0] if len(self.elected) == 1 and self.seats == 1 else None


@dataclass(frozen=True)
class ChoiceCounts:
    counts: tuple[tuple[Option, Decimal], ...]
    abstain: Decimal
    ballots: Decimal  # weight of every valid ballot, abstentions included


# --- validation -------------------------------------------------------------------------------


def check_options(options: Sequence[Option]) -> tuple[Option, ...]:
    """The poll's options, checked: at least one, at most MAX_OPTIONS, distinct, non-empty text."""
    if len(options) == 0:
        raise _error(NO_OPTIONS)
    if len(options) > MAX_OPTIONS:
        raise _error(TOO_MANY_OPTIONS, limit=MAX_OPTIONS, count=len(options))
    seen: dict[Option, None] = {}
    for option in options:
        if (
            not isinstance(option, str)
            or not option.strip()
            or len(option) > MAX_OPTION_LENGTH
            or "\x00" in option
        ):
            raise _error(BAD_OPTION, limit=MAX_OPTION_LENGTH)
        if option in seen:
            raise _error(DUPLICATE_OPTION, option=option)
        seen[option] = None
    return tuple(options)


def check_seats(seats: int, options: Sequence[Option]) -> int:
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise _error(BAD_SEATS, seats=seats, limit=MAX_SEATS)
    return seats


def check_limits(minimum: int, maximum: int, options: Sequence[Option]) -> None:
    ok = all(isinstance(n, int) and not isinstance(n, bool) for n in (minimum, maximum))
    if not ok or not 1 <= minimum <= maximum <= len(options):
        raise _error(BAD_LIMITS, minimum=minimum, maximum=maximum, count=len(options))


def validate_motion_choice(choice: object, *, allow_abstain: bool = True) -> Choice:
    """A yes/no(/abstain) ballot's choice."""
    if not isinstance(choice, str):
        raise _error(BAD_CHOICE, choice=choice)
    try:
        value = Choice(choice)
    except ValueError:
        raise _error(BAD_CHOICE, choice=choice) from None
    if value is Choice.ABSTAIN and not allow_abstain:
        raise _error(ABSTENTION_NOT_ALLOWED)
    return value


def validate_single(
    choice: Option | None, options: Sequence[Option], *, allow_abstain: bool = True
) -> Option | None:
    """A one-of-several ballot: an option, or ``None`` for an abstention."""
    if choice is None:
        if not allow_abstain:
            raise _error(ABSTENTION_NOT_ALLOWED)
        return None
    if choice not in options:
        raise _error(UNKNOWN_OPTION, option=choice)
    return choice


def _check_sequence(choices: Sequence[Option], options: Sequence[Option]) -> None:
    if isinstance(choices, str | bytes):
        # A text is a sequence of characters, not a list of options.
        raise _error(BAD_CHOICE, choice=choices)
    seen: dict[Option, None] = {}
    for choice in choices:
        if not isinstance(choice, str) or choice not in options:
            raise _error(UNKNOWN_OPTION, option=choice)
        if choice in seen:
            raise _error(DUPLICATE_OPTION, option=choice)
        seen[choice] = None


def validate_selection(
    selection: Sequence[Option],
    options: Sequence[Option],
    *,
    minimum: int = 1,
    maximum: int | None = None,
    allow_abstain: bool = True,
) -> tuple[Option, ...]:
    """A several-of-several ballot: distinct known options, from ``minimum`` to ``maximum`` of them.
    An empty selection is an abstention (when the poll takes them)."""
    maximum = len(options) if maximum is None else maximum
    if isinstance(selection, str | bytes):
        raise _error(BAD_CHOICE, choice=selection)
    if len(selection) == 0:
        if not allow_abstain:
            raise _error(ABSTENTION_NOT_ALLOWED)
        return ()
    if len(selection) > maximum:
        raise _error(TOO_MANY_CHOICES, maximum=maximum, count=len(selection))
    _check_sequence(selection, options)
    if len(selection) < minimum:
        raise _error(TOO_FEW_CHOICES, minimum=minimum, count=len(selection))
    # In the poll's order: the ballot's own order carries nothing.
    return tuple(option for option in options if option in selection)


def validate_ranking(
    ranking: Sequence[Option],
    options: Sequence[Option],
    *,
    minimum: int = 1,
    maximum: int | None = None,
) -> tuple[Option, ...]:
    """A ranked ballot: distinct known options, most preferred first, ``minimum`` to ``maximum``
    of them. Options left out rank below every ranked one."""
    maximum = len(options) if maximum is None else maximum
    if isinstance(ranking, str | bytes):
        raise _error(BAD_CHOICE, choice=ranking)
    if len(ranking) > maximum:
        raise _error(TOO_MANY_CHOICES, maximum=maximum, count=len(ranking))
    _check_sequence(ranking, options)
    if len(ranking) < minimum:
        raise _error(TOO_FEW_CHOICES, minimum=minimum, count=len(ranking))
    return tuple(ranking)


# --- helpers ----------------------------------------------------------------------------------

_T = TypeVar("_T")


def _weights(ballots: Sequence[tuple[_T, Weight]]) -> Iterator[tuple[_T, Decimal]]:
    for index, (choice, weight) in enumerate(ballots):
        yield choice, vote_number(weight, name=f"weight of ballot {index + 1}")


def _context() -> decimal.Context:
    context = decimal.Context(prec=_PRECISION)
    context.traps[decimal.Inexact] = False
    return context


def _counts(
    options: Sequence[Option], totals: dict[Option, Decimal]
) -> tuple[tuple[Option, Decimal], ...]:
    return tuple((option, totals[option]) for option in options)


def _top(
    options: Sequence[Option], totals: dict[Option, Decimal], seats: int
) -> tuple[Status, tuple[Option, ...], tuple[Option, ...]]:
    """The ``seats`` options with the most votes; a tie at the last seat is reported.
    An option with no votes is never elected."""
    index = {option: i for i, option in enumerate(options)}
    ordered = sorted((o for o in options if totals[o] > 0), key=lambda o: (-totals[o], index[o]))
    if len(ordered) <= seats:
        return (Status.ELECTED if len(ordered) == seats else Status.UNFILLED), tuple(ordered), ()
    cut = totals[ordered[seats - 1]]
    above = tuple(o for o in ordered if totals[o] > cut)
    at = tuple(o for o in ordered if totals[o] == cut)
    if len(above) + len(at) == seats:
        return Status.ELECTED, above + at, ()
    return Status.TIED, above, at


# --- paper ballots ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperCount:
    """The tellers' count of the paper ballots handed in, checked to add up.

    It enters a tally as weighted ballots, one per choice with its count as the weight
    (``(Choice.YES, yes_count)``, ``("option", count)``); :meth:`as_ballots` gives them. Ranked
    paper ballots cannot be summed: each is entered as a ranking of its own.
    """

    counts: tuple[tuple[str, Decimal], ...]
    abstain: Decimal
    invalid: Decimal
    handed_in: Decimal

    @property
    def valid(self) -> Decimal:
        return self.handed_in - self.invalid

    def as_ballots(self) -> list[tuple[str, Decimal]]:
        return [(choice, count) for choice, count in self.counts if count > 0]


def check_paper_count(
    *,
    choices: Sequence[str],
    counts: Mapping[str, Weight],
    handed_in: Weight,
    abstain: Weight = 0,
    invalid: Weight = 0,
    marks_per_ballot: int = 1,
) -> PaperCount:
    """The paper count, or a :class:`TallyError` when it cannot be right: a negative or broken
    number, a choice the poll does not have, or totals that do not add up.

    With one mark a ballot (yes/no/abstain, one of several, a single seat) the counts, the
    abstentions and the invalid ballots add up to the ballots handed in. With up to
    ``marks_per_ballot`` marks (several of several, at large, approval) no option can have more
    votes than there are valid ballots, and all marks together no more than that many a ballot.
    """
    whole: dict[str, Decimal] = {}
    named: dict[str, object] = {"handed in": handed_in, "abstain": abstain, "invalid": invalid}
    for choice in counts:
        if choice not in choices:
            raise _error(UNKNOWN_OPTION, option=choice)
    named.update({choice: counts.get(choice, 0) for choice in choices})
    for name, value in named.items():
        number = vote_number(value, name=name)
        if number != number.to_integral_value():
            raise _error(PAPER_NOT_WHOLE, name=name)
        whole[name] = number
    per_choice = tuple((choice, whole[choice]) for choice in choices)
    marks = sum((count for _, count in per_choice), Decimal(0))
    paper = PaperCount(
        counts=per_choice,
        abstain=whole["abstain"],
        invalid=whole["invalid"],
        handed_in=whole["handed in"],
    )
    if marks_per_ballot == 1:
        counted = marks + paper.abstain + paper.invalid
        if counted != paper.handed_in:
            raise _error(PAPER_TOTAL_MISMATCH, counted=counted, handed_in=paper.handed_in)
        return paper
    if paper.abstain + paper.invalid > paper.handed_in:
        raise _error(
            PAPER_TOTAL_MISMATCH,
            counted=paper.abstain + paper.invalid,
            handed_in=paper.handed_in,
        )
    marking = paper.valid - paper.abstain
    for choice, count in per_choice:
        if count > marking:
            raise _error(PAPER_TOO_MANY_MARKS, option=choice, count=count, valid=marking)
    if marks > marking * marks_per_ballot:
        raise _error(PAPER_MARKS_EXCEED, counted=marks, valid=marking, per_ballot=marks_per_ballot)
    return paper


# --- motions and option questions -------------------------------------------------------------


def tally_motion(
    *,
    ballots: Sequence[tuple[Choice, Weight]],
    thresholds: Sequence[Threshold],
    quorum: Quorum | None = None,
    allow_abstain: bool = True,
    present: Weight | None = None,
    registered: Weight | None = None,
    entitled: Weight | None = None,
) -> MotionResult:
    """A yes/no(/abstain) poll: the weighted sums, then :func:`~.majority.decide`."""
    sums = {Choice.YES: Decimal(0), Choice.NO: Decimal(0), Choice.ABSTAIN: Decimal(0)}
    with decimal.localcontext(_context()):
        for choice, weight in _weights(ballots):
            sums[validate_motion_choice(choice, allow_abstain=allow_abstain)] += weight
    counts = Counts(
        yes=sums[Choice.YES],
        no=sums[Choice.NO],
        abstain=sums[Choice.ABSTAIN],
        present=present,
        registered=registered,
        entitled=entitled,
    )
    return decide(counts=counts, thresholds=thresholds, quorum=quorum)


def _single_totals(
    options: Sequence[Option], ballots: Sequence[tuple[Option | None, Weight]], allow_abstain: bool
) -> tuple[dict[Option, Decimal], Decimal]:
    totals = dict.fromkeys(options, Decimal(0))
    abstain = Decimal(0)
    with decimal.localcontext(_context()):
        for choice, weight in _weights(ballots):
            checked = validate_single(choice, options, allow_abstain=allow_abstain)
            if checked is None:
                abstain += weight
            else:
                totals[checked] += weight
    return totals, abstain


def single_choice(
    *,
    options: Sequence[Option],
    ballots: Sequence[tuple[Option | None, Weight]],
    allow_abstain: bool = True,
) -> ElectionResult:
    """One of several options: each option's votes and the option with the most (or the tie)."""
    options = check_options(options)
    totals, abstain = _single_totals(options, ballots, allow_abstain)
    status, elected, tied = _top(options, totals, 1)
    return ElectionResult(
        method="single_choice",
        status=status,
        seats=1,
        elected=elected,
        tied=tied,
        counts=_counts(options, totals),
        abstain=abstain,
    )


def _selection_totals(
    options: Sequence[Option],
    ballots: Sequence[tuple[Sequence[Option], Weight]],
    minimum: int,
    maximum: int,
    allow_abstain: bool,
) -> tuple[dict[Option, Decimal], Decimal, Decimal]:
    totals = dict.fromkeys(options, Decimal(0))
    abstain = Decimal(0)
    weight_total = Decimal(0)
    with decimal.localcontext(_context()):
        for selection, weight in _weights(ballots):
            checked = validate_selection(
                selection, options, minimum=minimum, maximum=maximum, allow_abstain=allow_abstain
            )
            weight_total += weight
            if not checked:
                abstain += weight
            for option in checked:
                totals[option] += weight
    return totals, abstain, weight_total


def multiple_choice(
    *,
    options: Sequence[Option],
    ballots: Sequence[tuple[Sequence[Option], Weight]],
    minimum: int = 1,
    maximum: int | None = None,
    allow_abstain: bool = True,
) -> ChoiceCounts:
    """Several of several: each option's votes; every ballot chooses ``minimum`` to ``maximum``."""
    options = check_options(options)
    maximum = len(options) if maximum is None else maximum
    check_limits(minimum, maximum, options)
    totals, abstain, weight_total = _selection_totals(
        options, ballots, minimum, maximum, allow_abstain
    )
    return ChoiceCounts(counts=_counts(options, totals), abstain=abstain, ballots=weight_total)


# --- elections by marks -----------------------------------------------------------------------


def single_seat_majority(
    *,
    options: Sequence[Option],
    ballots: Sequence[tuple[Option | None, Weight]],
    next_ballot: NextBallot,
    abstentions_count: bool = False,
    allow_abstain: bool = True,
) -> ElectionResult:
    """One seat; elected with more than half of the votes for candidates (with
    ``abstentions_count``, of all votes). A plurality never elects.

    When nobody has it the status is ``no_election`` and ``next_ballot`` lists who stays on:
    everyone (``repeat``) or the two leading candidates (``runoff``). When the second runoff place
    is tied, ``next_ballot`` holds the leader and ``tied`` the candidates tied for second place;
    when three or more tie for first, ``next_ballot`` is empty and ``tied`` holds them. A tie for
    first place (nobody elected) has status ``tied``.
    """
    options = check_options(options)
    totals, abstain = _single_totals(options, ballots, allow_abstain)
    with decimal.localcontext(_context()):
        base = sum(totals.values(), Decimal(0)) + (abstain if abstentions_count else 0)
    counts = _counts(options, totals)
    index = {option: i for i, option in enumerate(options)}
    ordered = sorted(options, key=lambda o: (-totals[o], index[o]))
    leader = ordered[0]
    if base > 0 and exact(totals[leader]) * 2 > exact(base):
        return ElectionResult(
            method="single_seat_majority",
            status=Status.ELECTED,
            seats=1,
            elected=(leader,),
            tied=(),
            counts=counts,
            abstain=abstain,
            base=base,
        )
    first = tuple(o for o in ordered if totals[o] == totals[leader])
    status = Status.TIED if len(first) > 1 and totals[leader] > 0 else Status.NO_ELECTION
    sure: tuple[Option, ...]
    tied: tuple[Option, ...]
    if next_ballot is NextBallot.REPEAT or len(options) <= 2:
        sure, tied = tuple(options), ()
        if status is Status.TIED:
            tied = first
    elif len(first) == 2:
        sure, tied = first, ()
        if status is Status.TIED:
            tied = first
    elif len(first) > 2:
        sure, tied = (), first
    else:
        second_value = totals[ordered[1]]
        second = tuple(o for o in ordered if totals[o] == second_value)
        sure, tied = (first + second, ()) if len(second) == 1 else (first, second)
    return ElectionResult(
        method="single_seat_majority",
        status=status,
        seats=1,
        elected=(),
        tied=tied,
        counts=counts,
        abstain=abstain,
        next_ballot=sure,
        base=base,
    )


def _marks(
    method: str,
    options: Sequence[Option],
    ballots: Sequence[tuple[Sequence[Option], Weight]],
    seats: int,
    maximum: int,
    allow_abstain: bool,
) -> ElectionResult:
    totals, abstain, _ = _selection_totals(options, ballots, 1, maximum, allow_abstain)
    status, elected, tied = _top(options, totals, seats)
    return ElectionResult(
        method=method,
        status=status,
        seats=seats,
        elected=elected,
        tied=tied,
        counts=_counts(options, totals),
        abstain=abstain,
    )


def at_large(
    *,
    options: Sequence[Option],
    ballots: Sequence[tuple[Sequence[Option], Weight]],
    seats: int,
    allow_abstain: bool = True,
) -> ElectionResult:
    """Several seats by plurality at large: up to ``seats`` marks a ballot; the most votes win."""
    options = check_options(options)
    seats = check_seats(seats, options)
    return _marks("at_large", options, ballots, seats, min(seats, len(options)), allow_abstain)


def approval(
    *,
    options: Sequence[Option],
    ballots: Sequence[tuple[Sequence[Option], Weight]],
    seats: int = 1,
    allow_abstain: bool = True,
) -> ElectionResult:
    """Approval: a mark for any number of candidates; the most approvals win."""
    options = check_options(options)
    seats = check_seats(seats, options)
    return _marks("approval", options, ballots, seats, len(options), allow_abstain)


# --- ranked ballots ---------------------------------------------------------------------------


def _rankings(
    options: Sequence[Option], ballots: Sequence[tuple[Ranking, Weight]]
) -> list[tuple[tuple[Option, ...], Decimal]]:
    """Valid rankings with their summed weights, identical rankings merged, in a canonical order
    (so that the ballots' order cannot change any sum); rankings of no weight left out."""
    merged: dict[tuple[Option, ...], Decimal] = {}
    with decimal.localcontext(_context()):
        for ranking, weight in _weights(ballots):
            checked = validate_ranking(ranking, options)
            merged[checked] = merged.get(checked, Decimal(0)) + weight
    index = {option: i for i, option in enumerate(options)}
    # A ballot of weight zero is valid and counts for nothing.
    counted = [(ranking, weight) for ranking, weight in merged.items() if weight > 0]
    return sorted(counted, key=lambda item: [index[o] for o in item[0]])


def _first_preferences(
    rankings: Sequence[tuple[tuple[Option, ...], Decimal]],
    continuing: Sequence[Option],
) -> dict[Option, Decimal]:
    totals = dict.fromkeys(continuing, Decimal(0))
    for ranking, weight in rankings:
        for option in ranking:
            if option in totals:
                totals[option] += weight
                break
    return totals


def instant_runoff(
    *, options: Sequence[Option], ballots: Sequence[tuple[Ranking, Weight]]
) -> ElectionResult:
    """Instant runoff, one seat: a candidate with more than half of the continuing ballots' first
    preferences wins; otherwise the one with the fewest is excluded and its ballots go to their
    next continuing preference. A ballot with no continuing preference left is exhausted.

    A tie for last place is not broken: every choice of whom to exclude is counted. If each gives
    the same winner, that candidate wins; if not, the status is ``tied`` and ``tied`` lists every
    candidate some choice elects (pref_voting calls this "parallel universe tie-breaking").
    Candidates with no votes at all are excluded together (the order among them changes nothing).
    """
    options = check_options(options)
    rankings = _rankings(options, ballots)
    with decimal.localcontext(_context()):
        first = _first_preferences(rankings, options)
        memo: dict[tuple[Option, ...], tuple[Option, ...]] = {}
        budget = [MAX_UNIVERSES * 16]

        def winners(continuing: tuple[Option, ...]) -> tuple[Option, ...]:
            if continuing in memo:
                return memo[continuing]
            if budget[0] <= 0:
                # Too many ties to count every way: everyone still in could win.
                return continuing
            budget[0] -= 1
            result = _irv_step(rankings, continuing, winners)
            memo[continuing] = result
            return result

        found = winners(tuple(options))
        stages = _irv_rounds(rankings, tuple(options))
    status, elected, tied = (
        (Status.ELECTED, found, ()) if len(found) == 1 else (Status.TIED, (), found)
    )
    if not rankings:
        status, elected, tied = Status.UNFILLED, (), ()
    return ElectionResult(
        method="instant_runoff",
        status=status,
        seats=1,
        elected=elected,
        tied=tied,
        counts=_counts(options, first),
        abstain=Decimal(0),
        stages=stages,
    )


def _irv_step(
    rankings: Sequence[tuple[tuple[Option, ...], Decimal]],
    continuing: tuple[Option, ...],
    recurse: Callable[[tuple[Option, ...]], tuple[Option, ...]],
) -> tuple[Option, ...]:
    if len(continuing) == 1:
        return continuing
    totals = _first_preferences(rankings, continuing)
    total = sum(totals.values(), Decimal(0))
    if total == 0:
        return continuing
    for option in continuing:
        if totals[option] * 2 > total:
            return (option,)
    lowest = min(totals.values())
    losers = tuple(o for o in continuing if totals[o] == lowest)
    if lowest == 0:
        return recurse(tuple(o for o in continuing if totals[o] > 0))
    found: list[Option] = []
    for loser in losers:
        for option in recurse(tuple(o for o in continuing if o != loser)):
            if option not in found:
                found.append(option)
    return tuple(o for o in continuing if o in found)


def _irv_rounds(
    rankings: Sequence[tuple[tuple[Option, ...], Decimal]], continuing: tuple[Option, ...]
) -> tuple[Stage, ...]:
    """The rounds, for the record, until a winner or a tie for last place."""
    stages: list[Stage] = []
    while continuing:
        totals = _first_preferences(rankings, continuing)
        total = sum(totals.values(), Decimal(0))
        lowest = min(totals.values())
        losers = tuple(o for o in continuing if totals[o] == lowest)
        done = (
            len(continuing) == 1
            or total == 0
            or any(v * 2 > total for v in totals.values())
            or (len(losers) > 1 and lowest > 0)
        )
        stages.append(
            Stage(
                action="round",
                candidates=() if done else losers,
                totals=_counts(continuing, totals),
            )
        )
        if done:
            break
        continuing = tuple(o for o in continuing if o not in losers)
    return tuple(stages)


def schulze(
    *, options: Sequence[Option], ballots: Sequence[tuple[Ranking, Weight]]
) -> ElectionResult:
    """Schulze (beat-path), one seat, on margins: ``d[x][y]`` is the weight of ballots ranking x
    above y (a ranked option is above every unranked one), a path's strength is its weakest
    positive margin, and x beats y when its strongest path to y is stronger than y's to x. The
    winners are those nobody beats; more than one is a tie."""
    options = check_options(options)
    rankings = _rankings(options, ballots)
    count = len(options)
    index = {option: i for i, option in enumerate(options)}
    with decimal.localcontext(_context()):
        prefer = [[Decimal(0)] * count for _ in range(count)]
        for ranking, weight in rankings:
            ranked = [index[o] for o in ranking]
            unranked = [i for i in range(count) if options[i] not in ranking]
            for position, above in enumerate(ranked):
                for below in ranked[position + 1 :] + unranked:
                    prefer[above][below] += weight
        first = _first_preferences(rankings, options)
        none = Decimal(-1)  # no path; every real strength is positive
        strength = [
            [
                prefer[x][y] - prefer[y][x] if x != y and prefer[x][y] > prefer[y][x] else none
                for y in range(count)
            ]
            for x in range(count)
        ]
        for via in range(count):
            for x in range(count):
                if x == via or strength[x][via] == none:
                    continue
                for y in range(count):
                    if y in (x, via):
                        continue
                    through = min(strength[x][via], strength[via][y])
                    if through > strength[x][y]:
                        strength[x][y] = through
        found = tuple(
            options[x]
            for x in range(count)
            if all(strength[x][y] >= strength[y][x] for y in range(count) if y != x)
        )
    elected: tuple[Option, ...]
    tied: tuple[Option, ...]
    if not rankings:
        status, elected, tied = Status.UNFILLED, (), ()
    elif len(found) == 1:
        status, elected, tied = Status.ELECTED, found, ()
    else:
        status, elected, tied = Status.TIED, (), found
    return ElectionResult(
        method="schulze",
        status=status,
        seats=1,
        elected=elected,
        tied=tied,
        counts=_counts(options, first),
        abstain=Decimal(0),
    )


# --- Scottish STV -----------------------------------------------------------------------------

STV_PLACES = 5


def _transfer_value(surplus: Decimal, value: Decimal, total: Decimal) -> Decimal:
    """Rule 48(3): surplus × the paper's value / the candidate's total, to five decimal places,
    any remainder ignored. Computed as an exact fraction, then truncated: no other rounding."""
    share = exact(surplus) * exact(value) / exact(total) * 10**STV_PLACES
    return Decimal(share.numerator // share.denominator).scaleb(-STV_PLACES)


@dataclass
class _Parcel:
    ranking: tuple[Option, ...]
    value: Decimal  # the value of each paper in it
    papers: int  # how many papers (merged identical ballots of equal weight)

    @property
    def total(self) -> Decimal:
        return self.value * self.papers


@dataclass(frozen=True)
class _StvRun:
    elected: tuple[Option, ...]
    stages: tuple[Stage, ...]
    lots: tuple[int, ...]  # how many ways each lot of this run could go
    # Before the first lot: who was elected, and who could still be.
    elected_before_lot: tuple[Option, ...]
    open_at_lot: tuple[Option, ...]


def _stv_count(
    options: tuple[Option, ...],
    parcels_in: Sequence[_Parcel],
    seats: int,
    quota: Decimal,
    script: Sequence[int],
) -> _StvRun:
    """One count under the Scottish rules; each lot goes the way ``script`` says (then the first
    way), and the run records how many ways each lot had."""
    index = {option: i for i, option in enumerate(options)}
    holder: list[Option | None] = []
    parcels: list[_Parcel] = []
    for parcel in parcels_in:
        parcels.append(_Parcel(parcel.ranking, parcel.value, parcel.papers))
        holder.append(parcel.ranking[0])
    continuing = list(options)
    elected: list[Option] = []
    surplus_pending: list[Option] = []
    fixed: dict[Option, Decimal] = {}  # an elected candidate's total after its surplus went on
    history: list[dict[Option, Decimal]] = []
    stages: list[Stage] = []
    lots: list[int] = []
    before_lot: list[tuple[tuple[Option, ...], tuple[Option, ...]]] = []
    lost = Decimal(0)

    def totals() -> dict[Option, Decimal]:
        result = dict.fromkeys(options, Decimal(0))
        for parcel, owner in zip(parcels, holder, strict=True):
            if owner is not None:
                result[owner] += parcel.total
        result.update(fixed)
        return result

    def record(action: str, candidates: Sequence[Option]) -> None:
        now = totals()
        history.append(now)
        stages.append(Stage(action, tuple(candidates), _counts(options, now), lost))

    def pick(tied: list[Option], highest: bool) -> Option:
        # Scottish rules 49 and 51: the stage before, then the one before that, and so on, where
        # the tied candidates had unequal votes; failing that, lot.
        pool = list(tied)
        for earlier in reversed(history[:-1]):
            values = [earlier[c] for c in pool]
            extreme = max(values) if highest else min(values)
            narrowed = [c for c in pool if earlier[c] == extreme]
            if len(narrowed) < len(pool):
                pool = narrowed
                if len(pool) == 1:
                    return pool[0]
        position = len(lots)
        lots.append(len(pool))
        if not before_lot:
            before_lot.append((tuple(elected), tuple(continuing)))
        return pool[script[position] if position < len(script) else 0]

    def next_preference(ranking: tuple[Option, ...], after: Option) -> Option | None:
        for option in ranking[ranking.index(after) + 1 :]:
            if option in continuing:
                return option
        return None

    record("first", ())
    while len(elected) < seats:
        now = totals()
        reached = sorted(
            (c for c in continuing if now[c] >= quota), key=lambda c: (-now[c], index[c])
        )
        for candidate in reached:
            continuing.remove(candidate)
            elected.append(candidate)
            surplus_pending.append(candidate)
        if len(elected) >= seats:
            break
        if len(continuing) <= seats - len(elected):
            elected.extend(continuing)
            stages.append(Stage("remaining", tuple(continuing), stages[-1].totals, lost))
            continuing.clear()
            break
        with_surplus = [c for c in surplus_pending if now[c] > quota]
        if with_surplus:
            largest = max(now[c] for c in with_surplus)
            tied = sorted((c for c in with_surplus if now[c] == largest), key=index.__getitem__)
            chosen = tied[0] if len(tied) == 1 else pick(tied, highest=True)
            surplus_pending.remove(chosen)
            surplus = now[chosen] - quota
            total = now[chosen]
            moved = Decimal(0)
            for i, parcel in enumerate(parcels):
                if holder[i] != chosen:
                    continue
                target = next_preference(parcel.ranking, chosen)
                holder[i] = target
                if target is None:
                    continue
                parcel.value = _transfer_value(surplus, parcel.value, total)
                moved += parcel.total
            # What does not move on (no next preference; the truncated digits) is lost.
            lost += surplus - moved
            fixed[chosen] = quota
            record("surplus", (chosen,))
            continue
        for candidate in surplus_pending:
            fixed[candidate] = now[candidate]
        surplus_pending.clear()
        lowest = min(now[c] for c in continuing)
        tied = [c for c in continuing if now[c] == lowest]
        excluded = tied[0] if len(tied) == 1 else pick(tied, highest=False)
        continuing.remove(excluded)
        for i, parcel in enumerate(parcels):
            if holder[i] != excluded:
                continue
            target = next_preference(parcel.ranking, excluded)
            if target is None:
                lost += parcel.total
            holder[i] = target
        record("exclusion", (excluded,))
        if not continuing:
            break
    sure, still = before_lot[0] if before_lot else (tuple(elected), ())
    return _StvRun(tuple(elected), tuple(stages), tuple(lots), sure, still)


def _explore(run: Callable[[Sequence[int]], _StvRun]) -> tuple[list[_StvRun], bool]:
    """Every run, one per way of deciding each lot (depth first, in the candidates' order), up to
    MAX_UNIVERSES runs. Returns the runs and whether they are all of them."""
    runs: list[_StvRun] = []
    script: list[int] = []
    while True:
        result = run(script)
        runs.append(result)
        if len(runs) == 1 and math.prod(result.lots) > MAX_UNIVERSES:
            # The first count alone already has more ways than will be counted.
            return runs, False
        # The next script: the last lot that has another way left goes that way.
        choices = [script[i] if i < len(script) else 0 for i in range(len(result.lots))]
        position = len(choices) - 1
        while position >= 0 and choices[position] + 1 >= result.lots[position]:
            position -= 1
        if position < 0:
            return runs, True
        if len(runs) >= MAX_UNIVERSES:
            return runs, False
        script = [*choices[:position], choices[position] + 1]


def _stv_parcels(
    options: Sequence[Option], ballots: Sequence[tuple[Ranking, Weight]]
) -> list[_Parcel]:
    """One parcel per ranking and weight: each paper keeps its own value, as the rules count
    transfer values paper by paper. In a canonical order, whatever the ballots' order."""
    papers: dict[tuple[tuple[Option, ...], Decimal], int] = {}
    for ranking, weight in _weights(ballots):
        key = (validate_ranking(ranking, options), weight)
        if weight > 0:
            papers[key] = papers.get(key, 0) + 1
    index = {option: i for i, option in enumerate(options)}
    ordered = sorted(papers.items(), key=lambda item: ([index[o] for o in item[0][0]], item[0][1]))
    return [_Parcel(ranking, weight, count) for (ranking, weight), count in ordered]


def stv_scottish(
    *, options: Sequence[Option], ballots: Sequence[tuple[Ranking, Weight]], seats: int
) -> ElectionResult:
    """Single transferable vote under the Scottish Local Government Elections Order 2007
    (rules 46-52), with weighted ballots.

    - Quota (Droop, rule 46): the total weight of valid ballots divided by seats + 1, the
      fraction ignored, plus 1.
    - A candidate reaching the quota is elected. Surpluses are transferred one at a time, the
      largest first (rule 49); every paper the elected candidate holds goes on to its next
      continuing preference at ``surplus × its value / the candidate's total``, truncated to five
      decimal places (rule 48, the "weighted inclusive Gregory" method); a paper with no next
      preference is non-transferable.
    - With no surplus left to transfer, the candidate with the fewest votes is excluded and each
      of its papers goes on at its current value (rule 50).
    - When as many candidates continue as seats remain, they are elected (rule 52).
    - Ties between equal surpluses or for exclusion go to the most recent earlier stage at which
      the candidates had unequal votes (rules 49, 51); where the rules then say "by lot", every
      way is counted (see the module's docstring) and a tie that changes who is elected is
      reported with status ``tied``: ``elected`` are those every way elects, ``tied`` the others
      some way elects.
    """
    options = check_options(options)
    seats = check_seats(seats, options)
    rankings = _rankings(options, ballots)
    with decimal.localcontext(_context()):
        total = sum((weight for _, weight in rankings), Decimal(0))
        whole = exact(total) / (seats + 1)
        quota = Decimal(whole.numerator // whole.denominator + 1)
        parcels = _stv_parcels(options, ballots)
        first = _first_preferences(rankings, options)
        if not rankings:
            return ElectionResult(
                method="stv_scottish",
                status=Status.UNFILLED,
                seats=seats,
                elected=(),
                tied=(),
                counts=_counts(options, first),
                abstain=Decimal(0),
                quota=quota,
            )
        runs, complete = _explore(lambda script: _stv_count(options, parcels, seats, quota, script))
    outcomes = [run.elected for run in runs]
    always = tuple(o for o in outcomes[0] if all(o in other for other in outcomes))
    elected: tuple[Option, ...]
    tied: tuple[Option, ...]
    if complete and all(set(outcome) == set(always) for outcome in outcomes):
        status = Status.ELECTED if len(always) == seats else Status.UNFILLED
        elected, tied = outcomes[0], ()
    elif complete:
        status = Status.TIED
        elected = always
        tied = tuple(o for o in options if o not in always and any(o in x for x in outcomes))
    else:
        # Too many lots to count every way: what was settled before the first lot stands, and
        # everyone still in the count then is reported as tied (some way may elect them).
        status = Status.TIED
        elected = runs[0].elected_before_lot
        tied = tuple(o for o in options if o in runs[0].open_at_lot)
    return ElectionResult(
        method="stv_scottish",
        status=status,
        seats=seats,
        elected=elected,
        tied=tied,
        counts=_counts(options, first),
        abstain=Decimal(0),
        stages=runs[0].stages,
        quota=quota,
    )
