"""The messages the newsletters send: a subscription's confirmation, and a post as a newsletter
(HTML and plain text in the subscriber's language, with the one-click unsubscribe headers of
RFC 2369 and RFC 8058). Building a message reads the database and writes nothing."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from chapterhouse.conferences.markdown import render_markdown
from chapterhouse.publishing.newsletter_models import Delivery, Subscription
from chapterhouse.publishing.selectors import reading_for

ONE_CLICK = "List-Unsubscribe=One-Click"


def _one_line(text: str) -> str:
    """A header's text on one line (a title holding a line break cannot add a header)."""
    return " ".join(text.split())


def sender_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"


def new_message_id() -> str:
    """A Message-ID made once per delivery and sent with every attempt of it."""
    return f"<{secrets.token_hex(16)}.newsletter@{sender_domain()}>"


def base_url(request_base: str) -> str:
    """The site's address for links in mail: CHAPTERHOUSE_PUBLIC_URL, else the request's."""
    return (settings.CHAPTERHOUSE_PUBLIC_URL or request_base).rstrip("/")


def unsubscribe_url(base: str, subscription: Subscription) -> str:
    return base + reverse("newsletter-unsubscribe", args=[subscription.unsubscribe_token])


def confirmation_message(
    *, subscription: Subscription, token: str, base: str
) -> EmailMultiAlternatives:
    """The double opt-in's mail: the link that confirms the subscription."""
    with translation.override(subscription.language):
        context = {
            "confirm_url": base + reverse("newsletter-confirm", args=[token]),
            "site_url": base + "/",
            "language": subscription.language,
        }
        subject = _("Confirm your subscription to the newsletter")
        text = render_to_string("publishing/mail/confirm.txt", context)
        html = render_to_string("publishing/mail/confirm.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def newsletter_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The post of ``delivery``'s mailing for its subscriber, in the subscriber's language (or
    the post's original, marked, as the post's page does)."""
    subscription, mailing = delivery.subscription, delivery.mailing
    post = mailing.post
    base = mailing.base_url
    unsubscribe = unsubscribe_url(base, subscription)
    with translation.override(subscription.language):
        reading = reading_for(post, subscription.language)
        context = {
            "reading": reading,
            "body_html": mark_safe(render_markdown(reading.body)),  # noqa: S308 (sanitized: markdown.py)
            "post_url": base + reverse("news-post", args=[post.slug]),
            "unsubscribe_url": unsubscribe,
            "site_url": base + "/",
            "language": subscription.language,
        }
        text = render_to_string("publishing/mail/newsletter.txt", context)
        html = render_to_string("publishing/mail/newsletter.html", context)
    message = EmailMultiAlternatives(
        subject=_one_line(reading.title),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "Message-ID": delivery.message_id,
            "List-Id": f"<news.{sender_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": ONE_CLICK,
            "Content-Language": reading.language,
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
