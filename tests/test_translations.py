"""The interface catalogues (chapterhouse/locale) are complete, correct and up to date.

Pure Python: a small .po reader below, Python's ``gettext`` for the compiled .mo files, and
Django's own ``makemessages`` (run in a temporary copy of the package) for what the code marks.
docs/i18n.md explains how to add a string.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chapterhouse.demo.scenario import demo_load
from chapterhouse.organizations import errors as org_errors
from chapterhouse.people import errors as people_errors

PACKAGE = Path(__file__).resolve().parent.parent / "chapterhouse"
LOCALE = PACKAGE / "locale"
LOCALES = ["ko", "ja", "ru", "zh_Hans"]
PLURAL_FORMS = {"ko": 1, "ja": 1, "ru": 3, "zh_Hans": 1}

# %(name)s (Django templates and gettext) and {name}, {name!r} (str.format in errors.py).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+(?:![rsa])?(?::[^{}]*)?\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included (its msgid is "")."""
    entries: list[Entry] = []
    current = Entry()
    started = False
    last: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, started, last
        if started:
            entries.append(current)
        current, started, last = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if started:  # a comment after a message starts the next entry
                finish()
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword == "msgid" and started and last is not None and last[0] == "msgstr":
                finish()
            started = True
            current.obsolete = current.obsolete or obsolete
            text = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                number = int(index) if index is not None else 0
                current.msgstr[number] = text
                last = ("msgstr", number)
            else:
                setattr(current, keyword, text)
                last = (keyword, None)
        elif line.startswith('"') and last is not None:
            text = ast.literal_eval(line)
            name, form = last
            if name == "msgstr":
                current.msgstr[form or 0] += text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
        else:
            raise ValueError(f"{path}: cannot read the line {raw!r}")
    finish()
    return entries


def catalogue(locale: str) -> Path:
    return LOCALE / locale / "LC_MESSAGES" / "django.po"


def messages(locale: str) -> list[Entry]:
    return [e for e in read_po(catalogue(locale)) if e.msgid and not e.obsolete]


def header(locale: str) -> dict[str, str]:
    head = next(e for e in read_po(catalogue(locale)) if e.msgid == "")
    pairs = (line.split(":", 1) for line in head.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def shown(entry: Entry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


@pytest.fixture(params=LOCALES)
def locale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_interface_language_has_a_catalogue() -> None:
    codes = {translation.to_language(locale) for locale in LOCALES}
    assert codes == {code for code, _name in settings.LANGUAGES} - {"en"}
    for locale in LOCALES:
        assert catalogue(locale).is_file(), f"makemessages -l {locale} has not been run"


def test_the_header_names_the_language_its_plural_forms_and_utf8(locale: str) -> None:
    fields = header(locale)
    assert fields["Language"] == locale
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"].startswith(f"nplurals={PLURAL_FORMS[locale]};")
    assert "fuzzy" not in read_po(catalogue(locale))[0].flags


def test_every_message_is_translated(locale: str) -> None:
    untranslated = []
    for entry in messages(locale):
        forms = PLURAL_FORMS[locale] if entry.msgid_plural is not None else 1
        if any(not entry.msgstr.get(n, "").strip() for n in range(forms)):
            untranslated.append(shown(entry))
    assert not untranslated, f"{locale}: translate {untranslated}"


def test_no_translation_is_fuzzy(locale: str) -> None:
    fuzzy = [shown(e) for e in messages(locale) if "fuzzy" in e.flags]
    assert not fuzzy, f"{locale}: check these and remove '#, fuzzy': {fuzzy}"


def test_no_obsolete_entries_are_kept(locale: str) -> None:
    obsolete = [shown(e) for e in read_po(catalogue(locale)) if e.obsolete]
    assert not obsolete, f"{locale}: run makemessages with --no-obsolete: {obsolete}"


def test_translations_keep_the_placeholders(locale: str) -> None:
    wrong = []
    for entry in messages(locale):
        if entry.msgid_plural is None:
            expected = {0: placeholders(entry.msgid)}
        else:
            # Every form shows the number and the same variables as the English plural.
            expected = {
                n: placeholders(entry.msgid_plural) | placeholders(entry.msgid)
                for n in range(PLURAL_FORMS[locale])
            }
        for n, wanted in expected.items():
            found = placeholders(entry.msgstr.get(n, ""))
            if found != wanted:
                wrong.append(f"{shown(entry)}[{n}]: {sorted(found)} instead of {sorted(wanted)}")
    assert not wrong, f"{locale}: " + "; ".join(wrong)


def test_the_compiled_catalogue_matches_its_po(locale: str) -> None:
    """The committed .mo was compiled from the committed .po (compilemessages was run after the
    last edit). Compared by content: after a git checkout, file times say nothing."""
    with (catalogue(locale).with_suffix(".mo")).open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = []
    for entry in messages(locale):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            if mo.gettext(msgid) != entry.msgstr[0]:
                stale.append(shown(entry))
        else:
            # GNUTranslations keeps plural forms in its catalogue under (msgid, n).
            forms = mo._catalog  # type: ignore[attr-defined]
            if any(forms.get((msgid, n)) != text for n, text in entry.msgstr.items()):
                stale.append(shown(entry))
    assert not stale, f"{locale}: run compilemessages; the .mo differs for {stale}"


def extracted_messages(tmp_path: Path) -> set[tuple[str | None, str]]:
    """What makemessages finds in the code now, extracted in a copy of the package, so the
    committed catalogues are never touched."""
    copy = tmp_path / "chapterhouse"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "migrations", "__pycache__")
    )
    (copy / "locale").mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "i18n_check_settings.py").write_text(
        "from chapterhouse.settings import *  # noqa: F403\n"
        f"LOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "CHAPTERHOUSE_DEBUG": "true"}
    env["DJANGO_SETTINGS_MODULE"] = "i18n_check_settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(config), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ko", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = copy / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    return {e.key for e in read_po(fresh) if e.msgid}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogues_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    in_code = extracted_messages(tmp_path)
    committed = {e.key for e in messages("ko")}
    new = sorted(msgid for _ctx, msgid in in_code - committed)
    gone = sorted(msgid for _ctx, msgid in committed - in_code)
    assert not new, (
        f"strings marked in the code but missing from the catalogues: {new}. Run makemessages, "
        "translate them in every language and run compilemessages (docs/i18n.md)."
    )
    assert not gone, f"strings no longer in the code: {gone}. Run makemessages --no-obsolete."
    for locale in LOCALES:
        assert {e.key for e in messages(locale)} == committed, f"{locale} differs from ko"


def translated(locale: str, msgid: str) -> str:
    return next(e.msgstr[0] for e in messages(locale) if e.msgid == msgid and not e.msgctxt)


@pytest.mark.django_db
def test_pages_are_shown_in_the_reader_s_language(locale: str) -> None:
    demo_load()
    language = translation.to_language(locale)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in page
    for msgid in ("People", "Bodies", "Timeline"):
        assert f">{translated(locale, msgid)}<" in page, msgid
    people = client.get(reverse("person-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<h1>{translated(locale, 'People')}</h1>" in people  # the cookie wins


def test_domain_error_messages_follow_the_active_language(locale: str) -> None:
    language = translation.to_language(locale)
    with translation.override(language):
        unknown_branch = org_errors.UNKNOWN_BRANCH.format(key="tokyo")
        already_ended = people_errors.ALREADY_ENDED.format(ends_on="2026-09-01")
    assert unknown_branch == translated(locale, "There is no branch with the key {key!r}.").format(
        key="tokyo"
    )
    assert "'tokyo'" in unknown_branch
    assert "2026-09-01" in already_ended
    assert already_ended != "This appointment already ended on 2026-09-01."
    with translation.override("en"):
        assert org_errors.UNKNOWN_BRANCH.format(key="x") == "There is no branch with the key 'x'."
