"""The voting pages: each form refuses what the service refuses (a second vote, a vote after
close, bad paper counts, someone not entitled) and writes nothing then; a form sent twice is
one vote with one receipt; a delegate's votes go in one action, the same or split; the chair
creates from a template, edits a draft, opens, closes, repeats; and no page shows what a voter
chose in a secret poll."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from chapterhouse.conferences import services as cs
from chapterhouse.voting import services as vs
from chapterhouse.voting.models import Ballot, Delegation, PaperCount, Poll, PollState, VoterMark
from tests.conferences.conftest import World, build

pytestmark = pytest.mark.django_db
KEY = "third-congress"
RECEIPT = re.compile(r"Receipt: ([A-Z2-7]{16})")


@pytest.fixture
def w() -> World:
    world = build()
    cs.participants_check_in(
        conference=world.conference,
        persons=[world.persons[k] for k in ("okafor", "rivera", "tanaka", "lee")],
        by=world.sec,
    )
    return world


def _client(w: World, who: str | None) -> Client:
    client = Client()
    if who == "sec":
        client.force_login(w.sec)
    elif who is not None:
        client.force_login(w.users[who])
    return client


def _poll(w: World, *, open_it: bool = True, **settings: Any) -> Poll:
    poll = vs.poll_create(
        conference=w.conference, title=settings.pop("title", "Adopt the report"), by=w.sec,
        **settings,
    )  # fmt: skip
    if open_it:
        poll = vs.poll_open(poll=poll, by=w.sec)
    return poll


def _key(html: str, poll: Poll, split: bool = False) -> str:
    """The submission key the page rendered into the poll's ballot form."""
    form_id = f"ballot-{poll.pk}{'-split' if split else ''}"
    form = html.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    found = re.search(r'name="client_key" value="([^"]+)"', form)
    assert found is not None, form
    return found.group(1)


def _vote_page(client: Client) -> str:
    page = client.get(reverse("poll-vote", args=[KEY]))
    assert page.status_code == 200
    return page.content.decode()


def _cast(client: Client, poll: Poll, data: dict[str, Any]) -> str:
    response = client.post(reverse("poll-cast", args=[KEY, poll.pk]), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- the delegate's ballot ----------------------------------------------------------------


def test_a_ballot_sent_twice_is_one_vote_with_one_receipt(w: World) -> None:
    poll = _poll(w, secrecy="secret")
    lee = _client(w, "lee")
    html = _vote_page(lee)
    assert 'value="yes"' in html and "pseudoanonymous" in html
    key = _key(html, poll)
    first = _cast(lee, poll, {"client_key": key, "mode": "same", "choice": "yes"})
    assert "was recorded" in first
    found = RECEIPT.search(first)
    assert found is not None
    # The same form again (the answer was lost on the way): the same receipt, one vote.
    again = _cast(lee, poll, {"client_key": key, "mode": "same", "choice": "yes"})
    assert "was already recorded" in again and found.group(1) in again
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert VoterMark.objects.filter(poll=poll).count() == 1
    # The page now says the vote was recorded and offers no ballot.
    html = _vote_page(lee)
    assert "Your vote was recorded." in html and f'id="ballot-{poll.pk}"' not in html


def test_a_second_vote_is_refused(w: World) -> None:
    poll = _poll(w)
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    _cast(lee, poll, {"client_key": key, "mode": "same", "choice": "yes"})
    other = _cast(lee, poll, {"client_key": "another-key-00000001", "mode": "same", "choice": "no"})
    assert "already been cast" in other
    reused = _cast(lee, poll, {"client_key": key, "mode": "same", "choice": "no"})
    assert "already used for a different ballot" in reused
    assert list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == ["yes"]


@pytest.mark.parametrize("secrecy", ["secret", "named"])
def test_a_vote_is_changed_from_the_same_browser_where_the_poll_allows_it(
    w: World, secrecy: str
) -> None:
    poll = _poll(w, secrecy=secrecy, allow_vote_change=True)
    lee = _client(w, "lee")
    first_key = _key(_vote_page(lee), poll)
    assert "was recorded" in _cast(
        lee, poll, {"client_key": first_key, "mode": "same", "choice": "yes"}
    )
    # The page offers a change, carrying the earlier key from this browser's cookie only.
    html = _vote_page(lee)
    assert "Change my vote" in html
    form = html.split(f'id="ballot-{poll.pk}"', 1)[1].split("</form>", 1)[0]
    assert f'name="replaces" value="{first_key}"' in form
    second_key = _key(html, poll)
    assert second_key != first_key
    changed = _cast(
        lee, poll,
        {"client_key": second_key, "replaces": first_key, "mode": "same", "choice": "no"},
    )  # fmt: skip
    assert "was recorded" in changed
    assert list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == ["no"]
    # Another browser of the same voter has no key: it is refused like a second ballot.
    other = _client(w, "lee")
    assert "Change my vote" not in _vote_page(other)
    refused = _cast(
        other, poll,
        {"client_key": "another-key-00000002", "replaces": "not-the-key-000000001",
         "mode": "same", "choice": "abstain"},
    )  # fmt: skip
    assert "Receipt:" not in refused
    assert list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == ["no"]
    assert VoterMark.objects.filter(poll=poll).count() == 1
    closed = vs.poll_close(poll=poll, by=w.sec)
    assert closed.result is not None


def test_no_change_is_offered_where_the_poll_does_not_allow_it(w: World) -> None:
    poll = _poll(w)
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    response = lee.post(
        reverse("poll-cast", args=[KEY, poll.pk]),
        {"client_key": key, "mode": "same", "choice": "yes"},
    )
    assert f"ballot-{poll.pk}" not in response.cookies
    assert "Change my vote" not in _vote_page(lee)


def test_a_vote_after_close_is_refused(w: World) -> None:
    poll = _poll(w)
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    vs.poll_close(poll=poll, by=w.sec)
    refused = _cast(lee, poll, {"client_key": key, "mode": "same", "choice": "yes"})
    assert "votes are taken only while it is open" in refused
    assert not Ballot.objects.filter(poll=poll).exists()


@pytest.mark.parametrize("who", ["guest", "outsider", None])
def test_someone_not_entitled_is_refused(w: World, who: str | None) -> None:
    poll = _poll(w)
    if who == "outsider":
        client = Client()
        outsider = w.persons["outsider"]
        from django.contrib.auth.models import User

        user = User.objects.create_user(username="outsider")
        type(outsider).objects.filter(pk=outsider.pk).update(user=user)
        client.force_login(user)
    else:
        client = _client(w, who)
    html = _vote_page(client)
    assert f'id="ballot-{poll.pk}"' not in html
    refused = _cast(client, poll, {"client_key": "k" * 20, "mode": "same", "choice": "yes"})
    assert "not entitled to vote" in refused
    assert not VoterMark.objects.exists()


def test_a_bad_choice_or_key_is_refused(w: World) -> None:
    poll = _poll(w, method="yes_no")
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    for data in (
        {"client_key": key, "mode": "same", "choice": "abstain"},  # a yes/no poll
        {"client_key": key, "mode": "same", "choice": "maybe"},
        {"client_key": key, "mode": "same"},
        {"client_key": "short", "mode": "same", "choice": "yes"},
        {"client_key": key, "mode": "split", "choice": "yes"},
    ):
        assert "nothing was cast" in _cast(lee, poll, data)
    assert not VoterMark.objects.exists()


def test_someone_who_delegated_is_told_so(w: World) -> None:
    vs.delegation_set(delegator=w.participants["lee"], delegate=w.participants["okafor"], by=w.sec)
    poll = _poll(w, allow_delegation=True, forbid_delegator=True)
    lee = _client(w, "lee")
    html = _vote_page(lee)
    assert "You delegated your vote" in html
    refused = _cast(lee, poll, {"client_key": "k" * 20, "mode": "same", "choice": "yes"})
    assert "your delegate casts it" in refused
    assert not VoterMark.objects.exists()


def test_a_delegate_casts_every_vote_in_one_action_same_or_split(w: World) -> None:
    okafor, lee = w.participants["okafor"], w.participants["lee"]
    vs.delegation_set(delegator=lee, delegate=okafor, by=w.sec)
    same = _poll(w, title="Same", allow_delegation=True, forbid_delegator=True, secrecy="named")
    client = _client(w, "okafor")
    html = _vote_page(client)
    assert "You carry 2 votes" in html and "Min Lee" in html
    done = _cast(client, same, {"client_key": _key(html, same), "mode": "same", "choice": "no"})
    assert "Min Lee:" in done and "Mira Okafor:" in done
    assert sorted(
        str(c) for c in Ballot.objects.filter(poll=same).values_list("choice", flat=True)
    ) == [
        "no",
        "no",
    ]
    vs.poll_close(poll=same, by=w.sec)
    split = _poll(w, title="Split", allow_delegation=True, forbid_delegator=True, secrecy="named")
    html = _vote_page(client)
    data = {
        "client_key": _key(html, split, split=True),
        "mode": "split",
        f"v{okafor.pk}-choice": "yes",
        f"v{lee.pk}-choice": "abstain",
    }
    assert "was recorded" in _cast(client, split, data)
    votes = dict(Ballot.objects.filter(poll=split).values_list("voter_id", "choice"))
    assert votes == {okafor.pk: "yes", lee.pk: "abstain"}


def test_a_ranked_ballot_by_numbers(w: World) -> None:
    poll = _poll(w, subject="election", method="instant_runoff", options=["Ana", "Bo", "Cy"])
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    same_rank = {"client_key": key, "mode": "same", "rank_0": "1", "rank_1": "1"}
    assert "different number" in _cast(lee, poll, same_rank)
    assert not Ballot.objects.exists()
    done = _cast(lee, poll, {"client_key": key, "mode": "same", "rank_0": "2", "rank_2": "1"})
    assert "was recorded" in done
    assert Ballot.objects.get(poll=poll).choice == ["Cy", "Ana"]


def test_several_marks_by_checkboxes(w: World) -> None:
    poll = _poll(w, subject="election", method="at_large", options=["Ana", "Bo", "Cy"], seats=2)
    lee = _client(w, "lee")
    key = _key(_vote_page(lee), poll)
    too_many = {"client_key": key, "mode": "same", "choice": ["0", "1", "2"]}
    assert "was recorded" not in _cast(lee, poll, too_many)
    assert not Ballot.objects.exists()
    _cast(lee, poll, {"client_key": key, "mode": "same", "choice": ["2", "0"]})
    assert Ballot.objects.get(poll=poll).choice == ["Ana", "Cy"]


# --- the chair ------------------------------------------------------------------------------


def test_the_chair_makes_a_poll_from_a_template_edits_opens_and_closes_it(w: World) -> None:
    chair = _client(w, "sec")
    form = chair.get(reverse("poll-create", args=[KEY]) + "?template=several_seats")
    assert form.status_code == 200 and 'value="at_large" selected' in form.content.decode()
    made = chair.post(
        reverse("poll-create", args=[KEY]) + "?template=several_seats",
        {
            "title": "Tellers", "subject": "election", "method": "at_large",
            "options": "Ana\nBo\n\nCy\n", "seats": "2", "min_choices": "1",
            "allow_abstain": "on", "thresholds": "[]", "quorum": "null",
            "next_ballot": "repeat", "secrecy": "secret", "require_presence": "on",
        },
    )  # fmt: skip
    poll = Poll.objects.get(title="Tellers")
    assert made.status_code == 302 and poll.options == ["Ana", "Bo", "Cy"] and poll.seats == 2
    edit = reverse("poll-edit", args=[KEY, poll.pk])
    bad = chair.post(
        edit,
        {
            "title": "Tellers", "subject": "election", "method": "at_large",
            "options": "Ana\nabstain", "seats": "1", "min_choices": "1", "thresholds": "[]",
            "quorum": "null", "next_ballot": "repeat", "secrecy": "secret",
        },
    )  # fmt: skip
    assert bad.status_code == 200 and "names the abstentions" in bad.content.decode()
    poll.refresh_from_db()
    assert poll.options == ["Ana", "Bo", "Cy"]
    act = reverse("poll-act", args=[KEY, poll.pk])
    chair.post(act, {"action": "open"})
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    # An open poll is not edited.
    assert chair.get(edit).status_code == 302
    assert "only a draft can be changed" in chair.get(edit, follow=True).content.decode()
    chair.post(act, {"action": "close"})
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED and poll.result is not None
    page = chair.get(reverse("poll-detail", args=[KEY, poll.pk])).content.decode()
    assert "No votes" in page or "Seats left unfilled" in page


def test_chair_pages_are_not_found_for_others(w: World) -> None:
    poll = _poll(w, open_it=False)
    for who in ("lee", "guest", None):
        client = _client(w, who)
        assert client.get(reverse("poll-create", args=[KEY])).status_code == 404
        assert client.get(reverse("poll-edit", args=[KEY, poll.pk])).status_code == 404
        assert client.get(reverse("poll-detail", args=[KEY, poll.pk])).status_code == 404
        assert (
            client.post(reverse("poll-act", args=[KEY, poll.pk]), {"action": "open"}).status_code
            == 404
        )
        assert client.get(reverse("poll-paper", args=[KEY, poll.pk])).status_code == 404
    poll.refresh_from_db()
    assert poll.state == PollState.DRAFT


def test_the_paper_count_must_add_up(w: World) -> None:
    poll = _poll(w, paper_allowed=True, require_presence=False)
    chair = _client(w, "sec")
    url = reverse("poll-paper", args=[KEY, poll.pk])
    assert chair.get(url).status_code == 200
    bad = chair.post(
        url, {"count_0": "3", "count_1": "1", "abstain": "0", "invalid": "0", "handed_in": "2"}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    too_many = chair.post(
        url, {"count_0": "30", "count_1": "0", "abstain": "0", "invalid": "0", "handed_in": "30"}
    )
    assert too_many.status_code == 200 and "could be cast" in too_many.content.decode()
    negative = chair.post(
        url, {"count_0": "-1", "count_1": "1", "abstain": "0", "invalid": "0", "handed_in": "0"}
    )
    assert negative.status_code == 200
    assert not PaperCount.objects.exists()
    good = chair.post(
        url, {"count_0": "2", "count_1": "1", "abstain": "0", "invalid": "0", "handed_in": "3"}
    )
    assert good.status_code == 302
    assert PaperCount.objects.get(poll=poll).counts == {"yes": 2, "no": 1}


def test_closing_without_the_paper_count_is_refused(w: World) -> None:
    poll = _poll(w, paper_allowed=True)
    page = _client(w, "sec").post(
        reverse("poll-act", args=[KEY, poll.pk]), {"action": "close"}, follow=True
    )
    assert "Enter the count of the paper ballots" in page.content.decode()
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN


def test_a_new_ballot_after_no_election_keeps_the_runoff_candidates(w: World) -> None:
    outsider = cs.participant_add(
        conference=w.conference,
        spec=cs.ParticipantSpec(
            person=w.persons["outsider"], roles=["delegate"], voting_right=True
        ),
        by=w.sec,
    )
    poll = _poll(
        w, subject="election", method="single_seat_majority", options=["Ana", "Bo", "Cy"],
        next_ballot="runoff", secrecy="named", require_presence=False,
    )  # fmt: skip
    # Ana 3 of 6 (Aiko Tanaka carries 2): no majority; Bo second with 2.
    for who, choice in (("tanaka", "Ana"), ("okafor", "Ana"), ("rivera", "Bo"), ("lee", "Bo")):
        vs.ballot_cast(
            poll=poll, participant=w.participants[who], client_key=f"{who}-key-0000000000",
            choice=choice, by=w.users[who],
        )  # fmt: skip
    vs.ballot_cast(
        poll=poll, participant=outsider, client_key="outsider-key-00000", choice="Cy", by=None
    )
    vs.poll_close(poll=poll, by=w.sec)
    poll.refresh_from_db()
    assert poll.result is not None and poll.result["status"] == "no_election"
    chair = _client(w, "sec")
    made = chair.post(reverse("poll-act", args=[KEY, poll.pk]), {"action": "repeat"})
    assert made.status_code == 302
    new = Poll.objects.exclude(pk=poll.pk).get()
    assert new.state == PollState.DRAFT and new.options == ["Ana", "Bo"]
    assert made["Location"] == reverse("poll-edit", args=[KEY, new.pk])


def test_delegations_page(w: World) -> None:
    lee = _client(w, "lee")
    url = reverse("poll-delegations", args=[KEY])
    page = lee.get(url).content.decode()
    assert "Min Lee" in page
    okafor, rivera = w.participants["okafor"], w.participants["rivera"]
    # Lee gives only Lee's own vote: another's is not offered, and is refused.
    refused = lee.post(url, {"delegator": rivera.pk, "delegate": okafor.pk})
    assert refused.status_code == 200 and not Delegation.objects.exists()
    made = lee.post(url, {"delegator": w.participants["lee"].pk, "delegate": okafor.pk})
    assert made.status_code == 302
    row = Delegation.objects.get()
    chain = _client(w, "sec").post(url, {"delegator": okafor.pk, "delegate": rivera.pk})
    assert "No chains" in chain.content.decode() and Delegation.objects.count() == 1
    assert _client(w, "rivera").post(url, {"delegation": row.pk}).status_code == 404
    assert lee.post(url, {"delegation": row.pk}).status_code == 302
    assert not Delegation.objects.exists()
    assert _client(w, "guest").get(url).status_code == 404


# --- what each screen shows -------------------------------------------------------------------


def test_a_secret_poll_shows_the_count_and_never_the_choices(w: World) -> None:
    poll = _poll(w, subject="election", method="single_choice", options=["Ana", "Bo"])
    for voter, choice in (("lee", "0"), ("rivera", "1"), ("okafor", "0")):
        client = _client(w, voter)
        _cast(client, poll, {"client_key": _key(_vote_page(client), poll), "mode": "same",
                             "choice": choice})  # fmt: skip
    urls = [
        reverse("poll-vote", args=[KEY]),
        reverse("poll-projector", args=[KEY]),
        reverse("poll-detail", args=[KEY, poll.pk]),
        reverse("poll-list", args=[KEY]),
    ]
    for who in ("lee", "tanaka", None):
        client = _client(w, who)
        for url in urls:
            html = client.get(url).content.decode()
            assert "3 of 4 votes cast" in strip_tags(html), (who, url)
            # The count is marked for the live pages to set in place (conferences.js).
            assert f'<span data-poll-cast-count="{poll.pk}">3</span>' in html, (who, url)
            assert "poll-number" not in html, (who, url)  # no count per choice
    chair = _client(w, "sec").get(reverse("poll-detail", args=[KEY, poll.pk])).content.decode()
    assert "Counts so far" in chair and "3 of 4 votes cast" in strip_tags(chair)
    # The chair's counts per choice grow with each ballot: that page reads them again.
    assert f'data-refresh-on-vote="{poll.pk}"' in chair
    vs.poll_close(poll=poll, by=w.sec)
    for who in ("lee", None, "sec"):
        client = _client(w, who)
        for url in urls:
            html = client.get(url).content.decode()
            # Nobody's name sits next to a choice: the result is counts only.
            for name in ("Min Lee", "Tomás Rivera", "Mira Okafor"):
                assert name not in html or url.endswith("/vote/"), (who, url, name)
        projector = client.get(urls[1]).content.decode()
        assert "Elected" in projector and "Ana" in projector


def test_a_draft_or_a_poll_on_a_hidden_item_is_the_chairs_alone(w: World) -> None:
    hidden = cs.agenda_item_add(
        conference=w.conference, title="Closed door", kind="topic", is_hidden=True, by=w.sec
    )
    draft = _poll(w, title="Draft marker", open_it=False)
    on_hidden = _poll(w, title="Hidden marker", item=hidden)
    for who in ("lee", None):
        client = _client(w, who)
        for url in (
            reverse("poll-vote", args=[KEY]),
            reverse("poll-list", args=[KEY]),
            reverse("poll-projector", args=[KEY]),
        ):
            html = client.get(url).content.decode()
            assert "Draft marker" not in html and "Hidden marker" not in html
        assert client.get(reverse("poll-detail", args=[KEY, draft.pk])).status_code == 404
        assert client.get(reverse("poll-detail", args=[KEY, on_hidden.pk])).status_code == 404
    chair = _client(w, "sec").get(reverse("poll-list", args=[KEY])).content.decode()
    assert "Draft marker" in chair and "Hidden marker" in chair
