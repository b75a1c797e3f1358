"""Newsletters' rules: subscribing (double opt-in), confirming, unsubscribing, sending a post
to its subscribers, and the sending worker that works through the deliveries
(docs/publishing.md, "Newsletters").

The ``Delivery`` table is the queue. A worker claims one due row in a short transaction
(``select_for_update(skip_locked=True)`` on PostgreSQL, so that several workers take different
rows; SQLite's IMMEDIATE transactions let one writer at a time), marks it ``sending`` with a
lease and commits; then it sends, outside any transaction; then it marks the row ``sent``.
A worker killed before the mark leaves a ``sending`` row whose lease runs out, and the next
worker sends it again with the same Message-ID: no row is ever skipped. A row is sent twice
only if the worker dies in the instant between the server's acceptance of the message and
the commit of ``sent`` (docs/publishing.md states the guarantee)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import smtplib
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import DatabaseError, close_old_connections, transaction
from django.db import connection as db_connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from chapterhouse.core.actors import Actor
from chapterhouse.core.audit import audit_record
from chapterhouse.core.errors import Errors, field_error, integrity_backstop
from chapterhouse.core.translations import normalize_language
from chapterhouse.publishing import mail, spam
from chapterhouse.publishing.models import Category, Post
from chapterhouse.publishing.newsletter_models import (
    EMAIL_MAX,
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    Subscription,
    SubscriptionState,
)
from chapterhouse.publishing.selectors import organization_languages

log = logging.getLogger(__name__)


def _(message: str) -> str:
    return cast(str, gettext_lazy(message))


EMAIL_INVALID = _("Enter a valid e-mail address.")
LANGUAGE_NOT_OFFERED = _("{language!r} is not one of the organization's languages ({languages}).")
LINK_INVALID = _("This link is not valid, or it has expired. Subscribe again to get a new one.")
NOT_PUBLIC = _("Only a published post can be sent as a newsletter.")
ALREADY_SENT = _("This post has already been sent as a newsletter.")
BASE_URL_INVALID = _("The site's address must start with http:// or https://.")

# A confirmation link works for a week; another confirmation mail to the same address waits
# ten minutes after the last one (nobody can flood an address through the form).
CONFIRM_VALID = dt.timedelta(days=7)
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=10)
MAX_CATEGORIES = 100

# The worker: a claimed row's lease (far longer than an SMTP exchange, EMAIL_TIMEOUT), the
# attempts a temporarily refused message gets, and the waits between them.
LEASE_SECONDS = 600
MAX_ATTEMPTS = 5
RETRY_WAITS = (60, 300, 1800, 7200)
POLL_SECONDS = 5.0


def _token() -> str:
    return secrets.token_urlsafe(32)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def normalize_email(email: str) -> str:
    return email.strip().lower()


# --- subscriptions ---------------------------------------------------------------------------


@transaction.atomic
def subscription_request(
    *,
    email: str,
    language: str,
    categories: Sequence[Category] = (),
    honeypot: str = "",
    client: str | None,
    by: Actor,
) -> tuple[Subscription, str | None]:
    """Ask for a subscription to ``email`` in ``language`` for ``categories`` (none: every
    post). Returns the subscription and the token of the confirmation link to mail, or None
    when no mail goes out: the address is confirmed already (its choices stay as they are;
    unsubscribing and subscribing again changes them), or a confirmation went out less than
    ten minutes ago. The form answers the same in every case, so that it tells nobody who is
    subscribed. ``client`` and ``honeypot`` as for ``services.comment_submit``."""
    spam.check_honeypot(honeypot)
    errors = Errors()
    email = normalize_email(email)
    try:
        validate_email(email)
        if len(email) > EMAIL_MAX:
            raise ValidationError(EMAIL_INVALID)
    except ValidationError:
        errors.add("email", EMAIL_INVALID)
    language = normalize_language(language)
    offered = organization_languages()
    if language not in offered:
        errors.add(
            "language",
            LANGUAGE_NOT_OFFERED.format(language=language, languages=", ".join(offered)),
        )
    errors.check_count("categories", len(categories), MAX_CATEGORIES)
    errors.raise_any()
    if client is not None:
        spam.check_rate(scope="subscribe", client=client)
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    if subscription is not None and subscription.state == SubscriptionState.CONFIRMED:
        return subscription, None
    if (
        subscription is not None
        and subscription.state == SubscriptionState.PENDING
        and subscription.confirm_sent_at is not None
        and now - subscription.confirm_sent_at < CONFIRM_RESEND_AFTER
    ):
        return subscription, None
    token = _token()
    if subscription is None:
        subscription = Subscription(email=email, unsubscribe_token=_token(), created_at=now)
    subscription.language = language
    subscription.state = SubscriptionState.PENDING
    subscription.confirm_token_hash = _hash(token)
    subscription.confirm_sent_at = now
    with integrity_backstop("email", EMAIL_INVALID):
        subscription.save()
    subscription.categories.set(categories)
    return subscription, token


def send_confirmation(*, subscription: Subscription, token: str, base: str) -> None:
    """Mail the confirmation link (called once the form's answer is sent: views)."""
    message = mail.confirmation_message(
        subscription=subscription, token=token, base=mail.base_url(base)
    )
    message.send()


@transaction.atomic
def subscription_confirm(*, token: str, by: Actor) -> Subscription:
    """Confirm the subscription whose confirmation link carries ``token`` (a week at most)."""
    subscription = (
        Subscription.objects.select_for_update()
        .filter(
            confirm_token_hash=_hash(token),
            state=SubscriptionState.PENDING,
            confirm_sent_at__gt=timezone.now() - CONFIRM_VALID,
        )
        .first()
    )
    if not token or subscription is None:
        raise ValidationError(LINK_INVALID)
    subscription.state = SubscriptionState.CONFIRMED
    subscription.confirmed_at = timezone.now()
    subscription.confirm_token_hash = ""
    subscription.save(update_fields=["state", "confirmed_at", "confirm_token_hash"])
    # The audit row names the subscription by its number and keeps no address.
    audit_record(
        by=by,
        action="subscription.confirmed",
        obj=subscription,
        after={"state": subscription.state, "language": subscription.language},
    )
    return subscription


def subscription_for_confirm(token: str) -> Subscription | None:
    """The subscription a still valid confirmation link confirms, if any."""
    if not token:
        return None
    return Subscription.objects.filter(
        confirm_token_hash=_hash(token),
        state=SubscriptionState.PENDING,
        confirm_sent_at__gt=timezone.now() - CONFIRM_VALID,
    ).first()


def subscription_for_unsubscribe(token: str) -> Subscription | None:
    if not token:
        return None
    return Subscription.objects.filter(unsubscribe_token=token).first()


@transaction.atomic
def subscription_unsubscribe(*, token: str, by: Actor) -> Subscription:
    """End the subscription whose newsletters carry ``token`` (any state; again: nothing).
    Deliveries still queued for it are skipped by the worker."""
    subscription = (
        Subscription.objects.select_for_update().filter(unsubscribe_token=token).first()
        if token
        else None
    )
    if subscription is None:
        raise ValidationError(LINK_INVALID)
    if subscription.state == SubscriptionState.UNSUBSCRIBED:
        return subscription
    subscription.state = SubscriptionState.UNSUBSCRIBED
    subscription.confirm_token_hash = ""
    subscription.save(update_fields=["state", "confirm_token_hash"])
    audit_record(
        by=by,
        action="subscription.unsubscribed",
        obj=subscription,
        after={"state": subscription.state},
    )
    return subscription


# --- mailings --------------------------------------------------------------------------------


def recipients(post: Post, languages: Sequence[str]) -> QuerySet[Subscription]:
    """The confirmed subscriptions a post goes to: in one of ``languages`` (empty: any), and
    following the post's category, or every category (none chosen)."""
    subscriptions = Subscription.objects.filter(state=SubscriptionState.CONFIRMED)
    if languages:
        subscriptions = subscriptions.filter(language__in=list(languages))
    followed = Subscription.categories.through.objects.filter(subscription_id=OuterRef("pk"))
    every = Q(~Exists(followed))
    if post.category_id is None:
        return subscriptions.filter(every)
    return subscriptions.filter(every | Q(Exists(followed.filter(category_id=post.category_id))))


@transaction.atomic
def mailing_create(
    *, post: Post, languages: Sequence[str] = (), base_url: str, by: Actor
) -> Mailing:
    """Send a published post to its subscribers: one queued delivery per recipient, each
    with its Message-ID; the worker sends them. A post is sent once."""
    locked = Post.objects.public().select_for_update().filter(pk=post.pk).first()
    if locked is None:
        raise ValidationError(NOT_PUBLIC)
    if Mailing.objects.filter(post=locked).exists():
        raise ValidationError(ALREADY_SENT)
    errors = Errors()
    offered = organization_languages()
    chosen = [normalize_language(code) for code in languages]
    for code in chosen:
        if code not in offered:
            errors.add(
                "languages",
                LANGUAGE_NOT_OFFERED.format(language=code, languages=", ".join(offered)),
            )
    errors.raise_any()
    base = mail.base_url(base_url)
    if not base.startswith(("http://", "https://")):
        raise field_error("base_url", BASE_URL_INVALID)
    mailing = Mailing(
        post=locked,
        languages=sorted(set(chosen)),
        base_url=base,
        created_by=by if by is not None and by.is_authenticated else None,  # type: ignore[misc]  # an authenticated Actor is a User
    )
    with integrity_backstop("post", ALREADY_SENT):
        mailing.save()
    ids = list(recipients(locked, mailing.languages).values_list("pk", flat=True))
    Delivery.objects.bulk_create(
        [
            Delivery(mailing=mailing, subscription_id=pk, message_id=mail.new_message_id())
            for pk in ids
        ],
        batch_size=500,
    )
    if not ids:
        mailing.state, mailing.finished_at = MailingState.DONE, timezone.now()
        mailing.save(update_fields=["state", "finished_at"])
    audit_record(
        by=by,
        action="mailing.created",
        obj=mailing,
        after={"post": locked.pk, "languages": mailing.languages, "recipients": len(ids)},
    )
    return mailing


def mailing_counts(mailing: Mailing) -> dict[str, int]:
    """How many of the mailing's deliveries are in each state."""
    counts = {state.value: 0 for state in DeliveryState}
    for row in mailing.deliveries.values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


# --- the worker ------------------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    queued = Q(state=DeliveryState.QUEUED) & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
    return queued | Q(state=DeliveryState.SENDING, lease_until__lte=now)


def claim(*, lease_seconds: float = LEASE_SECONDS) -> Delivery | None:
    """Take the oldest due delivery: mark it ``sending`` with a lease, and commit. An idle
    queue is only read (no write lock taken on SQLite while nothing is due)."""
    if not Delivery.objects.filter(_due(timezone.now())).exists():
        return None
    with transaction.atomic():
        now = timezone.now()
        row = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(_due(now))
            .order_by("id")
            .first()
        )
        if row is None:
            return None
        row.state = DeliveryState.SENDING
        row.attempts += 1
        row.lease_until = now + dt.timedelta(seconds=lease_seconds)
        row.save(update_fields=["state", "attempts", "lease_until"])
    return row


def _mark(row: Delivery, **fields: Any) -> None:
    """Record the outcome of the attempt ``row`` holds; an attempt whose lease another worker
    took over (it ran out) records nothing."""
    done = Delivery.objects.filter(
        pk=row.pk, state=DeliveryState.SENDING, attempts=row.attempts
    ).update(**fields)
    if not done:
        log.warning("delivery taken over by another worker", extra={"delivery": row.pk})


def _refusal(error: Exception) -> tuple[bool, str]:
    """(permanent, text) of a sending error: a 5xx answer is permanent; a 4xx answer, a lost
    connection or a timeout is worth another attempt."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()), (0, b""))
        return code >= 500, f"{code} {answer.decode('utf-8', 'replace')}"
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        return error.smtp_code >= 500, f"{error.smtp_code} {text}"
    return False, f"{type(error).__name__}: {error}"


def deliver(row: Delivery, connection: BaseEmailBackend) -> str:
    """Send one claimed delivery and record the outcome; the state it ends in."""
    row = Delivery.objects.select_related("subscription", "mailing", "mailing__post").get(pk=row.pk)
    if row.subscription.state != SubscriptionState.CONFIRMED:
        _mark(row, state=DeliveryState.SKIPPED, lease_until=None)
        return DeliveryState.SKIPPED
    message = mail.newsletter_message(row)
    try:
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        with suppress(Exception):
            connection.close()  # a broken session: the next message opens a new one
        permanent, text = _refusal(error)
        if permanent or row.attempts >= MAX_ATTEMPTS:
            _mark(row, state=DeliveryState.FAILED, lease_until=None, last_error=text[:1000])
            return DeliveryState.FAILED
        wait = RETRY_WAITS[min(row.attempts, len(RETRY_WAITS)) - 1]
        _mark(
            row,
            state=DeliveryState.QUEUED,
            lease_until=timezone.now() + dt.timedelta(seconds=wait),
            last_error=text[:1000],
        )
        return DeliveryState.QUEUED
    _mark(row, state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None, last_error="")
    return DeliveryState.SENT


def finish_mailings() -> int:
    """Mark done the mailings with nothing left to send."""
    open_states = (DeliveryState.QUEUED, DeliveryState.SENDING)
    if not Mailing.objects.filter(state=MailingState.SENDING).exists():
        return 0
    return (
        Mailing.objects.filter(state=MailingState.SENDING)
        .exclude(deliveries__state__in=open_states)
        .update(state=MailingState.DONE, finished_at=timezone.now())
    )


def _wait(seconds: float, stop: Callable[[], bool]) -> None:
    """Sleep ``seconds``, in short naps, so that a stop request ends the wait soon."""
    deadline = time.monotonic() + seconds
    while not stop() and time.monotonic() < deadline:
        time.sleep(min(0.25, max(0.0, deadline - time.monotonic())))


def run_worker(
    *,
    once: bool = False,
    lease_seconds: float = LEASE_SECONDS,
    poll_seconds: float = POLL_SECONDS,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """Send due deliveries one by one over one SMTP session; when none is due, close the
    session and (``once``: return) wait ``poll_seconds``. A database that cannot be reached
    (or is not migrated yet) is waited for. Returns the deliveries handled."""
    handled = 0
    smtp = get_connection()
    while not stop():
        if not db_connection.in_atomic_block:  # a caller's transaction keeps its connection
            close_old_connections()  # a connection broken or too old is replaced
        try:
            row = claim(lease_seconds=lease_seconds)
            if row is None:
                finish_mailings()
        except DatabaseError:
            if once:
                raise
            log.warning("newsletter queue not readable; trying again", exc_info=True)
            row = None
        if row is None:
            with suppress(Exception):
                smtp.close()
            if once:
                break
            _wait(poll_seconds, stop)
            continue
        try:
            deliver(row, smtp)
        except DatabaseError:
            if once:
                raise
            # The outcome is not recorded: the lease runs out and the message is tried again.
            log.warning("delivery outcome not recorded", exc_info=True, extra={"id": row.pk})
        handled += 1
    with suppress(Exception):
        smtp.close()
    return handled
