"""Pages show names in the reader's language, with the untranslated original marked as such,
and the forms take a name in each of the organization's languages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.organizations.selectors import organization_get
from chapterhouse.organizations.services import body_update, organization_set
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

UNTRANSLATED_SOUTH_AFRICA = (
    '<span class="untranslated" title="{note}"><span lang="en">South Africa</span>'
    '<sup class="untranslated-mark" aria-hidden="true">en</sup>'
    '<span class="visually-hidden"> ({note})</span></span>'
)


def _page(url: str, language: str, client: Client | None = None) -> str:
    response = (client or Client()).get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_the_korean_overview_names_the_organization_and_its_bodies_in_korean() -> None:
    page = _page("/", "ko")
    assert "<h1>항만노동자 인터내셔널</h1>" in page
    assert ">조정위원회</a>" in page
    assert ">칠레</a>" in page
    assert "결성 기념일" in page
    assert "국제 연맹으로 재편" in page  # a history event's title
    assert "Coordinating Committee" not in page
    # The page title is plain text, the translated name in it.
    title = re.search(r"<title>(.*?)</title>", page, flags=re.DOTALL)
    assert title is not None
    assert title.group(1).strip() == "항만노동자 인터내셔널 · HWI"


def test_an_untranslated_name_is_shown_in_the_original_and_marked() -> None:
    page = _page("/", "ko")
    note = "한국어 번역 없음"  # "not translated into 한국어"
    assert UNTRANSLATED_SOUTH_AFRICA.format(note=note) in page
    # An English reader reads the original, unmarked.
    english = _page("/", "en")
    assert 'class="untranslated"' not in english
    assert ">South Africa</a>" in english


def test_the_japanese_body_page_names_positions_and_duties_in_japanese() -> None:
    page = _page("/bodies/third-congress-preparatory-committee/?on=2026-08-25", "ja")
    assert "<h1>第3回大会準備委員会</h1>" in page
    assert ">調整委員会</a>" in page  # the parent body, in the breadcrumb
    for name in ("委員長", "委員", "組織活動", "情報発信", "(チリ)"):
        assert name in page, name
    assert "Chair" not in page
    assert "organizing work" not in page


def test_a_language_the_organization_does_not_translate_into_gets_the_originals_marked() -> None:
    page = _page("/bodies/", "ru")
    assert '<span lang="en">Coordinating Committee</span>' in page
    assert "не переведено на язык «Русский»" in page  # "not translated into Русский"


def test_the_body_form_has_one_name_per_organization_language() -> None:
    page = _page("/bodies/coordinating-committee/edit/", "en", client_as("secretariat"))
    for code, language, value in (("ja", "日本語", "調整委員会"), ("ko", "한국어", "조정위원회")):
        field = re.search(rf'<input[^>]*name="name_translations\.{code}"[^>]*>', page)
        assert field is not None, code
        assert f'value="{value}"' in field.group(0)
        assert f'lang="{code}"' in field.group(0)
        label = re.search(rf'<label for="id_name_translations\.{code}">([^<]*)</label>', page)
        assert label is not None and label.group(1) == f"Name in {language}:"
    # The choices of parent bodies are named in the reader's language.
    japanese = _page("/bodies/coordinating-committee/edit/", "ja", client_as("secretariat"))
    assert ">財政委員会</option>" in japanese


def _form_data(body: Body) -> dict[str, str]:
    return {
        "key": body.key,
        "name": body.name,
        "kind": body.kind,
        "parent": body.parent.key if body.parent else "",
        "branch": body.branch.key if body.branch else "",
        "starts_on": body.starts_on.isoformat() if body.starts_on else "",
        "ends_on": body.ends_on.isoformat() if body.ends_on else "",
        "purpose": body.purpose,
        "visibility": body.visibility,
        "internal_notes": body.internal_notes,
        **{f"name_translations.{code}": text for code, text in body.name_translations.items()},
    }


def test_the_body_form_changes_what_it_shows_and_keeps_what_it_does_not() -> None:
    secretariat = client_as("secretariat")
    body = Body.objects.get(key="coordinating-committee")
    # A translation into a language the organization has since dropped: not on the form.
    organization = organization_get()
    organization_set(
        name=organization.name,
        short_name=organization.short_name,
        languages=["en", "ja", "ko", "zh-hans"],
        calendar_eras=organization.calendar_eras,
        name_translations=organization.name_translations,
        short_name_translations=organization.short_name_translations,
        by=None,
    )
    body = body_update(
        body=body, name_translations={**body.name_translations, "zh-hans": "协调委员会"}, by=None
    )
    organization_set(
        name=organization.name,
        short_name=organization.short_name,
        languages=["en", "ja", "ko"],
        calendar_eras=organization.calendar_eras,
        name_translations=organization.name_translations,
        short_name_translations=organization.short_name_translations,
        by=None,
    )
    data = _form_data(body)
    del data["name_translations.zh-hans"]
    data["name_translations.ko"] = ""  # cleared: the Korean translation goes
    data["name_translations.ja"] = "中央調整委員会"
    response = secretariat.post("/bodies/coordinating-committee/edit/", data)
    assert response.status_code == 302, response.content.decode()
    body.refresh_from_db()
    assert body.name_translations == {"ja": "中央調整委員会", "zh-hans": "协调委员会"}


def test_a_new_branch_is_named_in_each_language_from_its_form() -> None:
    response = client_as("secretariat").post(
        "/branches/new/",
        {
            "key": "santiago",
            "name": "Santiago",
            "parent": "chile",
            "name_translations.ko": "산티아고",
        },
    )
    assert response.status_code == 302
    assert Branch.objects.get(key="santiago").name_translations == {"ko": "산티아고"}


def test_the_organization_settings_take_its_names_in_its_languages() -> None:
    response = client_as("secretariat").post(
        "/organization/edit/",
        {
            "name": "Harbor Workers' International",
            "name_translations.ja": "港湾労働者インターナショナル",
            "name_translations.ko": "항만노동자 국제연합",
            "short_name": "HWI",
            "short_name_translations.ko": "항만노련",
            "languages": ["en", "ja", "ko"],
            "eras_default": ["japanese"],
        },
    )
    assert response.status_code == 302
    organization = organization_get()
    assert organization.name_translations == {
        "ja": "港湾労働者インターナショナル",
        "ko": "항만노동자 국제연합",
    }
    assert organization.short_name_translations == {"ko": "항만노련"}
    page = _page("/", "ko")
    assert '<a class="brand" href="/">' in page
    assert "<span>항만노련</span></a>" in page


def test_choices_keep_their_form_with_the_name_in_the_readers_language() -> None:
    page = _page("/observances/new/", "ja", client_as("secretariat"))
    assert ">2022-09-01 国際連合体に再編</option>" in page
    assert ">2022-09-01 Renamed on reorganization</option>" in page  # untranslated


def test_the_people_forms_offer_positions_and_duties_in_the_readers_language() -> None:
    page = _page("/responsibilities/", "ko")
    assert ">조직 사업</option>" in page
    assert ">정보 보도</option>" in page
    appoint = _page(
        "/bodies/third-congress-preparatory-committee/appoint/", "ja", client_as("secretariat")
    )
    assert ">委員長</option>" in appoint
    assert ">組織活動</option>" in appoint
    assert ">チリ</option>" in appoint


def test_saving_the_organization_settings_unchanged_writes_nothing() -> None:
    entries = AuditEntry.objects.count()
    response = client_as("secretariat").post(
        "/organization/edit/",
        {
            "name": "Harbor Workers' International",
            "name_translations.ja": "港湾労働者インターナショナル",
            "name_translations.ko": "항만노동자 인터내셔널",
            "short_name": "HWI",
            "short_name_translations.ja": "HWI",
            "short_name_translations.ko": "HWI",
            "languages": ["en", "ja", "ko"],
            "eras_default": ["japanese"],
            "eras_ko": ["juche"],
            "eras_zh-hans": ["minguo"],
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries
