"""The services keep translated names: into the organization's languages only, non-empty, no
longer than the field, codes as the interface writes them; one rule for every translated model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations import errors as msg
from chapterhouse.organizations.factories import make_body, make_branch, make_event
from chapterhouse.organizations.models import Body, EventKind, Organization
from chapterhouse.organizations.services import (
    body_create,
    body_update,
    branch_create,
    history_event_record,
    history_event_update,
    observance_create,
    organization_set,
)
from chapterhouse.people.services import (
    duty_create,
    partner_organization_create,
    position_create,
    position_update,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def organization() -> Organization:
    return organization_set(name="HWI", languages=["en", "ja", "zh-hans"], by=None)


def _refused(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_body_keeps_its_name_in_the_organizations_languages() -> None:
    body = body_create(
        key="cc",
        name="Coordinating Committee",
        kind="coordinating_committee",
        name_translations={"ja": "調整委員会", "zh-Hans": "协调委员会"},
        by=None,
    )
    body.refresh_from_db()
    assert body.name_translations == {"ja": "調整委員会", "zh-hans": "协调委员会"}
    assert list(body.name_translations) == ["ja", "zh-hans"]


@pytest.mark.parametrize(
    ("translations", "field", "message"),
    [
        (
            {"ko": "조정위원회"},
            "name_translations.ko",
            msg.TRANSLATION_LANGUAGE.format(language="ko", languages="ja, zh-hans"),
        ),
        (
            {"en": "Coordinating Committee"},
            "name_translations.en",
            msg.TRANSLATION_LANGUAGE.format(language="en", languages="ja, zh-hans"),
        ),
        ({"ja": "  "}, "name_translations.ja", msg.TRANSLATION_EMPTY.format(language="ja")),
        (
            {"ja": "委" * 201},
            "name_translations.ja",
            msg.TRANSLATION_TOO_LONG.format(language="ja", length=201, limit=200),
        ),
        (
            {"ja": "調整委員会", "JA": "調整委員会"},
            "name_translations.JA",
            msg.TRANSLATION_TWICE.format(language="ja"),
        ),
        ({"ja": 5}, "name_translations", msg.TRANSLATIONS_SHAPE),
    ],
)
def test_bad_translations_are_refused_at_their_language(
    translations: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        body_create(
            key="cc",
            name="Coordinating Committee",
            kind="coordinating_committee",
            name_translations=translations,
            by=None,
        )
    assert _refused(error) == {field: [message]}
    assert not Body.objects.exists()


def test_translations_that_are_not_a_mapping_are_refused() -> None:
    body = make_body(key="cc")
    with pytest.raises(ValidationError) as error:
        body_update(body=body, name_translations=["ja"], by=None)  # type: ignore[arg-type]
    assert _refused(error) == {"name_translations": [msg.TRANSLATIONS_SHAPE]}


def test_every_translated_model_follows_the_same_rule() -> None:
    branch = make_branch(key="chile")
    writes: list[Callable[[dict[str, str]], Any]] = [
        lambda t: branch_create(key="japan", name="Japan", name_translations=t, by=None),
        lambda t: history_event_record(
            key="founded",
            kind=EventKind.FOUNDED,
            occurred_on=D(2014, 3, 8),
            title="Founded",
            branch=branch,
            title_translations=t,
            by=None,
        ),
        lambda t: observance_create(
            key="day", name="Formation Day", month=9, day=1, name_translations=t, by=None
        ),
        lambda t: partner_organization_create(
            key="npwu", name="Nordic Port Workers", name_translations=t, by=None
        ),
        lambda t: position_create(key="chair", name="Chair", name_translations=t, by=None),
        lambda t: duty_create(
            key="organizing", name="organizing work", name_translations=t, by=None
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as error:
            write({"ko": "x"})
        made = write({"ja": "日本語の名前"})
        field = f"{made.TRANSLATED_FIELDS[0]}_translations"
        assert list(_refused(error)) == [f"{field}.ko"]
        made.refresh_from_db()
        assert getattr(made, field) == {"ja": "日本語の名前"}


def test_a_partner_organizations_short_name_is_limited_like_the_short_name() -> None:
    with pytest.raises(ValidationError) as error:
        partner_organization_create(
            key="npwu",
            name="Nordic Port Workers",
            short_name="NPWU",
            short_name_translations={"ja": "北" * 41},
            by=None,
        )
    assert _refused(error) == {
        "short_name_translations.ja": [
            msg.TRANSLATION_TOO_LONG.format(language="ja", length=41, limit=40)
        ]
    }


def test_a_translation_into_a_language_the_organization_dropped_stays_editable() -> None:
    position = position_create(
        key="chair", name="Chair", name_translations={"zh-hans": "主席"}, by=None
    )
    organization_set(name="HWI", languages=["en", "ja"], by=None)
    # Changing something else keeps the translation that is no longer offered.
    position = position_update(position=position, rank=5, by=None)
    assert position.name_translations == {"zh-hans": "主席"}
    # But no new translation into that language can be added elsewhere.
    with pytest.raises(ValidationError):
        position_create(key="member", name="Member", name_translations={"zh-hans": "成员"}, by=None)


def test_an_update_of_a_title_translation_is_audited_before_and_after() -> None:
    event = make_event(key="founded", title="Founded")
    history_event_update(event=event, title_translations={"ja": "発足"}, by=None)
    entry = AuditEntry.objects.get(action="history_event.updated", object_key="founded")
    assert entry.before is not None and entry.after is not None
    assert entry.before["title_translations"] == {}
    assert entry.after["title_translations"] == {"ja": "発足"}


def test_the_organizations_names_are_checked_against_the_languages_it_is_given() -> None:
    with pytest.raises(ValidationError) as error:
        organization_set(
            name="HWI", languages=["en", "ja"], name_translations={"ko": "항만"}, by=None
        )
    assert list(_refused(error)) == ["name_translations.ko"]
    organization = organization_set(
        name="HWI",
        languages=["en", "ja", "ko"],
        name_translations={"ko": "항만노동자 인터내셔널"},
        short_name_translations={"ja": "HWI"},
        by=None,
    )
    assert organization.name_translations == {"ko": "항만노동자 인터내셔널"}


def test_setting_the_organization_as_it_is_writes_nothing() -> None:
    organization_set(
        name="HWI",
        languages=["en", "ja", "zh-hans"],
        name_translations={"ja": "港湾"},
        by=None,
    )
    entries = AuditEntry.objects.count()
    organization_set(
        name="HWI",
        languages=["en", "ja", "zh-hans"],
        name_translations={"ja": "港湾"},
        by=None,
    )
    assert AuditEntry.objects.count() == entries


def test_a_renaming_leaves_readers_the_new_name_not_an_old_translation() -> None:
    organization_set(
        name="Harbor Workers' Network",
        languages=["en", "ja"],
        name_translations={"ja": "港湾労働者ネットワーク"},
        by=None,
    )
    history_event_record(
        key="renamed",
        kind=EventKind.RENAMED,
        occurred_on=D(2022, 9, 1),
        title="Renamed",
        new_name="Harbor Workers' International",
        by=None,
    )
    organization = Organization.objects.get()
    assert organization.name == "Harbor Workers' International"
    assert organization.name_translations == {}
