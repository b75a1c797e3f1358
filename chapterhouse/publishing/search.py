"""Search of public posts, in every language they are written in.

Korean, Japanese and Chinese do not separate words by spaces, so word tokenizers find nothing
in them: search looks for the query's terms as substrings, with trigram indexes doing the work.

- SQLite: an FTS5 table with the ``trigram`` tokenizer (``publishing_post_fts``, made by the
  migration) holds each post's text; a term of three characters or more is a phrase ``MATCH``
  in it. Shorter terms (many CJK words are two characters: 大会, 대회) cannot be trigram-matched
  and are looked for with ``LIKE`` in ``Post.search_text``.
- PostgreSQL: ``Post.search_text`` with a GIN ``gin_trgm_ops`` index (pg_trgm), which serves
  ``LIKE '%term%'`` for any term of three characters or more, CJK included.

Every term must be found (AND). The services keep both in step (``post_search_index``).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "publishing_post_fts"
MAX_TERMS = 8
MAX_TERM_LENGTH = 100
MAX_QUERY_LENGTH = 300
_FTS_MATCH = "SELECT rowid FROM publishing_post_fts WHERE publishing_post_fts MATCH %s"


def terms_of(query: str) -> list[str]:
    """The query's terms, lower-cased, at most MAX_TERMS of at most MAX_TERM_LENGTH characters."""
    query = query.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    return [t[:MAX_TERM_LENGTH].lower() for t in query.split()][:MAX_TERMS]


def search_q(query: str) -> Q | None:
    """The condition on posts that holds every term of ``query`` (None: no term)."""
    terms = terms_of(query)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        if connection.vendor == "sqlite" and len(term) >= 3:
            phrase = '"' + term.replace('"', '""') + '"'
            # The term is a bound parameter; the SQL itself is a constant.
            condition &= Q(pk__in=RawSQL(_FTS_MATCH, [phrase]))  # noqa: S611 (constant SQL, bound term)
        else:
            condition &= Q(search_text__contains=term)
    return condition


def index_text(parts: list[str]) -> str:
    return "\n".join(p for p in parts if p).lower()


def write_index(*, post_id: int, text: str) -> None:
    """Store ``text`` as the post's searchable text (and in SQLite's FTS5 table)."""
    from chapterhouse.publishing.models import Post

    Post.objects.filter(pk=post_id).update(search_text=text)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM publishing_post_fts WHERE rowid = %s", [post_id])
            cursor.execute(
                "INSERT INTO publishing_post_fts (rowid, text) VALUES (%s, %s)", [post_id, text]
            )
