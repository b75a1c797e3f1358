from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from chapterhouse.publishing import feeds, newsletter_views, report_views, views
from chapterhouse.publishing.sitemaps import SITEMAPS

urlpatterns = [
    path("news/", views.news_home, name="news-home"),
    path("news/search/", views.news_search, name="news-search"),
    path("news/rss/", feeds.PostsFeed(), name="news-rss"),
    path("news/atom/", feeds.AtomPostsFeed(), name="news-atom"),
    path("news/archive/<int:year>/<int:month>/", views.news_archive, name="news-archive"),
    path("news/category/<slug:key>/", views.news_category, name="news-category"),
    path("news/category/<slug:key>/rss/", feeds.CategoryFeed(), name="news-category-rss"),
    path("news/category/<slug:key>/atom/", feeds.AtomCategoryFeed(), name="news-category-atom"),
    path("news/tag/<slug:key>/", views.news_tag, name="news-tag"),
    path("news/tag/<slug:key>/rss/", feeds.TagFeed(), name="news-tag-rss"),
    path("news/tag/<slug:key>/atom/", feeds.AtomTagFeed(), name="news-tag-atom"),
    path("news/<slug:slug>/", views.news_post, name="news-post"),
    path("news/<slug:slug>/comment/", views.news_comment, name="news-comment"),
    path("feedback/", views.feedback, name="feedback"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The secretariat's pages.
    path("publishing/posts/", views.post_manage_list, name="publishing-posts"),
    path("publishing/posts/new/", views.post_create, name="publishing-post-create"),
    path("publishing/posts/<slug:slug>/edit/", views.post_edit, name="publishing-post-edit"),
    path("publishing/posts/<slug:slug>/state/", views.post_state, name="publishing-post-state"),
    path(
        "publishing/posts/<slug:slug>/check/",
        report_views.report_check_page,
        name="publishing-report-check",
    ),
    path(
        "publishing/reports/<slug:key>/",
        report_views.report_draft_page,
        name="publishing-report-draft",
    ),
    path(
        "publishing/posts/<slug:slug>/image/",
        views.post_lead_image,
        name="publishing-post-image",
    ),
    path("media/publishing/<str:name>", views.lead_image_file, name="publishing-image-file"),
    path("publishing/comments/", views.moderation, name="publishing-moderation"),
    path(
        "publishing/comments/<int:pk>/", views.comment_moderate, name="publishing-comment-moderate"
    ),
    path("publishing/feedback/", views.feedback_inbox, name="publishing-feedback"),
    path("publishing/feedback/<int:pk>/", views.feedback_handle, name="publishing-feedback-handle"),
    path("publishing/terms/", views.terms, name="publishing-terms"),
    path(
        "publishing/categories/<slug:key>/edit/",
        views.category_edit,
        name="publishing-category-edit",
    ),
    path("publishing/tags/<slug:key>/edit/", views.tag_edit, name="publishing-tag-edit"),
    path("publishing/settings/", views.publishing_settings, name="publishing-settings"),
    # Newsletters: subscribing (public), sending and its progress (the secretariat's).
    path("newsletter/", newsletter_views.subscribe, name="newsletter-subscribe"),
    path("newsletter/confirm/<slug:token>/", newsletter_views.confirm, name="newsletter-confirm"),
    path(
        "newsletter/unsubscribe/<slug:token>/",
        newsletter_views.unsubscribe,
        name="newsletter-unsubscribe",
    ),
    path(
        "publishing/posts/<slug:slug>/send/",
        newsletter_views.mailing_create,
        name="publishing-mailing-create",
    ),
    path("publishing/mailings/", newsletter_views.mailing_list, name="publishing-mailings"),
    path(
        "publishing/mailings/<int:pk>/",
        newsletter_views.mailing_detail,
        name="publishing-mailing",
    ),
]
