"""The publishing context's part of the demo organization (HWI): categories, tags and a few
posts, one written in Japanese, one in English with a Japanese version, one draft. Registered
in ``PublishingConfig.ready``."""

from __future__ import annotations

import datetime as dt

from chapterhouse.demo.registry import DemoPart
from chapterhouse.people.models import Person
from chapterhouse.publishing.factories import make_category, make_post, make_tag
from chapterhouse.publishing.models import CommentState, Post
from chapterhouse.publishing.services import VersionSpec, comment_moderate, comment_submit

OPENED_BODY = """The Third Congress of the Harbor Workers' International opened in Valparaíso,
on the occasion of formation day.

Greeting letters from two partner organizations were presented. Mira Okafor, Chair of the
Coordinating Committee, delivered the opening remarks; the full text follows.

> Friends, four years ago we became a federation ...

The agenda was approved (41 for, 2 against, 3 abstaining).
"""

OPENED_BODY_JA = """港湾労働者インターナショナル第3回大会が、
結成記念日に際してバルパライソで開幕した。

二つの友好団体からの祝賀の手紙が紹介された。調整委員会のミラ・オカフォー委員長が開会の辞を述べた。

議事日程は賛成41、反対2、棄権3で承認された。
"""


def _load() -> None:
    news = make_category(key="news", name="News")
    make_category(key="reports", name="Reports")
    congress = make_tag(key="third-congress", name="Third Congress")
    japan = make_tag(key="japan", name="Japan")
    okafor = Person.objects.filter(key="mira-okafor").first()
    opened = make_post(
        slug="third-congress-of-hwi-opened",
        title="Third Congress of HWI Opened",
        lead="The Third Congress opened on formation day; the agenda was approved.",
        body=OPENED_BODY,
        category=news,
        tags=[congress],
        author=okafor,
        dateline_place="Valparaíso",
        dateline_date=dt.date(2026, 9, 1),
        versions=[
            VersionSpec(
                "ja",
                "港湾労働者インターナショナル第3回大会が開幕",
                "結成記念日に第3回大会が開幕し、議事日程が承認された。",
                OPENED_BODY_JA,
            )
        ],
    )
    make_post(
        slug="preparatory-work-in-japan",
        language="ja",
        title="日本での準備活動",
        lead="田中愛子さんが日本での組織活動と情報発信を担当する。",
        body="準備委員会は8月20日から9月3日まで活動する。東京と大阪で説明会を開いた。",
        category=news,
        tags=[congress, japan],
        dateline_place="東京",
        dateline_date=dt.date(2026, 8, 25),
    )
    make_post(
        slug="draft-report-of-the-first-session",
        title="Draft: report of the first session",
        body="Not for readers yet.",
        published=False,
    )
    welcome = comment_submit(
        post=opened,
        name="A reader in Chile",
        text="Congratulations on the opening!",
        client=None,
        by=None,
    )
    comment_moderate(comment=welcome, state=CommentState.APPROVED, by=None)


def _loaded() -> bool:
    return Post.objects.filter(slug="third-congress-of-hwi-opened").exists()


PART = DemoPart(name="publishing", load=_load, loaded=_loaded)
