"""Newsletters in one process: the double opt-in, choosing recipients by language and
category, the message's parts and headers, one-click unsubscribing, the worker's queue
(leases, retries, failures), the secretariat's pages, and hostile text kept inert."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chapterhouse.core.models import AuditEntry
from chapterhouse.publishing import newsletters, services
from chapterhouse.publishing.factories import make_category, make_post
from chapterhouse.publishing.newsletter_models import (
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    Subscription,
    SubscriptionState,
)
from chapterhouse.publishing.services import VersionSpec
from tests.publishing.newsletter_helpers import subscriber

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _link(body: str, name: str) -> str:
    found = re.search(rf"http://testserver(/newsletter/{name}/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def _send(post: Any, languages: tuple[str, ...] = ()) -> Mailing:
    return newsletters.mailing_create(post=post, languages=languages, base_url=BASE, by=None)


# --- subscribing ------------------------------------------------------------------------------


def test_subscribe_confirm_by_button_then_mailed(org: None, client: Client) -> None:
    response = client.post(
        reverse("newsletter-subscribe"),
        {"email": " Reader@Example.org ", "language": "ja", "website": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "a message is on its way" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org"
    assert subscription.state == SubscriptionState.PENDING
    assert subscription.language == "ja"
    assert len(mail.outbox) == 1
    confirm_mail = mail.outbox[0]
    assert confirm_mail.to == ["reader@example.org"]
    link = _link(str(confirm_mail.body), "confirm")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert subscription.confirm_token_hash and token not in subscription.confirm_token_hash

    # Opening the link (a mail scanner does) confirms nothing; the page's button does.
    page = client.get(link)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.PENDING
    done = client.post(link)
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.CONFIRMED
    assert subscription.confirmed_at is not None
    assert AuditEntry.objects.filter(action="subscription.confirmed").count() == 1
    # The link works once.
    assert client.post(link).status_code == 404
    assert client.get(link).status_code == 404


def test_the_answer_is_the_same_for_a_subscribed_address(org: None, client: Client) -> None:
    subscriber("known@example.org")
    mail.outbox.clear()
    answers = []
    for address in ("known@example.org", "new@example.org"):
        response = client.post(
            reverse("newsletter-subscribe"),
            {"email": address, "language": "en", "website": ""},
        )
        answers.append((response.status_code, response["Location"]))
        page = client.get(response["Location"])
        # The page as the reader sees it (its form's CSRF token differs on every page).
        answers.append((page.status_code, re.sub(r"[A-Za-z0-9]{64}", "", page.content.decode())))
    assert answers[0] == answers[2]
    assert answers[1] == answers[3]
    # Only the new address gets a mail; the confirmed one keeps its choices.
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_unconfirmed_and_unsubscribed_are_never_mailed(org: None) -> None:
    newsletters.subscription_request(
        email="pending@example.org", language="en", client=None, by=None
    )
    confirmed = subscriber("confirmed@example.org")
    gone = subscriber("gone@example.org")
    newsletters.subscription_unsubscribe(token=gone.unsubscribe_token, by=None)
    mail.outbox.clear()
    mailing = _send(make_post(title="Hello"))
    assert [d.subscription_id for d in mailing.deliveries.all()] == [confirmed.pk]
    assert newsletters.run_worker(once=True) == 1
    assert [m.to for m in mail.outbox] == [["confirmed@example.org"]]
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE


def test_an_expired_link_does_not_confirm(org: None, client: Client) -> None:
    subscription, token = newsletters.subscription_request(
        email="late@example.org", language="en", client=None, by=None
    )
    assert token is not None
    Subscription.objects.filter(pk=subscription.pk).update(
        confirm_sent_at=timezone.now() - dt.timedelta(days=8)
    )
    link = reverse("newsletter-confirm", args=[token])
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.PENDING


def test_no_flood_of_confirmations_to_one_address(org: None, client: Client) -> None:
    for _ in range(3):
        client.post(
            reverse("newsletter-subscribe"),
            {"email": "victim@example.org", "language": "en", "website": ""},
        )
    assert len(mail.outbox) == 1


def test_honeypot_and_rate_limit(org: None, client: Client) -> None:
    bot = client.post(
        reverse("newsletter-subscribe"),
        {"email": "bot@example.org", "language": "en", "website": "http://spam"},
    )
    assert bot.status_code == 422
    assert not Subscription.objects.exists()
    statuses = [
        client.post(
            reverse("newsletter-subscribe"),
            {"email": f"r{n}@example.org", "language": "en", "website": ""},
        ).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [422, 422]
    assert Subscription.objects.count() == 5


def test_subscribe_refuses_a_language_not_offered(org: None) -> None:
    with pytest.raises(Exception, match="not one of the organization's languages"):
        newsletters.subscription_request(email="x@example.org", language="ru", client=None, by=None)


# --- recipients, languages, categories ------------------------------------------------------


def test_recipients_by_language_and_category(org: None) -> None:
    ports, ships = make_category(key="ports"), make_category(key="ships")
    every_en = subscriber("every-en@example.org")
    every_ja = subscriber("every-ja@example.org", language="ja")
    ports_en = subscriber("ports-en@example.org", categories=[ports])
    subscriber("ships-en@example.org", categories=[ships])
    both = subscriber("both@example.org", categories=[ports, ships])
    post = make_post(
        title="Port news",
        body="English **body**",
        category=ports,
        versions=[VersionSpec("ja", "港のニュース", "", "日本語の本文")],
    )
    mailing = _send(post)
    assert sorted(d.subscription_id for d in mailing.deliveries.all()) == sorted(
        [every_en.pk, every_ja.pk, ports_en.pk, both.pk]
    )
    newsletters.run_worker(once=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(by_address) == 4 and len(mail.outbox) == 4
    assert by_address["every-ja@example.org"].subject == "港のニュース"
    assert "日本語の本文" in str(by_address["every-ja@example.org"].body)
    assert by_address["every-en@example.org"].subject == "Port news"

    # A post without a category goes to those following every category; a language filter.
    plain = make_post(title="General", versions=[VersionSpec("ja", "一般")])
    only_ja = _send(plain, languages=("ja",))
    assert [d.subscription_id for d in only_ja.deliveries.all()] == [every_ja.pk]


def test_a_post_sent_in_its_original_when_not_translated(org: None) -> None:
    subscriber("ja@example.org", language="ja")
    _send(make_post(title="Only English", body="Plain"))
    newsletters.run_worker(once=True)
    (message,) = mail.outbox
    assert message.subject == "Only English"
    assert message.extra_headers["Content-Language"] == "en"
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert 'lang="en"' in html


# --- the message -------------------------------------------------------------------------------


def test_message_parts_and_headers(org: None, client: Client) -> None:
    reader = subscriber("reader@example.org")
    mailing = _send(make_post(title="Title", lead="Lead", body="Body *text*", slug="the-post"))
    newsletters.run_worker(once=True)
    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    delivery = Delivery.objects.get(mailing=mailing)
    assert delivery.state == DeliveryState.SENT and delivery.sent_at is not None
    headers = message.message()
    assert headers["Message-ID"] == delivery.message_id
    unsubscribe = reverse("newsletter-unsubscribe", args=[reader.unsubscribe_token])
    assert headers["List-Unsubscribe"] == f"<{BASE}{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Subject"] == "Title"
    text = str(message.body)
    assert "Body *text*" in text and f"{BASE}/news/the-post/" in text and unsubscribe in text
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "<em>text</em>" in str(html) and unsubscribe in str(html)


def test_one_click_unsubscribe_needs_no_session_or_csrf(org: None) -> None:
    reader = subscriber("reader@example.org")
    url = reverse("newsletter-unsubscribe", args=[reader.unsubscribe_token])
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    assert page.status_code == 200
    reader.refresh_from_db()
    assert reader.state == SubscriptionState.CONFIRMED  # a GET changes nothing
    response = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.state == SubscriptionState.UNSUBSCRIBED
    assert browser.post(url).status_code == 200  # again: nothing new
    assert AuditEntry.objects.filter(action="subscription.unsubscribed").count() == 1
    assert browser.post(reverse("newsletter-unsubscribe", args=["nope"])).status_code == 404
    assert browser.get(reverse("newsletter-unsubscribe", args=["nope"])).status_code == 404


def test_unsubscribed_after_queueing_is_skipped(org: None) -> None:
    reader, other = subscriber("reader@example.org"), subscriber("other@example.org")
    mailing = _send(make_post())
    newsletters.subscription_unsubscribe(token=reader.unsubscribe_token, by=None)
    newsletters.run_worker(once=True)
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert newsletters.mailing_counts(mailing) | {} == {
        "queued": 0,
        "sending": 0,
        "sent": 1,
        "failed": 0,
        "skipped": 1,
        "total": 2,
    }


# --- sending: rules -----------------------------------------------------------------------------


def test_only_a_published_post_is_sent_and_only_once(org: None) -> None:
    subscriber("reader@example.org")
    draft = make_post(published=False)
    with pytest.raises(Exception, match="Only a published post"):
        _send(draft)
    post = make_post()
    _send(post)
    with pytest.raises(Exception, match="already been sent"):
        _send(post)
    services.post_withdraw(post=post, by=None)
    assert Mailing.objects.count() == 1
    assert AuditEntry.objects.filter(action="mailing.created").count() == 1


# --- the worker's queue ---------------------------------------------------------------------


def test_a_claimed_row_is_claimed_again_only_after_its_lease(org: None) -> None:
    subscriber("a@example.org")
    subscriber("b@example.org")
    _send(make_post())
    first = newsletters.claim(lease_seconds=60)
    second = newsletters.claim(lease_seconds=60)
    assert first is not None and second is not None and first.pk != second.pk
    assert newsletters.claim(lease_seconds=60) is None  # both held
    Delivery.objects.filter(pk=first.pk).update(lease_until=timezone.now() - dt.timedelta(1))
    again = newsletters.claim(lease_seconds=60)
    assert again is not None and again.pk == first.pk and again.attempts == 2
    # The first attempt's late outcome is not recorded over the second's.
    newsletters._mark(first, state=DeliveryState.SENT)
    assert Delivery.objects.get(pk=first.pk).state == DeliveryState.SENDING


class FlakyBackend(BaseEmailBackend):
    """Refuses every message with the error given."""

    error: Exception = smtplib.SMTPServerDisconnected("gone")

    def send_messages(self, email_messages: Any) -> int:
        raise self.error


def test_temporary_failure_retries_then_fails(org: None) -> None:
    subscriber("a@example.org")
    mailing = _send(make_post())
    backend = FlakyBackend()
    for attempt in range(1, newsletters.MAX_ATTEMPTS + 1):
        row = newsletters.claim()
        assert row is not None and row.attempts == attempt
        state = newsletters.deliver(row, backend)
        delivery = Delivery.objects.get(mailing=mailing)
        assert "SMTPServerDisconnected" in delivery.last_error
        if attempt < newsletters.MAX_ATTEMPTS:
            assert state == DeliveryState.QUEUED
            assert delivery.lease_until is not None and delivery.lease_until > timezone.now()
            assert newsletters.claim() is None  # waits for its next attempt
            Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now())
    assert state == DeliveryState.FAILED


def test_permanent_refusal_fails_at_once(org: None) -> None:
    subscriber("a@example.org")
    _send(make_post())
    backend = FlakyBackend()
    backend.error = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 unknown")})
    row = newsletters.claim()
    assert row is not None
    assert newsletters.deliver(row, backend) == DeliveryState.FAILED
    assert Delivery.objects.get().last_error == "550 5.1.1 unknown"


# --- the secretariat's pages ---------------------------------------------------------------


def test_send_from_the_post_page_and_follow_progress(org: None, secretariat_client: Client) -> None:
    subscriber("reader@example.org")
    subscriber("reader-ja@example.org", language="ja")
    post = make_post(title="Send me", slug="send-me")
    edit = secretariat_client.get(reverse("publishing-post-edit", args=[post.slug]))
    assert reverse("publishing-mailing-create", args=[post.slug]) in edit.content.decode()
    response = secretariat_client.post(
        reverse("publishing-mailing-create", args=[post.slug]), {"languages": ["en"]}
    )
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("publishing-mailing", args=[mailing.pk])
    assert mailing.languages == ["en"] and mailing.deliveries.count() == 1
    page = secretariat_client.get(response["Location"]).content.decode()
    assert "Send me" in page
    listing = secretariat_client.get(reverse("publishing-mailings")).content.decode()
    assert "0 / 1" in listing
    newsletters.run_worker(once=True)
    listing = secretariat_client.get(reverse("publishing-mailings")).content.decode()
    assert "1 / 1" in listing
    # Sent once: the edit page no longer offers the button.
    edit = secretariat_client.get(reverse("publishing-post-edit", args=[post.slug]))
    assert reverse("publishing-mailing-create", args=[post.slug]) not in edit.content.decode()


def test_a_draft_offers_no_sending(org: None, secretariat_client: Client) -> None:
    draft = make_post(published=False, slug="draft")
    edit = secretariat_client.get(reverse("publishing-post-edit", args=[draft.slug]))
    assert reverse("publishing-mailing-create", args=[draft.slug]) not in edit.content.decode()
    secretariat_client.post(
        reverse("publishing-mailing-create", args=[draft.slug]), {"languages": ["en"]}
    )
    assert not Mailing.objects.exists()


def test_failures_shown_with_their_error(org: None, secretariat_client: Client) -> None:
    subscriber("bad@example.org")
    mailing = _send(make_post())
    Delivery.objects.filter(mailing=mailing).update(
        state=DeliveryState.FAILED, last_error="550 no such mailbox", attempts=1
    )
    page = secretariat_client.get(reverse("publishing-mailing", args=[mailing.pk]))
    content = page.content.decode()
    assert "bad@example.org" in content and "550 no such mailbox" in content


@pytest.mark.parametrize(
    "name", ["publishing-mailings", "publishing-mailing", "publishing-mailing-create"]
)
def test_secretariat_pages_refuse_others(org: None, user_client: Client, name: str) -> None:
    post = make_post(slug="p")
    mailing = _send(post)
    args: dict[str, list[object]] = {
        "publishing-mailing": [mailing.pk],
        "publishing-mailing-create": [post.slug],
    }
    url = reverse(name, args=args.get(name, []))
    response = (
        user_client.post(url, {"languages": ["en"]})
        if name.endswith("create")
        else user_client.get(url)
    )
    assert response.status_code == 404
    assert Client().get(url).status_code in (302, 404, 405)


# --- hostile text ------------------------------------------------------------------------------


def test_hostile_text_is_inert_in_mail_and_pages(
    org: None, secretariat_client: Client, client: Client
) -> None:
    subscriber("reader@example.org")
    post = make_post(title=f"T {XSS}", lead=f"L {XSS}", body=f"B {XSS}", slug="xss")
    mailing = _send(post)
    newsletters.run_worker(once=True)
    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "\n" not in str(message.subject)
    pages = [
        secretariat_client.get(reverse("publishing-mailings")),
        secretariat_client.get(reverse("publishing-mailing", args=[mailing.pk])),
        client.post(
            reverse("newsletter-subscribe"),
            {"email": f"{XSS}@x.org", "language": XSS, "website": ""},
        ),
    ]
    for page in pages:
        assert "<script>alert" not in page.content.decode()


# --- CHAPTERHOUSE_EMAIL_URL --------------------------------------------------------------------


def test_email_url_settings(tmp_path: Any) -> None:
    from chapterhouse.conf import ConfigurationError, email_settings

    unset = email_settings("", tmp_path)
    assert unset.backend.endswith("filebased.EmailBackend")
    assert unset.file_path == str(tmp_path / "outbox")
    plain = email_settings("smtp://mail.example.org", tmp_path)
    assert (plain.host, plain.port, plain.use_tls, plain.use_ssl) == (
        "mail.example.org",
        25,
        False,
        False,
    )
    assert plain.sender == "chapterhouse@mail.example.org"
    tls = email_settings("smtp+tls://user%40x:p%2Fw@mail.example.org?from=news@x.org", tmp_path)
    assert (tls.port, tls.use_tls, tls.user, tls.password, tls.sender) == (
        587,
        True,
        "user@x",
        "p/w",
        "news@x.org",
    )
    ssl = email_settings("smtps://u:p@mail.example.org:2465", tmp_path)
    assert (ssl.port, ssl.use_ssl, ssl.use_tls) == (2465, True, False)
    for bad in ("http://mail.example.org", "smtp://", "smtp://h:port"):
        with pytest.raises(ConfigurationError):
            email_settings(bad, tmp_path)
