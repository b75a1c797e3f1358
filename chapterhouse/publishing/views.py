"""Pages of the publishing context: the public news site and the secretariat's pages. Thin:
read through selectors, write through services."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapterhouse.access.selectors import Roles, require_secretariat, roles_for
from chapterhouse.core.forms import apply_service_errors, submitted
from chapterhouse.publishing import counting, images, newsletter_views, selectors, services, spam
from chapterhouse.publishing.forms import (
    CommentForm,
    FeedbackForm,
    LeadImageForm,
    ModerateForm,
    PostForm,
    PostStateForm,
    SearchForm,
    SettingsForm,
    TermEditForm,
    TermForm,
)
from chapterhouse.publishing.models import Comment, Post, ShareSite
from chapterhouse.publishing.report import report_conference
from chapterhouse.publishing.services import VersionSpec

log = logging.getLogger(__name__)

PAGE_SIZE = 10


class ViewCountingResponse(HttpResponse):
    """A page whose view is counted once it has been sent: the server calls ``close()`` after
    the last byte, so the counter's UPDATE never delays the reader (docs/publishing.md)."""

    def __init__(self, *args: Any, count_post_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count_post_id = count_post_id

    def close(self) -> None:
        if self.count_post_id is not None and self.status_code == 200:
            try:
                services.post_view_count(post_id=self.count_post_id)
            except DatabaseError:  # a busy database loses one view, never the page
                log.warning("view not counted", extra={"post": self.count_post_id})
            self.count_post_id = None
        super().close()


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST (even an empty one: unchecked boxes send nothing)."""
    return request.POST if request.method == "POST" else None


def _language() -> str:
    return get_language() or "en"


def _page(request: HttpRequest, posts: Any) -> Any:
    return Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))


def _listing(request: HttpRequest, posts: Any, *, heading: str, **extra: Any) -> HttpResponse:
    page = _page(request, posts)
    language = _language()
    entries = [(post, selectors.reading_for(post, language)) for post in page.object_list]
    return render(
        request,
        "publishing/post_list.html",
        {
            "heading": heading,
            "page_obj": page,
            "entries": entries,
            "categories": selectors.categories_in_use(),
            "months": selectors.public_months()[:24],
            "search_form": SearchForm(),
            **extra,
        },
    )


@require_GET
def news_home(request: HttpRequest) -> HttpResponse:
    return _listing(request, selectors.public_posts(), heading=_("News"), feeds=_feeds())


def _feeds(kind: str = "", key: str = "") -> dict[str, str]:
    if kind:
        return {
            "rss": reverse(f"news-{kind}-rss", args=[key]),
            "atom": reverse(f"news-{kind}-atom", args=[key]),
        }
    return {"rss": reverse("news-rss"), "atom": reverse("news-atom")}


@require_GET
def news_category(request: HttpRequest, key: str) -> HttpResponse:
    category = selectors.category_access(key)
    return _listing(
        request,
        selectors.public_posts_in_category(category),
        heading=_("Category: {name}").format(name=category),
        term=category,
        feeds=_feeds("category", key),
    )


@require_GET
def news_tag(request: HttpRequest, key: str) -> HttpResponse:
    tag = selectors.tag_access(key)
    return _listing(
        request,
        selectors.public_posts_tagged(tag),
        heading=_("Tag: {name}").format(name=tag),
        term=tag,
        feeds=_feeds("tag", key),
    )


@require_GET
def news_archive(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        raise Http404
    return _listing(
        request,
        selectors.public_posts_in_month(year, month),
        heading=_("Archive: {year}-{month:02d}").format(year=year, month=month),
    )


@require_GET
def news_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    posts = selectors.public_search(query) if query else Post.objects.none()
    return _listing(
        request, posts, heading=_("Search"), query=query, search_form=form, searched=bool(query)
    )


def share_links(request: HttpRequest, post: Post, title: str) -> list[tuple[str, str, str]]:
    """(site, label, address) of the share links the organization shows: plain links, no
    script of the sites is loaded."""
    url = request.build_absolute_uri(reverse("news-post", args=[post.slug]))
    u, t = quote(url, safe=""), quote(title, safe="")
    addresses = {
        ShareSite.FACEBOOK: f"https://www.facebook.com/sharer/sharer.php?u={u}",
        ShareSite.X: f"https://x.com/intent/post?url={u}&text={t}",
        ShareSite.REDDIT: f"https://www.reddit.com/submit?url={u}&title={t}",
        ShareSite.LINKEDIN: f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        ShareSite.PINTEREST: f"https://www.pinterest.com/pin/create/button/?url={u}&description={t}",
        ShareSite.NAVER: f"https://share.naver.com/web/shareView?url={u}&title={t}",
        ShareSite.KAKAOSTORY: f"https://story.kakao.com/share?url={u}",
        ShareSite.FLIPBOARD: f"https://share.flipboard.com/bookmarklet/popout?v=2&url={u}&title={t}",
        ShareSite.BAND: f"https://band.us/plugin/share?body={t}%0A{u}&route={u}",
        ShareSite.EMAIL: f"mailto:?subject={t}&body={u}",
        ShareSite.COPY: url,
    }
    labels = dict(ShareSite.choices)
    return [
        (site, str(labels[site]), addresses[ShareSite(site)])
        for site in selectors.share_sites_shown()
    ]


def _post_page(
    request: HttpRequest, post: Post, form: CommentForm, *, roles: Roles, status: int = 200
) -> HttpResponse:
    reading = selectors.reading_for(post, _language())
    comments: list[Comment] = getattr(post, "approved", [])
    # A report links to its conference, for a reader who may see the conference.
    report_of = report_conference(post, roles)
    context = {
        "post": post,
        "reading": reading,
        "report_of": report_of,
        "report_of_title": report_of.title(_language()) if report_of else "",
        "comments": selectors.comment_tree(comments),
        "comment_count": len(comments),
        "form": form,
        "related": selectors.related_posts(post),
        "share": share_links(request, post, reading.title),
        "absolute_url": request.build_absolute_uri(reverse("news-post", args=[post.slug])),
    }
    content = render_to_string("publishing/post_detail.html", context, request=request)
    count = status == 200 and counting.view_counts(request, post_id=post.pk)
    return ViewCountingResponse(content, status=status, count_post_id=post.pk if count else None)


@require_GET
def news_post(request: HttpRequest, slug: str) -> HttpResponse:
    roles = roles_for(request.user)
    post = selectors.post_access_public(slug=slug, roles=roles)
    return _post_page(request, post, CommentForm(), roles=roles)


@require_POST
def news_comment(request: HttpRequest, slug: str) -> HttpResponse:
    roles = roles_for(request.user)
    post = selectors.post_access_public(slug=slug, roles=roles)
    form = CommentForm(request.POST)

    def submit(data: dict[str, Any]) -> Comment:
        parent = Comment.objects.filter(pk=data["parent"]).first() if data["parent"] else None
        if data["parent"] and parent is None:
            raise ValidationError({"parent": _("The comment answered is not there.")})
        return services.comment_submit(
            post=post,
            name=data["name"],
            email=data["email"] or "",
            text=data["text"],
            parent=parent,
            honeypot=data[spam.HONEYPOT_FIELD],
            client=spam.client_key(request),
            by=request.user,
        )

    comment = submitted(request, form, submit)
    if comment is None:
        return _post_page(request, post, form, roles=roles, status=422)
    if comment.state == "approved":
        messages.success(request, _("Thank you: your comment is published."))
    else:
        messages.success(request, _("Thank you: your comment will be shown once it is approved."))
    return redirect(reverse("news-post", args=[post.slug]) + "#comments")


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(_posted(request))
    done = submitted(
        request,
        form,
        lambda d: services.feedback_submit(
            name=d["name"],
            email=d["email"],
            text=d["text"],
            honeypot=d[spam.HONEYPOT_FIELD],
            client=spam.client_key(request),
            by=request.user,
        ),
    )
    if done is not None:
        messages.success(request, _("Thank you: your feedback reached the secretariat."))
        return redirect("feedback")
    return render(
        request, "publishing/feedback.html", {"form": form}, status=422 if form.errors else 200
    )


# --- the secretariat's pages -----------------------------------------------------------------


@require_GET
def post_manage_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    return render(
        request, "publishing/manage_posts.html", {"page_obj": _page(request, selectors.all_posts())}
    )


def _versions(
    data: dict[str, Any], languages: tuple[str, ...]
) -> tuple[list[VersionSpec], list[str]]:
    kept, removed = [], []
    for code in languages:
        title = data.get(f"title_{code}", "")
        if title:
            kept.append(
                VersionSpec(code, title, data.get(f"lead_{code}", ""), data.get(f"body_{code}", ""))
            )
        else:
            removed.append(code)
    return kept, removed


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    languages = selectors.organization_languages()
    form = PostForm(_posted(request), languages=languages[1:])

    def create(d: dict[str, Any]) -> Post:
        versions, _removed = _versions(d, languages[1:])
        return services.post_create(
            title=d["title"],
            slug=d["slug"],
            language=languages[0],
            lead=d["lead"],
            body=d["body"],
            dateline_place=d["dateline_place"],
            dateline_date=d["dateline_date"],
            category=d["category"],
            tags=list(d["tags"]),
            author=d["author"],
            comments_open=d["comments_open"],
            versions=versions,
            by=request.user,
        )

    post = submitted(request, form, create)
    if post is not None:
        messages.success(request, _("The draft is saved."))
        return redirect("publishing-post-edit", slug=post.slug)
    return render(request, "publishing/post_form.html", {"form": form, "post": None})


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require_secretariat(request.user)
    post = selectors.post_access(slug=slug)
    others = tuple(code for code in selectors.organization_languages() if code != post.language)
    versions = {v.language: v for v in post.versions.all()}
    initial: dict[str, Any] = {
        "title": post.title,
        "slug": post.slug,
        "lead": post.lead,
        "body": post.body,
        "dateline_place": post.dateline_place,
        "dateline_date": post.dateline_date,
        "category": post.category,
        "tags": list(post.tags.all()),
        "author": post.author,
        "comments_open": post.comments_open,
    }
    for code, version in versions.items():
        initial |= {
            f"title_{code}": version.title,
            f"lead_{code}": version.lead,
            f"body_{code}": version.body,
        }
    form = PostForm(_posted(request), initial=initial, languages=others)

    def update(d: dict[str, Any]) -> Post:
        kept, removed = _versions(d, others)
        return services.post_update(
            post=post,
            title=d["title"],
            slug=d["slug"] or post.slug,
            lead=d["lead"],
            body=d["body"],
            dateline_place=d["dateline_place"],
            dateline_date=d["dateline_date"],
            category=d["category"],
            author=d["author"],
            comments_open=d["comments_open"],
            tags=list(d["tags"]),
            versions_set=kept,
            versions_remove=[code for code in removed if code in versions],
            by=request.user,
        )

    saved = submitted(request, form, update)
    if saved is not None:
        messages.success(request, _("The post is saved."))
        return redirect("publishing-post-edit", slug=saved.slug)
    return render(
        request,
        "publishing/post_form.html",
        {
            "form": form,
            "post": post,
            "state_form": PostStateForm(),
            "image_form": LeadImageForm(initial={"alt": post.lead_image_alt}),
            **newsletter_views.post_context(post),
        },
    )


@require_POST
def post_state(request: HttpRequest, slug: str) -> HttpResponse:
    require_secretariat(request.user)
    post = selectors.post_access(slug=slug)
    form = PostStateForm(request.POST)
    if form.is_valid():
        action, by = form.cleaned_data["action"], request.user
        try:
            if action == "publish":
                services.post_publish(post=post, by=by)
            elif action == "schedule":
                when = form.cleaned_data["publish_at"]
                if when is None:
                    raise ValidationError({"publish_at": _("Give the time to publish at.")})
                services.post_schedule(post=post, publish_at=when, by=by)
            elif action == "withdraw":
                services.post_withdraw(post=post, by=by)
            else:
                services.post_comments_set(post=post, open=action == "open_comments", by=by)
        except ValidationError as error:
            apply_service_errors(form, error)
    if form.errors:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    else:
        messages.success(request, _("Done."))
    return redirect("publishing-post-edit", slug=post.slug)


@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    return render(
        request, "publishing/moderation.html", {"comments": selectors.moderation_queue()[:200]}
    )


@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    comment = selectors.comment_get(pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        services.comment_moderate(
            comment=comment, state=form.cleaned_data["state"], by=request.user
        )
    return redirect("publishing-moderation")


@require_GET
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    return render(
        request,
        "publishing/feedback_inbox.html",
        {"page_obj": _page(request, selectors.feedback_inbox())},
    )


@require_POST
def feedback_handle(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    item = selectors.feedback_get(pk)
    services.feedback_mark_handled(
        feedback=item, handled=request.POST.get("handled") != "0", by=request.user
    )
    return redirect("publishing-feedback")


@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    """Categories and tags: the lists, and a form to add either."""
    require_secretariat(request.user)
    kind = request.POST.get("kind", "category")
    form = TermForm(_posted(request))
    create = services.tag_create if kind == "tag" else services.category_create
    made = submitted(request, form, lambda d: create(key=d["key"], name=d["name"], by=request.user))
    if made is not None:
        return redirect("publishing-terms")
    from chapterhouse.publishing.models import Category, Tag

    return render(
        request,
        "publishing/terms.html",
        {"form": form, "categories": Category.objects.all(), "tags": Tag.objects.all()},
    )


def _term_edit(request: HttpRequest, *, kind: str, key: str) -> HttpResponse:
    """A category's or tag's edit page: its name and the name's translations."""
    require_secretariat(request.user)
    from chapterhouse.publishing.models import Category, Tag

    model = Category if kind == "category" else Tag
    term = model.objects.filter(key=key).first()
    if term is None:
        raise Http404
    form = TermEditForm(
        _posted(request),
        initial={"name": term.name, "name_translations": dict(term.name_translations)},
    )

    def save(data: dict[str, Any]) -> object:
        if isinstance(term, Category):
            return services.category_update(
                category=term,
                name=data["name"],
                name_translations=data["name_translations"],
                by=request.user,
            )
        return services.tag_update(
            tag=term,
            name=data["name"],
            name_translations=data["name_translations"],
            by=request.user,
        )

    if submitted(request, form, save) is not None:
        messages.success(request, _("The changes are saved."))
        return redirect("publishing-terms")
    return render(request, "publishing/term_form.html", {"form": form, "term": term, "kind": kind})


@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, key: str) -> HttpResponse:
    return _term_edit(request, kind="category", key=key)


@require_http_methods(["GET", "POST"])
def tag_edit(request: HttpRequest, key: str) -> HttpResponse:
    return _term_edit(request, kind="tag", key=key)


@require_http_methods(["GET", "POST"])
def publishing_settings(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    current = selectors.publishing_settings()
    form = SettingsForm(
        _posted(request),
        initial={"moderation": current.moderation, "share_sites": current.share_sites},
    )
    saved = submitted(
        request,
        form,
        lambda d: services.publishing_settings_set(
            moderation=d["moderation"], share_sites=d["share_sites"], by=request.user
        ),
    )
    if saved is not None:
        messages.success(request, _("The settings are saved."))
        return redirect("publishing-settings")
    return render(request, "publishing/settings.html", {"form": form})


PUBLIC_IMAGE_CACHE = "public, max-age=31536000, immutable"
PRIVATE_IMAGE_CACHE = "private, no-store"


@require_GET
def lead_image_file(request: HttpRequest, name: str) -> FileResponse:
    """A lead image rendition, served only to whom may see a post that shows it: everyone for
    a public post's image (its name is a digest of its source, so it is cached for a year),
    the secretariat for a draft's, a scheduled post's or a withdrawn one's (never stored by a
    cache); 404 to anyone else, as for a file that is not there (docs/publishing.md)."""
    match = images.FILE_NAME.fullmatch(name)
    if match is None:
        raise Http404
    readers = selectors.lead_image_readers(match["digest"])
    if readers == "public":
        cache_control = PUBLIC_IMAGE_CACHE
    elif (
        readers == "secretariat"
        and request.user.is_authenticated
        and roles_for(request.user).secretariat
    ):
        cache_control = PRIVATE_IMAGE_CACHE
    else:
        raise Http404
    path = images.media_dir() / name
    try:
        handle = path.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/webp")
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def post_lead_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The post edit page's lead image form: upload (with alt text) or remove."""
    require_secretariat(request.user)
    post = selectors.post_access(slug=slug)
    form = LeadImageForm(request.POST, request.FILES)
    if request.POST.get("remove"):
        services.post_lead_image_remove(post=post, by=request.user)
        messages.success(request, _("The lead image is removed."))
        return redirect("publishing-post-edit", slug=post.slug)
    saved = submitted(
        request,
        form,
        lambda d: services.post_lead_image_set(
            post=post, data=_read_upload(d["image"]), alt=d["alt"], by=request.user
        ),
    )
    if saved is not None:
        messages.success(request, _("The lead image is saved."))
        return redirect("publishing-post-edit", slug=post.slug)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("publishing-post-edit", slug=post.slug)


def _read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes, at most one more than the limit (the service refuses that)."""
    upload.seek(0)
    data: bytes = upload.read(images.MAX_BYTES + 1)
    return data
