"""The newsletters' pages: subscribing, confirming and unsubscribing (public), and the
secretariat's sending and progress pages. Thin: the rules are in newsletters.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import require_secretariat
from chapterhouse.core.forms import submitted
from chapterhouse.core.translations import normalize_language
from chapterhouse.publishing import newsletters, selectors, spam
from chapterhouse.publishing.models import Post, PostState
from chapterhouse.publishing.newsletter_forms import MailingForm, SubscribeForm
from chapterhouse.publishing.newsletter_models import (
    DeliveryState,
    Mailing,
    Subscription,
    SubscriptionState,
)

log = logging.getLogger(__name__)

PAGE_SIZE = 20
FAILURES_SHOWN = 500


class RedirectThenMail(HttpResponseRedirect):
    """A redirect that mails after it is sent: the server calls ``close()`` after the last
    byte, so the form answers at once, and as fast whether a mail goes out or not."""

    def __init__(self, *args: Any, after: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after = after

    def close(self) -> None:
        after, self.after = self.after, None
        if after is not None:
            try:
                after()
            except Exception:  # the reader got the same answer; the log tells the operator
                log.exception("confirmation mail not sent")
        super().close()


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    languages = selectors.organization_languages()
    current = normalize_language(get_language() or languages[0])
    form = SubscribeForm(
        request.POST if request.method == "POST" else None,
        initial={"language": current if current in languages else languages[0]},
        languages=languages,
    )
    result = submitted(
        request,
        form,
        lambda d: newsletters.subscription_request(
            email=d["email"],
            language=d["language"],
            categories=list(d["categories"]),
            honeypot=d[spam.HONEYPOT_FIELD],
            client=spam.client_key(request),
            by=request.user,
        ),
    )
    if result is not None:
        subscription, token = result
        messages.success(
            request,
            _(
                "Thank you. Unless the address is subscribed already, a message is on its way "
                "to it: open its link to confirm the subscription."
            ),
        )
        base = _base(request)

        def mail() -> None:
            if token is not None:
                newsletters.send_confirmation(subscription=subscription, token=token, base=base)

        return RedirectThenMail(reverse("newsletter-subscribe"), after=mail)
    return render(
        request,
        "publishing/subscribe.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation link: a page with a button (a mail scanner that follows links does not
    confirm anything); the button confirms."""
    if request.method == "POST":
        try:
            newsletters.subscription_confirm(token=token, by=request.user)
        except ValidationError:
            return render(
                request, "publishing/subscribe_confirm.html", {"invalid": True}, status=404
            )
        return render(request, "publishing/subscribe_confirm.html", {"confirmed": True})
    if newsletters.subscription_for_confirm(token) is None:
        return render(request, "publishing/subscribe_confirm.html", {"invalid": True}, status=404)
    return render(request, "publishing/subscribe_confirm.html", {})


@csrf_exempt  # RFC 8058: mail programs POST here without a session; the token is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: a POST (from the mail program, or the page's button) unsubscribes; a GET
    shows the button."""
    if request.method == "POST":
        try:
            newsletters.subscription_unsubscribe(token=token, by=request.user)
        except ValidationError:
            return render(request, "publishing/unsubscribe.html", {"invalid": True}, status=404)
        return render(request, "publishing/unsubscribe.html", {"done": True})
    subscription = newsletters.subscription_for_unsubscribe(token)
    if subscription is None:
        return render(request, "publishing/unsubscribe.html", {"invalid": True}, status=404)
    return render(
        request,
        "publishing/unsubscribe.html",
        {"already": subscription.state == SubscriptionState.UNSUBSCRIBED},
    )


# --- the secretariat's pages -----------------------------------------------------------------


def post_context(post: Post) -> dict[str, Any]:
    """What the post's edit page shows of newsletters: the send form, or the mailing made."""
    mailing = Mailing.objects.filter(post=post).first()
    languages = selectors.organization_languages()
    return {
        "mailing": mailing,
        "mailing_form": MailingForm(initial={"languages": list(languages)}, languages=languages)
        if mailing is None and post.state == PostState.PUBLISHED
        else None,
    }


@require_POST
def mailing_create(request: HttpRequest, slug: str) -> HttpResponse:
    require_secretariat(request.user)
    post = selectors.post_access(slug=slug)
    form = MailingForm(request.POST, languages=selectors.organization_languages())
    mailing = submitted(
        request,
        form,
        lambda d: newsletters.mailing_create(
            post=post, languages=d["languages"], base_url=_base(request), by=request.user
        ),
    )
    if mailing is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("publishing-post-edit", slug=post.slug)
    messages.success(request, _("The newsletter is queued: it is being sent."))
    return redirect("publishing-mailing", pk=mailing.pk)


@require_GET
def mailing_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    page = Paginator(
        Mailing.objects.select_related("post").order_by("-created_at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(m, newsletters.mailing_counts(m)) for m in page.object_list]
    return render(
        request,
        "publishing/mailings.html",
        {
            "page_obj": page,
            "rows": rows,
            "subscribers": Subscription.objects.filter(state=SubscriptionState.CONFIRMED).count(),
        },
    )


@require_GET
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    mailing = Mailing.objects.select_related("post").filter(pk=pk).first()
    if mailing is None:
        raise Http404
    failures = (
        mailing.deliveries.filter(state=DeliveryState.FAILED)
        .select_related("subscription")
        .order_by("id")[:FAILURES_SHOWN]
    )
    retrying = (
        mailing.deliveries.filter(state=DeliveryState.QUEUED)
        .exclude(last_error="")
        .select_related("subscription")
        .order_by("id")[:FAILURES_SHOWN]
    )
    return render(
        request,
        "publishing/mailing_detail.html",
        {
            "mailing": mailing,
            "counts": newsletters.mailing_counts(mailing),
            "failures": failures,
            "retrying": retrying,
        },
    )
