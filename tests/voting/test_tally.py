"""The counting methods: published examples, ties reported, ballot validation (T3, T4)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from chapterhouse.voting.majority import Base, simple_majority, two_thirds
from chapterhouse.voting.majority import Status as MotionStatus
from chapterhouse.voting.numbers import NEGATIVE, TallyError
from chapterhouse.voting.tally import (
    ABSTENTION_NOT_ALLOWED,
    BAD_CHOICE,
    BAD_LIMITS,
    BAD_OPTION,
    BAD_SEATS,
    DUPLICATE_OPTION,
    NO_OPTIONS,
    PAPER_MARKS_EXCEED,
    PAPER_NOT_WHOLE,
    PAPER_TOO_MANY_MARKS,
    PAPER_TOTAL_MISMATCH,
    TOO_FEW_CHOICES,
    TOO_MANY_CHOICES,
    TOO_MANY_OPTIONS,
    UNKNOWN_OPTION,
    Choice,
    NextBallot,
    Status,
    approval,
    at_large,
    check_paper_count,
    instant_runoff,
    multiple_choice,
    schulze,
    single_choice,
    single_seat_majority,
    stv_scottish,
    tally_motion,
    validate_ranking,
    validate_selection,
)

Ballots = Sequence[tuple[tuple[str, ...], int | Decimal]]

M, N, C, K = "Memphis", "Nashville", "Chattanooga", "Knoxville"
TENNESSEE_OPTIONS = [M, N, C, K]
TENNESSEE: Ballots = [
    ((M, N, C, K), 42),
    ((N, C, K, M), 26),
    ((C, K, N, M), 15),
    ((K, C, N, M), 17),
]

SCHULZE_OPTIONS = ["A", "B", "C", "D", "E"]
SCHULZE_45: Ballots = [
    (("A", "C", "B", "E", "D"), 5),
    (("A", "D", "E", "C", "B"), 5),
    (("B", "E", "D", "A", "C"), 8),
    (("C", "A", "B", "E", "D"), 3),
    (("C", "A", "E", "B", "D"), 7),
    (("C", "B", "A", "D", "E"), 2),
    (("D", "C", "E", "B", "A"), 7),
    (("E", "B", "A", "D", "C"), 8),
]

FOOD_OPTIONS = ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"]
FOOD: Ballots = (
    [(("Oranges",), 1)] * 4
    + [(("Pears", "Oranges"), 1)] * 2
    + [(("Chocolate", "Strawberries"), 1)] * 8
    + [(("Chocolate", "Hamburgers"), 1)] * 4
    + [(("Strawberries",), 1)]
    + [(("Hamburgers",), 1)]
)


def doubled(ballots: Ballots) -> Ballots:
    return [(ranking, Decimal(weight) * 2) for ranking, weight in ballots]


def expanded(ballots: Ballots) -> Ballots:
    return [(ranking, 1) for ranking, weight in ballots for _ in range(int(weight))]


# --- published examples -----------------------------------------------------------------------


@pytest.mark.parametrize("transform", [lambda b: b, doubled, expanded])
def test_tennessee(transform: object) -> None:
    ballots = transform(TENNESSEE)  # type: ignore[operator]  # one of the three above
    assert instant_runoff(options=TENNESSEE_OPTIONS, ballots=ballots).elected == (K,)
    assert schulze(options=TENNESSEE_OPTIONS, ballots=ballots).elected == (N,)
    marks = [(ranking[0], weight) for ranking, weight in ballots]
    assert single_choice(options=TENNESSEE_OPTIONS, ballots=marks).elected == (M,)


def test_tennessee_instant_runoff_rounds() -> None:
    result = instant_runoff(options=TENNESSEE_OPTIONS, ballots=TENNESSEE)
    assert [stage.candidates for stage in result.stages] == [(C,), (N,), ()]
    assert dict(result.stages[-1].totals) == {M: 42, K: 58}


@pytest.mark.parametrize("transform", [lambda b: b, doubled])
def test_schulze_45_voters(transform: object) -> None:
    result = schulze(options=SCHULZE_OPTIONS, ballots=transform(SCHULZE_45))  # type: ignore[operator]  # see above
    assert result.status is Status.ELECTED
    assert result.elected == ("E",)


@pytest.mark.parametrize("transform", [lambda b: b, doubled])
def test_stv_food_election(transform: object) -> None:
    ballots = transform(FOOD)  # type: ignore[operator]  # see above
    result = stv_scottish(options=FOOD_OPTIONS, ballots=ballots, seats=3)
    assert result.status is Status.ELECTED
    assert set(result.elected) == {"Chocolate", "Oranges", "Strawberries"}
    assert result.elected[0] == "Chocolate"


def test_stv_food_stages_and_quota() -> None:
    result = stv_scottish(options=FOOD_OPTIONS, ballots=FOOD, seats=3)
    assert result.quota == 6  # 20 // 4 + 1
    surplus = result.stages[1]
    assert surplus.action == "surplus" and surplus.candidates == ("Chocolate",)
    # A surplus of 6 over 12 papers: each goes on at 0.5.
    assert dict(surplus.totals)["Strawberries"] == Decimal("5")
    assert dict(surplus.totals)["Hamburgers"] == Decimal("3")
    assert [s.action for s in result.stages] == [
        "first", "surplus", "exclusion", "exclusion", "remaining"
    ]  # fmt: skip


def test_stv_truncates_transfer_values_to_five_places() -> None:
    ballots: Ballots = [(("A", "B"), 1)] * 7 + [(("C",), 1)] * 2
    result = stv_scottish(options=["A", "B", "C"], ballots=ballots, seats=2)
    # Quota 9 // 3 + 1 = 4; surplus 3 over 7 papers: 3/7 = 0.428571… truncated to 0.42857.
    assert result.quota == 4
    assert dict(result.stages[1].totals)["B"] == Decimal("0.42857") * 7
    assert result.stages[1].non_transferable == Decimal(3) - Decimal("0.42857") * 7
    # B (2.99999) is ahead of C (2): C is excluded and B takes the second seat.
    assert result.elected == ("A", "B")


# --- motions and marks ------------------------------------------------------------------------


def test_tally_motion_weighted() -> None:
    ballots: list[tuple[Choice, Decimal | int]] = [
        (Choice.YES, Decimal("1.5")), (Choice.NO, 1), (Choice.ABSTAIN, 3), (Choice.YES, 1),
    ]  # fmt: skip
    result = tally_motion(ballots=ballots, thresholds=[two_thirds()])
    assert (result.yes, result.no, result.abstain) == (Decimal("2.5"), Decimal(1), Decimal(3))
    assert result.status is MotionStatus.ADOPTED
    present_base = tally_motion(
        ballots=ballots, thresholds=[simple_majority(Base.PRESENT)], present=Decimal("6.5")
    )
    assert present_base.status is MotionStatus.REJECTED


def test_tally_motion_tie_fails_and_says_so() -> None:
    result = tally_motion(ballots=[(Choice.YES, 2), (Choice.NO, 2)], thresholds=[simple_majority()])
    assert result.status is MotionStatus.TIED and not result.adopted


def test_yes_no_poll_refuses_abstentions() -> None:
    with pytest.raises(TallyError) as caught:
        tally_motion(
            ballots=[(Choice.ABSTAIN, 1)], thresholds=[simple_majority()], allow_abstain=False
        )
    assert caught.value.code == ABSTENTION_NOT_ALLOWED
    with pytest.raises(TallyError) as caught:
        tally_motion(ballots=[("maybe", 1)], thresholds=[simple_majority()])  # type: ignore[list-item]  # hostile input
    assert caught.value.code == BAD_CHOICE


def test_single_choice_tie_is_reported() -> None:
    result = single_choice(
        options=["a", "b", "c"], ballots=[("a", 2), ("b", 2), ("c", 1), (None, 5)]
    )
    assert result.status is Status.TIED
    assert result.elected == () and result.tied == ("a", "b")
    assert result.abstain == 5


def test_multiple_choice_counts() -> None:
    result = multiple_choice(
        options=["a", "b", "c"],
        ballots=[(["c", "a"], 1), (["b"], Decimal("0.5")), ([], 2)],
        minimum=1,
        maximum=2,
    )
    assert result.counts == (("a", Decimal(1)), ("b", Decimal("0.5")), ("c", Decimal(1)))
    assert result.abstain == 2 and result.ballots == Decimal("3.5")
    with pytest.raises(TallyError) as caught:
        multiple_choice(options=["a", "b", "c"], ballots=[(["a", "b", "c"], 1)], maximum=2)
    assert caught.value.code == TOO_MANY_CHOICES
    with pytest.raises(TallyError) as caught:
        multiple_choice(options=["a", "b", "c"], ballots=[(["a"], 1)], minimum=2)
    assert caught.value.code == TOO_FEW_CHOICES
    with pytest.raises(TallyError) as caught:
        multiple_choice(options=["a", "b"], ballots=[], minimum=3)
    assert caught.value.code == BAD_LIMITS


def test_at_large_tie_at_the_last_seat() -> None:
    ballots = [(["a", "b"], 3), (["a", "c"], 2), (["d"], 2), (["b"], 1)]
    result = at_large(options=["a", "b", "c", "d"], ballots=ballots, seats=2)
    # a 5, b 4: both elected.
    assert result.status is Status.ELECTED and result.elected == ("a", "b")
    tied = at_large(options=["a", "b", "c", "d"], ballots=ballots[:3], seats=2)
    # a 5, b 3, c 2, d 2 → a and b; with seats=3 c and d tie for the last seat.
    assert tied.elected == ("a", "b")
    three = at_large(options=["a", "b", "c", "d"], ballots=ballots[:3], seats=3)
    assert three.status is Status.TIED and three.elected == ("a", "b") and three.tied == ("c", "d")
    with pytest.raises(TallyError) as caught:
        at_large(options=["a", "b", "c"], ballots=[(["a", "b", "c"], 1)], seats=2)
    assert caught.value.code == TOO_MANY_CHOICES


def test_approval_and_unfilled_seats() -> None:
    result = approval(options=["a", "b", "c"], ballots=[(["a", "b", "c"], 1), (["a"], 1)], seats=1)
    assert result.elected == ("a",)
    unfilled = approval(options=["a", "b", "c"], ballots=[(["a"], 1)], seats=2)
    assert unfilled.status is Status.UNFILLED and unfilled.elected == ("a",)


# --- single seat by majority ------------------------------------------------------------------


def marks(**votes: int) -> list[tuple[str | None, int]]:
    return [(None if name == "abstain" else name, weight) for name, weight in votes.items()]


def test_single_seat_majority_elects() -> None:
    result = single_seat_majority(
        options=["a", "b", "c"],
        ballots=marks(a=6, b=3, c=2, abstain=9),
        next_ballot=NextBallot.RUNOFF,
    )
    assert result.status is Status.ELECTED and result.elected == ("a",) and result.base == 11
    counted = single_seat_majority(
        options=["a", "b", "c"], ballots=marks(a=6, b=3, c=2, abstain=9),
        next_ballot=NextBallot.RUNOFF, abstentions_count=True,
    )  # fmt: skip
    assert counted.status is Status.NO_ELECTION and counted.next_ballot == ("a", "b")


def test_plurality_never_elects_runoff_between_the_two_leading() -> None:
    result = single_seat_majority(
        options=["a", "b", "c"], ballots=marks(a=4, b=3, c=2), next_ballot=NextBallot.RUNOFF
    )
    assert result.status is Status.NO_ELECTION and result.elected == ()
    assert result.next_ballot == ("a", "b") and result.tied == ()
    repeat = single_seat_majority(
        options=["a", "b", "c"], ballots=marks(a=4, b=3, c=2), next_ballot=NextBallot.REPEAT
    )
    assert repeat.next_ballot == ("a", "b", "c")


def test_tie_for_second_place_is_a_tied_set() -> None:
    result = single_seat_majority(
        options=["a", "b", "c", "d"],
        ballots=marks(a=4, b=3, c=3, d=1),
        next_ballot=NextBallot.RUNOFF,
    )
    assert result.status is Status.NO_ELECTION
    assert result.next_ballot == ("a",) and result.tied == ("b", "c")


def test_tie_for_first_place() -> None:
    two = single_seat_majority(
        options=["a", "b", "c"], ballots=marks(a=4, b=4, c=1), next_ballot=NextBallot.RUNOFF
    )
    assert two.status is Status.TIED and two.next_ballot == ("a", "b") and two.tied == ("a", "b")
    three = single_seat_majority(
        options=["a", "b", "c", "d"], ballots=marks(a=3, b=3, c=3, d=1),
        next_ballot=NextBallot.RUNOFF,
    )  # fmt: skip
    assert three.status is Status.TIED and three.next_ballot == () and three.tied == ("a", "b", "c")
    nobody = single_seat_majority(options=["a", "b"], ballots=[], next_ballot=NextBallot.RUNOFF)
    assert nobody.status is Status.NO_ELECTION and nobody.elected == ()


# --- ties in ranked methods -------------------------------------------------------------------


def test_exact_two_way_tie_is_reported_by_every_ranked_method() -> None:
    ballots: Ballots = [(("a", "b"), 2), (("b", "a"), 2)]
    for result in (
        instant_runoff(options=["a", "b"], ballots=ballots),
        schulze(options=["a", "b"], ballots=ballots),
    ):
        assert result.status is Status.TIED
        assert result.elected == () and result.tied == ("a", "b")
    stv = stv_scottish(options=["a", "b", "c"], ballots=[*ballots, (("c",), 1)], seats=1)
    assert stv.status is Status.TIED and stv.tied == ("a", "b")


def test_irv_tie_for_last_that_matters() -> None:
    # a 3, b 2, c 2: excluding b elects a (b's votes go to a), excluding c elects... c → b.
    ballots: Ballots = [(("a",), 3), (("b", "a"), 2), (("c", "b"), 2)]
    result = instant_runoff(options=["a", "b", "c"], ballots=ballots)
    assert result.status is Status.TIED and result.tied == ("a", "b")


def test_irv_tie_for_last_that_does_not_matter() -> None:
    ballots: Ballots = [(("a",), 5), (("b", "a"), 1), (("c", "a"), 1)]
    result = instant_runoff(options=["a", "b", "c"], ballots=ballots)
    assert result.status is Status.ELECTED and result.elected == ("a",)


def test_stv_tie_that_does_not_change_the_elected() -> None:
    # Two equal first-stage surpluses with identical histories: either order elects the same.
    ballots: Ballots = [(("a", "c"), 4), (("b", "c"), 4), (("d",), 1)]
    result = stv_scottish(options=["a", "b", "c", "d"], ballots=ballots, seats=2)
    assert result.status is Status.ELECTED and set(result.elected) == {"a", "b"}


def test_no_ballots() -> None:
    for result in (
        instant_runoff(options=["a", "b"], ballots=[]),
        schulze(options=["a", "b"], ballots=[]),
        stv_scottish(options=["a", "b"], ballots=[], seats=1),
    ):
        assert result.status is Status.UNFILLED and result.elected == ()


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ranking", "code"),
    [
        (("a", "a"), DUPLICATE_OPTION),
        (("a", "z"), UNKNOWN_OPTION),
        ((), TOO_FEW_CHOICES),
        (("a", "b", "c", "d"), TOO_MANY_CHOICES),
        ((1,), UNKNOWN_OPTION),
    ],
)
def test_validate_ranking(ranking: Sequence[str], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        validate_ranking(ranking, ["a", "b", "c"])
    assert caught.value.code == code
    with pytest.raises(TallyError):
        instant_runoff(options=["a", "b", "c"], ballots=[(ranking, 1)])


def test_validate_ranking_limits_and_selection_order() -> None:
    assert validate_ranking(["c", "a"], ["a", "b", "c"]) == ("c", "a")
    with pytest.raises(TallyError) as caught:
        validate_ranking(["c", "a"], ["a", "b", "c"], maximum=1)
    assert caught.value.code == TOO_MANY_CHOICES
    assert validate_selection(["c", "a"], ["a", "b", "c"]) == ("a", "c")
    with pytest.raises(TallyError) as caught:
        validate_selection([], ["a", "b"], allow_abstain=False)
    assert caught.value.code == ABSTENTION_NOT_ALLOWED


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], NO_OPTIONS),
        (["a", "a"], DUPLICATE_OPTION),
        (["", "b"], BAD_OPTION),
        (["a\x00"], BAD_OPTION),
        (["x" * 201], BAD_OPTION),
        ([str(i) for i in range(101)], TOO_MANY_OPTIONS),
    ],
)
def test_bad_options(options: list[str], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        schulze(options=options, ballots=[])
    assert caught.value.code == code


@pytest.mark.parametrize("seats", [0, 100, -1, True])
def test_bad_seats(seats: int) -> None:
    with pytest.raises(TallyError) as caught:
        stv_scottish(options=["a", "b"], ballots=[], seats=seats)
    assert caught.value.code == BAD_SEATS


def test_negative_weight_is_refused() -> None:
    with pytest.raises(TallyError) as caught:
        schulze(options=["a", "b"], ballots=[(("a",), -1)])
    assert caught.value.code == NEGATIVE


def test_too_many_lots_report_everyone_still_in_the_count() -> None:
    options = [f"c{i:02}" for i in range(12)]
    ballots: Ballots = [((option,), 1) for option in options]
    # Quota 12 // 3 + 1 = 5: nobody reaches it and every exclusion is a lot among equals.
    result = stv_scottish(options=options, ballots=ballots, seats=2)
    assert result.status is Status.TIED
    assert result.elected == () and result.tied == tuple(options)
    irv = instant_runoff(options=options, ballots=ballots)
    assert irv.status is Status.TIED and irv.tied == tuple(options)


def test_stv_exclusion_tie_settled_by_an_earlier_stage() -> None:
    # One paper of weight 6 for a: its surplus of 1 goes on whole to c. After d's exclusion b and
    # c both hold 3; at the first stage b had 3 and c 2, so c (lower at the most recent earlier
    # stage where they differed) is excluded, with no lot.
    ballots: Ballots = [(("a", "c"), 6), (("b",), 3), (("c",), 2), (("d",), 2)]
    result = stv_scottish(options=["a", "b", "c", "d"], ballots=ballots, seats=2)
    assert result.quota == 5  # 13 // 3 + 1
    surplus = dict(result.stages[1].totals)
    assert surplus["c"] == 3 and surplus["b"] == 3
    assert [(s.action, s.candidates) for s in result.stages[2:4]] == [
        ("exclusion", ("d",)), ("exclusion", ("c",))
    ]  # fmt: skip
    assert result.status is Status.ELECTED and result.elected == ("a", "b")


def test_ballots_of_weight_zero_count_for_nothing() -> None:
    zero: Ballots = [(("a", "b"), 0), (("b", "a"), 0)]
    assert instant_runoff(options=["a", "b"], ballots=zero).status is Status.UNFILLED
    assert stv_scottish(options=["a", "b"], ballots=zero, seats=1).status is Status.UNFILLED
    assert schulze(options=["a", "b"], ballots=[*zero, (("b",), 1)]).elected == ("b",)


def test_a_text_is_not_a_list_of_options() -> None:
    with pytest.raises(TallyError) as caught:
        validate_ranking("ab", ["a", "b"])
    assert caught.value.code == BAD_CHOICE
    with pytest.raises(TallyError) as caught:
        validate_selection("a", ["a", "b"])
    assert caught.value.code == BAD_CHOICE


def test_errors_carry_their_template_and_params() -> None:
    with pytest.raises(TallyError) as caught:
        validate_ranking(["a", "a"], ["a", "b"])
    error = caught.value
    assert error.template.format(**error.params) == str(error) == "'a' appears more than once."


# --- paper ballots ----------------------------------------------------------------------------


def test_paper_counts_that_add_up_enter_the_tally_as_weighted_ballots() -> None:
    paper = check_paper_count(
        choices=[c.value for c in Choice], counts={"yes": 7, "no": 2}, abstain=0, invalid=1,
        handed_in=10,
    )  # fmt: skip
    assert paper.counts == (("yes", Decimal(7)), ("no", Decimal(2)), ("abstain", Decimal(0)))
    assert paper.valid == 9
    electronic: list[tuple[Choice, Decimal | int]] = [(Choice.YES, 3), (Choice.NO, 4)]
    both = [*electronic, *((Choice(c), n) for c, n in paper.as_ballots())]
    result = tally_motion(ballots=both, thresholds=[two_thirds()])
    assert (result.yes, result.no) == (Decimal(10), Decimal(6))


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"counts": {"a": 3, "b": 2}, "handed_in": 6}, PAPER_TOTAL_MISMATCH),
        ({"counts": {"a": 3, "b": 2}, "handed_in": 4}, PAPER_TOTAL_MISMATCH),
        ({"counts": {"a": -1, "b": 2}, "handed_in": 1}, NEGATIVE),
        ({"counts": {"a": Decimal("1.5")}, "handed_in": 2}, PAPER_NOT_WHOLE),
        ({"counts": {"z": 1}, "handed_in": 1}, UNKNOWN_OPTION),
        ({"counts": {"a": 3}, "handed_in": 3, "invalid": 1}, PAPER_TOTAL_MISMATCH),
        ({"counts": {"a": 5, "b": 1}, "handed_in": 4, "marks_per_ballot": 2}, PAPER_TOO_MANY_MARKS),
        ({"counts": {"a": 3, "b": 3, "c": 3}, "handed_in": 4, "marks_per_ballot": 2},
         PAPER_MARKS_EXCEED),
        ({"counts": {"a": 1}, "handed_in": 2, "invalid": 2, "abstain": 1, "marks_per_ballot": 2},
         PAPER_TOTAL_MISMATCH),
    ],
)  # fmt: skip
def test_paper_counts_that_cannot_be_right_are_refused(
    kwargs: dict[str, object], code: str
) -> None:
    with pytest.raises(TallyError) as caught:
        check_paper_count(choices=["a", "b", "c"], **kwargs)  # type: ignore[arg-type]  # the cases above
    assert caught.value.code == code


def test_paper_marks_within_the_limits() -> None:
    paper = check_paper_count(
        choices=["a", "b", "c"], counts={"a": 3, "b": 3, "c": 2}, handed_in=5, invalid=1,
        marks_per_ballot=2,
    )  # fmt: skip
    assert paper.valid == 4
    result = approval(options=["a", "b", "c"], ballots=[([c], n) for c, n in paper.as_ballots()])
    assert result.status is Status.TIED and result.tied == ("a", "b")
