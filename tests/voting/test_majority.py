"""The majority rules against the reference's oracles (T1): exact boundaries, bases, quorum."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chapterhouse.voting.majority import (
    BAD_FRACTION,
    INCONSISTENT,
    MISSING_COUNT,
    MISSING_QUORUM_NUMBER,
    NO_THRESHOLDS,
    Base,
    Comparison,
    Counts,
    Quorum,
    QuorumOf,
    Status,
    Threshold,
    decide,
    simple_majority,
    three_quarters,
    two_thirds,
    unanimity,
)
from chapterhouse.voting.numbers import (
    NEGATIVE,
    NOT_A_NUMBER,
    TOO_LARGE,
    TOO_MANY_PLACES,
    TallyError,
)


def status(yes: int | Decimal, no: int | Decimal, *thresholds: Threshold, **more: object) -> Status:
    counts = Counts(yes=yes, no=no, **more)  # type: ignore[arg-type]  # test shorthand
    return decide(counts=counts, thresholds=thresholds or (simple_majority(),)).status


def test_simple_majority_of_1000_needs_501_not_51_percent() -> None:
    assert status(501, 499) is Status.ADOPTED
    assert status(500, 500) is Status.TIED
    result = decide(counts=Counts(yes=0, no=1000), thresholds=[simple_majority()])
    assert result.thresholds[0].smallest_whole_yes == 501


@pytest.mark.parametrize(("cast", "needed"), [(20, 11), (19, 10)])
def test_simple_majority_needed(cast: int, needed: int) -> None:
    assert status(needed, cast - needed) is Status.ADOPTED
    assert status(needed - 1, cast - needed + 1) is not Status.ADOPTED


@pytest.mark.parametrize(("cast", "needed"), [(30, 20), (31, 21), (32, 22), (33, 22)])
def test_two_thirds_of_votes_cast(cast: int, needed: int) -> None:
    result = decide(counts=Counts(yes=needed, no=cast - needed), thresholds=[two_thirds()])
    assert result.status is Status.ADOPTED
    assert result.thresholds[0].smallest_whole_yes == needed
    assert status(needed - 1, cast - needed + 1, two_thirds()) is Status.REJECTED


def test_two_thirds_pairs_from_the_forum() -> None:
    assert status(22, 12, two_thirds()) is Status.REJECTED
    assert status(23, 11, two_thirds()) is Status.ADOPTED
    assert status(24, 12, two_thirds()) is Status.ADOPTED  # exactly two thirds: at least
    assert status(17, 8, two_thirds(), abstain=5) is Status.ADOPTED  # abstentions left out
    assert status(17, 8, two_thirds(Base.CAST_WITH_ABSTENTIONS), abstain=5) is Status.REJECTED


def test_sixty_percent_never_rounds() -> None:
    sixty = Threshold(3, 5, Comparison.AT_LEAST)
    assert status(13, 9, sixty) is Status.REJECTED  # 60 % of 22 is 13.2
    assert status(14, 8, sixty) is Status.ADOPTED


def test_at_least_versus_more_than() -> None:
    at_least_half = Threshold(1, 2, Comparison.AT_LEAST)
    result = decide(counts=Counts(yes=10, no=10), thresholds=[at_least_half])
    assert result.status is Status.ADOPTED and result.tied
    assert status(10, 10, simple_majority()) is Status.TIED
    assert status(3, 1, three_quarters()) is Status.ADOPTED
    assert status(3, 1, Threshold(3, 4, Comparison.MORE_THAN)) is Status.REJECTED


def test_the_same_votes_under_three_bases() -> None:
    counts = Counts(yes=30, no=15, abstain=15, present=60)
    assert decide(counts=counts, thresholds=[two_thirds()]).status is Status.ADOPTED
    assert decide(counts=counts, thresholds=[simple_majority(Base.PRESENT)]).status is (
        Status.REJECTED
    )
    assert decide(counts=counts, thresholds=[two_thirds(Base.PRESENT)]).status is Status.REJECTED


def test_bgh_4_3_1_elects_with_abstentions_left_out() -> None:
    assert status(4, 3, abstain=1, present=8) is Status.ADOPTED
    # Counting the abstention as a no, 4 of 8 is not more than half.
    assert status(4, 3, simple_majority(Base.CAST_WITH_ABSTENTIONS), abstain=1) is Status.REJECTED


def test_several_thresholds_all_must_pass() -> None:
    both = (simple_majority(Base.PRESENT), two_thirds())
    first = decide(counts=Counts(yes=7, no=4, abstain=2, present=13), thresholds=both)
    assert [t.passed for t in first.thresholds] == [True, False]
    assert first.status is Status.REJECTED
    second = decide(counts=Counts(yes=2, no=1, abstain=10, present=13), thresholds=both)
    assert [t.passed for t in second.thresholds] == [False, True]
    assert second.status is Status.REJECTED
    third = decide(counts=Counts(yes=9, no=4, present=13), thresholds=both)
    assert third.status is Status.ADOPTED


def test_unanimity() -> None:
    assert status(10, 0, unanimity(), present=10) is Status.ADOPTED
    assert status(10, 0, unanimity(), abstain=1, present=11) is Status.REJECTED
    assert status(10, 0, unanimity(), present=11) is Status.REJECTED  # one did not vote
    assert status(10, 0, unanimity(Base.CAST), abstain=1, present=11) is Status.ADOPTED
    assert status(10, 1, unanimity(Base.CAST)) is Status.REJECTED


def test_zero_base_passes_nothing() -> None:
    assert status(0, 0) is Status.NO_VOTES
    assert status(0, 0, abstain=3) is Status.REJECTED
    assert status(0, 0, simple_majority(Base.PRESENT), present=0) is Status.NO_VOTES
    result = decide(counts=Counts(yes=0, no=0, abstain=3), thresholds=[two_thirds()])
    assert not result.thresholds[0].passed and result.thresholds[0].base == 0


def test_all_entitled_base() -> None:
    assert status(51, 0, simple_majority(Base.ENTITLED), entitled=100) is Status.ADOPTED
    assert status(50, 0, simple_majority(Base.ENTITLED), entitled=100) is Status.REJECTED


def test_weights_are_exact_decimals() -> None:
    # 2/3 of 0.3 is 0.2 exactly: a float would have said 0.19999999999999998 or 0.20000000000000004
    assert status(Decimal("0.2"), Decimal("0.1"), two_thirds()) is Status.ADOPTED
    assert status(Decimal("0.199999"), Decimal("0.100001"), two_thirds()) is Status.REJECTED
    assert status(Decimal("1.5"), Decimal("1.499999")) is Status.ADOPTED


def test_quorum() -> None:
    majority_of_registered = Quorum(of=QuorumOf.REGISTERED)
    counts = Counts(yes=30, no=10, present=51, registered=100, entitled=120)
    met = decide(counts=counts, thresholds=[simple_majority()], quorum=majority_of_registered)
    assert met.status is Status.ADOPTED and met.quorum is not None and met.quorum.met
    counts = Counts(yes=30, no=10, present=50, registered=100, entitled=120)
    missed = decide(counts=counts, thresholds=[simple_majority()], quorum=majority_of_registered)
    assert missed.status is Status.NO_QUORUM
    assert missed.thresholds[0].passed  # computed, for the record
    of_entitled = Quorum(of=QuorumOf.ENTITLED, numerator=1, denominator=3,
                         comparison=Comparison.AT_LEAST)  # fmt: skip
    assert decide(counts=counts, thresholds=[simple_majority()], quorum=of_entitled).adopted
    fixed = Quorum(of=QuorumOf.FIXED, number=50)
    assert decide(counts=counts, thresholds=[simple_majority()], quorum=fixed).adopted
    fixed = Quorum(of=QuorumOf.FIXED, number=51)
    assert decide(counts=counts, thresholds=[simple_majority()], quorum=fixed).status is (
        Status.NO_QUORUM
    )


@pytest.mark.parametrize(
    ("counts", "thresholds", "quorum", "code"),
    [
        (Counts(yes=1, no=0), [], None, NO_THRESHOLDS),
        (Counts(yes=1, no=0), [simple_majority(Base.PRESENT)], None, MISSING_COUNT),
        (Counts(yes=1, no=0), [simple_majority(Base.ENTITLED)], None, MISSING_COUNT),
        (Counts(yes=1, no=0), [simple_majority()], Quorum(of=QuorumOf.REGISTERED), MISSING_COUNT),
        (
            Counts(yes=1, no=0, present=1),
            [simple_majority()],
            Quorum(of=QuorumOf.REGISTERED),
            MISSING_COUNT,
        ),
        (Counts(yes=5, no=5, present=9), [simple_majority()], None, INCONSISTENT),
        (Counts(yes=5, no=5, present=10, entitled=9), [simple_majority()], None, INCONSISTENT),
        (Counts(yes=5, no=5, present=10, registered=9), [simple_majority()], None, INCONSISTENT),
        (Counts(yes=-1, no=0), [simple_majority()], None, NEGATIVE),
        (Counts(yes=Decimal("-0.5"), no=0), [simple_majority()], None, NEGATIVE),
        (Counts(yes=0.5, no=0), [simple_majority()], None, NOT_A_NUMBER),  # type: ignore[arg-type]  # a float is refused
        (Counts(yes=True, no=0), [simple_majority()], None, NOT_A_NUMBER),
        (Counts(yes=Decimal("NaN"), no=0), [simple_majority()], None, NOT_A_NUMBER),
        (Counts(yes=Decimal("Infinity"), no=0), [simple_majority()], None, NOT_A_NUMBER),
        (Counts(yes=Decimal("1E+999999999"), no=0), [simple_majority()], None, TOO_LARGE),
        (Counts(yes=10**13, no=0), [simple_majority()], None, TOO_LARGE),
        (Counts(yes=Decimal("0.0000001"), no=0), [simple_majority()], None, TOO_MANY_PLACES),
        (Counts(yes=Decimal("1E-999999999"), no=0), [simple_majority()], None, TOO_MANY_PLACES),
    ],
)
def test_bad_input_is_refused(
    counts: Counts, thresholds: list[Threshold], quorum: Quorum | None, code: str
) -> None:
    with pytest.raises(TallyError) as caught:
        decide(counts=counts, thresholds=thresholds, quorum=quorum)
    assert caught.value.code == code
    assert str(caught.value)  # the message is formatted


@pytest.mark.parametrize(
    ("numerator", "denominator", "comparison"),
    [(0, 2, Comparison.AT_LEAST), (3, 2, Comparison.AT_LEAST), (1, 1, Comparison.MORE_THAN),
     (1, 0, Comparison.AT_LEAST), (1, 1001, Comparison.AT_LEAST), (-1, 2, Comparison.AT_LEAST)],
)  # fmt: skip
def test_bad_fractions(numerator: int, denominator: int, comparison: Comparison) -> None:
    with pytest.raises(TallyError) as caught:
        Threshold(numerator, denominator, comparison)
    assert caught.value.code == BAD_FRACTION
    with pytest.raises(TallyError):
        Quorum(of=QuorumOf.ENTITLED, numerator=numerator, denominator=denominator,
               comparison=comparison)  # fmt: skip


def test_fixed_quorum_needs_a_number() -> None:
    with pytest.raises(TallyError) as caught:
        Quorum(of=QuorumOf.FIXED)
    assert caught.value.code == MISSING_QUORUM_NUMBER


def test_trailing_zeros_are_not_extra_places() -> None:
    assert status(Decimal("1.000000000"), Decimal(0)) is Status.ADOPTED
