"""Majority rules for motions: thresholds, vote bases, quorum and the status of a result. Pure.

Every comparison is exact: counts are ``Decimal`` (see :mod:`chapterhouse.voting.numbers`),
compared as ``Fraction`` products, never divided, never rounded, never floats. "At least two
thirds" is ``yes * 3 >= base * 2``; "more than half" is ``yes * 2 > base``.

Vote bases (:class:`Base`), a named setting of each threshold:

``cast``
    yes + no: votes cast, abstentions and blanks left out (Robert's Rules; German association law).
``cast_with_abstentions``
    yes + no + abstain: an abstention acts as a no.
``present``
    the present entitled weight (voters present plus the votes they carry); whoever does not vote
    yes counts as a no.
``entitled``
    all entitled weight (the whole membership of the body).

A motion may have several thresholds at once (say a legal "majority of those present" and a
bylaw "two thirds of votes cast"); it is adopted only when every one of them passes. A threshold
whose base is zero does not pass.

Quorum (:class:`Quorum`) is measured on the present weight: a fraction of the registered weight
(a convention's delegates registered as attending), a fraction of the entitled weight, or a fixed
number. Without a quorum the result does not stand (status ``no_quorum``); the thresholds are still
computed, for the record.

Status (:class:`Status`) of a result, in this order: ``no_quorum``; ``no_votes`` when nobody voted
at all; ``adopted`` when every threshold passed; ``tied`` when yes equals no (and is not zero) and
the motion failed (a tie fails, and the result says it was a tie); else ``rejected``. A threshold
that passes on a tie ("at least half") is the bylaws' choice: the motion is adopted and the result
still carries ``tied=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from chapterhouse.voting.numbers import TallyError, exact, gettext_noop, vote_number

# The largest denominator of a threshold or quorum fraction (99/100 is fine; 1/10**9 is not a rule).
MAX_DENOMINATOR = 1000

NO_THRESHOLDS = "no_thresholds"
BAD_FRACTION = "bad_fraction"
MISSING_COUNT = "missing_count"
INCONSISTENT = "inconsistent"
MISSING_QUORUM_NUMBER = "missing_quorum_number"

MESSAGES: dict[str, str] = {
    NO_THRESHOLDS: gettext_noop("A motion needs at least one threshold."),
    BAD_FRACTION: gettext_noop(
        "{numerator}/{denominator} {comparison} is not a threshold: it must be a fraction "
        "above 0 and at most 1 ('more than' below 1), with a denominator of at most {limit}."
    ),
    MISSING_COUNT: gettext_noop("The {name} weight is needed for this rule but was not given."),
    INCONSISTENT: gettext_noop(
        "{smaller_name} ({smaller}) cannot exceed {larger_name} ({larger})."
    ),
    MISSING_QUORUM_NUMBER: gettext_noop("A fixed quorum needs its number."),
}


def _error(code: str, **params: object) -> TallyError:
    return TallyError(code, MESSAGES[code], **params)


class Base(StrEnum):
    CAST = "cast"
    CAST_WITH_ABSTENTIONS = "cast_with_abstentions"
    PRESENT = "present"
    ENTITLED = "entitled"


class Comparison(StrEnum):
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"


class Status(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    TIED = "tied"
    NO_QUORUM = "no_quorum"
    NO_VOTES = "no_votes"


class QuorumOf(StrEnum):
    REGISTERED = "registered"
    ENTITLED = "entitled"
    FIXED = "fixed"


def _check_fraction(numerator: int, denominator: int, comparison: Comparison) -> None:
    ok = (
        not isinstance(numerator, bool)
        and not isinstance(denominator, bool)
        and isinstance(numerator, int)
        and isinstance(denominator, int)
        and 0 < numerator <= denominator <= MAX_DENOMINATOR
        and not (comparison is Comparison.MORE_THAN and numerator == denominator)
    )
    if not ok:
        raise _error(
            BAD_FRACTION,
            numerator=numerator,
            denominator=denominator,
            comparison=comparison,
            limit=MAX_DENOMINATOR,
        )


@dataclass(frozen=True)
class Threshold:
    """``yes`` must be ``comparison`` ``numerator/denominator`` of ``base``."""

    numerator: int
    denominator: int
    comparison: Comparison
    base: Base = Base.CAST

    def __post_init__(self) -> None:
        _check_fraction(self.numerator, self.denominator, Comparison(self.comparison))
        Base(self.base)

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def passes(self, *, yes: Decimal, base: Decimal) -> bool:
        """Whether ``yes`` meets the threshold on ``base``; never on a zero base."""
        if base <= 0:
            return False
        left = exact(yes) * self.denominator
        right = exact(base) * self.numerator
        return left >= right if self.comparison is Comparison.AT_LEAST else left > right


def simple_majority(base: Base = Base.CAST) -> Threshold:
    """More than half."""
    return Threshold(1, 2, Comparison.MORE_THAN, base)


def two_thirds(base: Base = Base.CAST) -> Threshold:
    """At least two thirds."""
    return Threshold(2, 3, Comparison.AT_LEAST, base)


def three_quarters(base: Base = Base.CAST) -> Threshold:
    """At least three quarters."""
    return Threshold(3, 4, Comparison.AT_LEAST, base)


def unanimity(base: Base = Base.PRESENT) -> Threshold:
    """Everyone in the base votes yes. On the default base (present) an abstention, a no or not
    voting at all defeats it; on ``cast`` only a no does."""
    return Threshold(1, 1, Comparison.AT_LEAST, base)


@dataclass(frozen=True)
class Quorum:
    """The present weight must be ``comparison`` ``numerator/denominator`` of the registered or
    entitled weight, or at least ``number`` (``of=FIXED``). The default is Robert's: more than
    half."""

    of: QuorumOf
    numerator: int = 1
    denominator: int = 2
    comparison: Comparison = Comparison.MORE_THAN
    number: Decimal | int | None = None

    def __post_init__(self) -> None:
        QuorumOf(self.of)
        if self.of is QuorumOf.FIXED:
            if self.number is None:
                raise _error(MISSING_QUORUM_NUMBER)
            vote_number(self.number, name="quorum")
        else:
            _check_fraction(self.numerator, self.denominator, Comparison(self.comparison))


@dataclass(frozen=True)
class Counts:
    """The weighted sums of a motion, and the weights its bases and quorum may need."""

    yes: Decimal | int
    no: Decimal | int
    abstain: Decimal | int = 0
    present: Decimal | int | None = None
    registered: Decimal | int | None = None
    entitled: Decimal | int | None = None


@dataclass(frozen=True)
class ThresholdResult:
    threshold: Threshold
    base: Decimal  # the value of the base this threshold used
    bound: Fraction  # base * numerator / denominator: yes must reach it (at least) or pass it
    passed: bool

    @property
    def smallest_whole_yes(self) -> int:
        """The fewest whole votes that pass (for the projector: "needed: 21")."""
        floor = self.bound.numerator // self.bound.denominator
        if self.threshold.comparison is Comparison.AT_LEAST:
            return floor if floor == self.bound else floor + 1
        return floor + 1


@dataclass(frozen=True)
class QuorumResult:
    quorum: Quorum
    present: Decimal
    bound: Fraction  # what the present weight was compared with
    met: bool


@dataclass(frozen=True)
class MotionResult:
    status: Status
    yes: Decimal
    no: Decimal
    abstain: Decimal
    thresholds: tuple[ThresholdResult, ...]
    quorum: QuorumResult | None
    tied: bool

    @property
    def adopted(self) -> bool:
        return self.status is Status.ADOPTED


def _optional(value: Decimal | int | None, *, name: str) -> Decimal | None:
    return None if value is None else vote_number(value, name=name)


def _not_above(smaller: Decimal | None, larger: Decimal | None, names: tuple[str, str]) -> None:
    if smaller is not None and larger is not None and smaller > larger:
        raise _error(
            INCONSISTENT,
            smaller_name=names[0],
            smaller=smaller,
            larger_name=names[1],
            larger=larger,
        )


def _base_value(
    base: Base,
    *,
    yes: Decimal,
    no: Decimal,
    abstain: Decimal,
    present: Decimal | None,
    entitled: Decimal | None,
) -> Decimal:
    if base is Base.CAST:
        return yes + no
    if base is Base.CAST_WITH_ABSTENTIONS:
        return yes + no + abstain
    value = present if base is Base.PRESENT else entitled
    if value is None:
        raise _error(MISSING_COUNT, name=base.value)
    return value


def _quorum_result(
    quorum: Quorum,
    *,
    present: Decimal | None,
    registered: Decimal | None,
    entitled: Decimal | None,
) -> QuorumResult:
    if present is None:
        raise _error(MISSING_COUNT, name="present")
    if quorum.of is QuorumOf.FIXED:
        if quorum.number is None:
            raise _error(MISSING_QUORUM_NUMBER)
        bound = exact(vote_number(quorum.number, name="quorum"))
        return QuorumResult(
            quorum=quorum, present=present, bound=bound, met=exact(present) >= bound
        )
    reference = registered if quorum.of is QuorumOf.REGISTERED else entitled
    if reference is None:
        raise _error(MISSING_COUNT, name=quorum.of.value)
    bound = exact(reference) * Fraction(quorum.numerator, quorum.denominator)
    if quorum.comparison is Comparison.AT_LEAST:
        met = exact(present) >= bound
    else:
        met = exact(present) > bound
    return QuorumResult(quorum=quorum, present=present, bound=bound, met=met)


def decide(
    *, counts: Counts, thresholds: Sequence[Threshold], quorum: Quorum | None = None
) -> MotionResult:
    """The result of a motion: each threshold on its base, the quorum, and the status.

    Raises :class:`~chapterhouse.voting.numbers.TallyError` on a bad number, on counts that do
    not fit together (more votes than present weight, more present than registered or entitled
    weight) or when a base or the quorum needs a weight that was not given.
    """
    if not thresholds:
        raise _error(NO_THRESHOLDS)
    yes = vote_number(counts.yes, name="yes")
    no = vote_number(counts.no, name="no")
    abstain = vote_number(counts.abstain, name="abstain")
    present = _optional(counts.present, name="present")
    registered = _optional(counts.registered, name="registered")
    entitled = _optional(counts.entitled, name="entitled")
    _not_above(yes + no + abstain, present, ("votes cast", "present"))
    _not_above(yes + no + abstain, entitled, ("votes cast", "entitled"))
    _not_above(present, registered, ("present", "registered"))
    _not_above(present, entitled, ("present", "entitled"))
    _not_above(registered, entitled, ("registered", "entitled"))

    results = []
    for threshold in thresholds:
        base = _base_value(
            threshold.base, yes=yes, no=no, abstain=abstain, present=present, entitled=entitled
        )
        results.append(
            ThresholdResult(
                threshold=threshold,
                base=base,
                bound=exact(base) * threshold.fraction,
                passed=threshold.passes(yes=yes, base=base),
            )
        )
    quorum_result = (
        None
        if quorum is None
        else _quorum_result(quorum, present=present, registered=registered, entitled=entitled)
    )
    tied = yes == no and yes > 0
    if quorum_result is not None and not quorum_result.met:
        status = Status.NO_QUORUM
    elif yes + no + abstain == 0:
        status = Status.NO_VOTES
    elif all(result.passed for result in results):
        status = Status.ADOPTED
    elif tied:
        status = Status.TIED
    else:
        status = Status.REJECTED
    return MotionResult(
        status=status,
        yes=yes,
        no=no,
        abstain=abstain,
        thresholds=tuple(results),
        quorum=quorum_result,
        tied=tied,
    )
