"""Properties of the majority rules (T2): a Fraction oracle, scaling, abstentions, monotonicity."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.voting.majority import (
    Base,
    Comparison,
    Counts,
    Status,
    Threshold,
    decide,
)

weights = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
fractions = st.tuples(st.integers(1, 20), st.integers(1, 20)).filter(lambda pq: pq[0] <= pq[1])
comparisons = st.sampled_from(list(Comparison))
bases = st.sampled_from(list(Base))


@st.composite
def thresholds(draw: st.DrawFn) -> Threshold:
    p, q = draw(fractions)
    comparison = draw(comparisons)
    if p == q:
        comparison = Comparison.AT_LEAST
    return Threshold(p, q, comparison, draw(bases))


@st.composite
def counts(draw: st.DrawFn) -> Counts:
    yes, no, abstain = draw(weights), draw(weights), draw(weights)
    absent = draw(weights)
    others = draw(weights)
    return Counts(
        yes=yes,
        no=no,
        abstain=abstain,
        present=yes + no + abstain + absent,
        entitled=yes + no + abstain + absent + others,
    )


def oracle(counts: Counts, threshold: Threshold) -> bool:
    """The same rule written as a ratio of Fractions."""
    assert counts.present is not None and counts.entitled is not None
    base = {
        Base.CAST: Fraction(counts.yes) + Fraction(counts.no),
        Base.CAST_WITH_ABSTENTIONS: Fraction(counts.yes) + Fraction(counts.no)
        + Fraction(counts.abstain),
        Base.PRESENT: Fraction(counts.present),
        Base.ENTITLED: Fraction(counts.entitled),
    }[threshold.base]  # fmt: skip
    if base == 0:
        return False
    share = Fraction(counts.yes) / base
    target = Fraction(threshold.numerator, threshold.denominator)
    return share >= target if threshold.comparison is Comparison.AT_LEAST else share > target


def scaled(counts: Counts, k: int) -> Counts:
    return Counts(**{name: Decimal(getattr(counts, name)) * k for name in
                     ("yes", "no", "abstain", "present", "entitled")})  # fmt: skip


@given(counts(), st.lists(thresholds(), min_size=1, max_size=3))
def test_equals_the_fraction_oracle(counts: Counts, rules: list[Threshold]) -> None:
    result = decide(counts=counts, thresholds=rules)
    assert [r.passed for r in result.thresholds] == [oracle(counts, rule) for rule in rules]
    assert result.adopted == (
        all(oracle(counts, rule) for rule in rules) and (result.status is not Status.NO_VOTES)
    )


@given(counts(), st.lists(thresholds(), min_size=1, max_size=3), st.integers(2, 1000))
def test_scaling_every_weight_changes_nothing(
    counts: Counts, rules: list[Threshold], k: int
) -> None:
    assert decide(counts=counts, thresholds=rules).status is (
        decide(counts=scaled(counts, k), thresholds=rules).status
    )


@given(counts(), st.lists(thresholds(), min_size=1, max_size=3), weights)
def test_abstentions_change_nothing_when_the_base_ignores_them(
    counts: Counts, rules: list[Threshold], more: Decimal
) -> None:
    rules = [Threshold(r.numerator, r.denominator, r.comparison, Base.CAST) for r in rules]
    before = decide(counts=counts, thresholds=rules)
    assert counts.present is not None and counts.entitled is not None
    after = decide(
        counts=Counts(yes=counts.yes, no=counts.no, abstain=Decimal(counts.abstain) + more,
                      present=Decimal(counts.present) + more,
                      entitled=Decimal(counts.entitled) + more),
        thresholds=rules,
    )  # fmt: skip
    assert [r.passed for r in before.thresholds] == [r.passed for r in after.thresholds]
    if before.status is not Status.NO_VOTES:
        assert before.status is after.status


@given(counts(), st.lists(thresholds(), min_size=1, max_size=3), weights.filter(bool))
def test_adding_a_yes_never_turns_pass_into_fail(
    counts: Counts, rules: list[Threshold], more: Decimal
) -> None:
    assert counts.present is not None and counts.entitled is not None
    before = decide(counts=counts, thresholds=rules)
    after = decide(
        counts=Counts(yes=Decimal(counts.yes) + more, no=counts.no, abstain=counts.abstain,
                      present=Decimal(counts.present) + more,
                      entitled=Decimal(counts.entitled) + more),
        thresholds=rules,
    )  # fmt: skip
    for b, a in zip(before.thresholds, after.thresholds, strict=True):
        assert a.passed or not b.passed
    if before.adopted:
        assert after.adopted


@given(weights, weights)
def test_a_tie_never_passes_a_simple_majority(value: Decimal, abstain: Decimal) -> None:
    result = decide(
        counts=Counts(yes=value, no=value, abstain=abstain),
        thresholds=[Threshold(1, 2, Comparison.MORE_THAN)],
    )
    assert not result.adopted
    if value > 0:
        assert result.status is Status.TIED and result.tied
