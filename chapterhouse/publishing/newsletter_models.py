"""Newsletters: readers' subscriptions (double opt-in), a post's mailing, and one delivery per
subscriber, which is also the sending queue (docs/publishing.md, "Newsletters").

Imported by ``publishing.models`` so that Django and the migrations see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMAIL_MAX = 254
TOKEN_MAX = 64


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class Subscription(models.Model):
    """One address's subscription: the language its newsletters come in, and the categories
    it follows (none chosen: every post). Only a confirmed subscription is ever mailed.

    Kept: the address, the choices, the state and its times, a hash of the pending
    confirmation link's token (the link itself is only in the mail), and the unsubscribe
    token every newsletter's link carries. Nothing about the reader's connection."""

    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX, unique=True)
    language = models.CharField(_("language"), max_length=10)
    categories = models.ManyToManyField(
        "publishing.Category", verbose_name=_("categories"), related_name="+", blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubscriptionState.choices,
        default=SubscriptionState.PENDING,
    )
    confirm_token_hash = models.CharField(max_length=TOKEN_MAX, blank=True, editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribe_token = models.CharField(max_length=TOKEN_MAX, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscription")
        ordering = ("email",)
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in SubscriptionState]),
                name="subscription_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.state})"


class MailingState(models.TextChoices):
    SENDING = "sending", _("sending")
    DONE = "done", _("done")


class Mailing(models.Model):
    """A post sent to its subscribers: one per post, so that a second press of the button
    cannot mail anybody twice. ``languages``: the subscribers' languages it goes to (empty:
    every language). ``base_url``: the site's address for the links in the messages."""

    post = models.OneToOneField("publishing.Post", on_delete=models.PROTECT, related_name="mailing")
    languages = models.JSONField(default=list, blank=True)
    base_url = models.CharField(max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=MailingState.choices, default=MailingState.SENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in MailingState]),
                name="mailing_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"mailing {self.pk} of post {self.post_id}"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped (unsubscribed)")


class Delivery(models.Model):
    """One subscriber's message of a mailing: the queue's row. A worker claims it (state
    ``sending``, ``lease_until`` set), sends it, marks it ``sent``; a ``sending`` row whose
    lease ran out (its worker died) is claimed again. ``lease_until`` of a ``queued`` row is
    the time of its next attempt after a temporary failure. ``message_id`` is fixed when the
    row is made, so every attempt sends the same Message-ID."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="deliveries"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ("id",)
        indexes = [models.Index(fields=["state", "lease_until"], name="delivery_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscription"], name="delivery_once_per_subscription"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in DeliveryState]),
                name="delivery_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.state})"
