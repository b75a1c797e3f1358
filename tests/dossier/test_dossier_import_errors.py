"""A bad dossier: every error is reported with its place in the file, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import SECTIONS
from chapterhouse.organizations import errors as org_msg
from chapterhouse.people import errors as people_msg
from tests.dossier.helpers import export_text, run_import, table_counts

WriteFile = Callable[[str], Path]

HEADER = "format: chapterhouse-dossier\nversion: 1\n"

# Line numbers matter: the test checks them.
SEVERAL_ERRORS = """\
format: chapterhouse-dossier
version: 1
polls:
  - key: third-congress
branches:
  - key: chile
    name: Chile
    country: CL
bodies:
  - key: cc
    name: Coordinating Committee
    kind: coordinating_committee
positions:
  - key: chair
    name: Chair
    single_holder: true
    rank: high
  - key: member
    name: Member
persons:
  - key: new-person
    names:
      - {language: en, full_name: New Person}
memberships:
  - person: new-person
    branch: chile
    starts_on: 2026-02-30
appointments:
  - key: ghost-member
    person: nobody-here
    body: cc
    position: member
    starts_on: 2024-01-01
  - key: new-member
    person: new-person
    body: cc
    position: member
    starts_on: 2024-01-01
    ends_on: 2023-12-31
  - key: new-chair
    person: new-person
    body: cc
    position: chair
    starts_on: 2024-01-01
"""


def expected_lines(path: Path) -> list[str]:
    return [
        f"{path}:3: polls: "
        + msg.UNKNOWN_SECTION.format(name="polls", version=1, sections=", ".join(SECTIONS)),
        f"{path}:17: positions[0].rank: "
        + msg.WRONG_TYPE.format(value="'high'", expected="a whole number"),
        f"{path}:27: memberships[0].starts_on: " + msg.NOT_A_DATE.format(value="2026-02-30"),
        f"{path}:30: appointments[0].person: "
        + people_msg.UNKNOWN_PERSON.format(key="nobody-here"),
        f"{path}:39: appointments[1].ends_on: "
        + people_msg.APPOINTMENT_ENDS_BEFORE_START.format(
            ends_on="2023-12-31", starts_on="2024-01-01"
        ),
    ]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("dry_run", [False, True])
def test_every_error_is_reported_with_its_place_and_nothing_is_written(
    write_file: WriteFile, dry_run: bool
) -> None:
    path = write_file(SEVERAL_ERRORS)
    counts, before = table_counts(), export_text()

    run = run_import(path, *(["--dry-run"] if dry_run else []))

    # In file order; the chair appointment refers to a position that failed, so it is not an
    # error of its own.
    assert run.stderr.splitlines() == expected_lines(path)
    assert run.error == msg.FAILED.format(count=5, source=path)
    assert table_counts() == counts
    assert export_text() == before


@pytest.mark.django_db
def test_a_yaml_syntax_error_is_reported_with_its_line(write_file: WriteFile) -> None:
    path = write_file(HEADER + "branches:\n  - key: chile\n    name: Chile\n   country: CL\n")
    run = run_import(path)
    assert run.error == msg.FAILED.format(count=1, source=path)
    assert run.stderr.startswith(f"{path}:6:")
    assert "This is not valid YAML" in run.stderr


@pytest.mark.django_db
def test_an_unclosed_quote_is_reported_with_its_line(write_file: WriteFile) -> None:
    path = write_file(HEADER + "duties:\n  - key: press\n    name: 'press\n")
    run = run_import(path)
    assert run.error is not None
    assert run.stderr.startswith(f"{path}:6:")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", msg.EMPTY_FILE),
        ("- a\n- b\n", msg.NOT_A_MAPPING),
        ("format: something-else\nversion: 1\n", msg.NOT_A_DOSSIER),
        (
            "format: chapterhouse-dossier\nversion: 2\n",
            msg.NEWER_VERSION.format(version=2, supported=1),
        ),
        ("format: chapterhouse-dossier\nversion: '1'\n", msg.BAD_VERSION.format(supported=1)),
        ("format: chapterhouse-dossier\n", msg.BAD_VERSION.format(supported=1)),
    ],
)
@pytest.mark.django_db
def test_a_file_that_is_not_a_version_1_dossier(
    write_file: WriteFile, text: str, message: str
) -> None:
    run = run_import(write_file(text))
    assert run.error is not None
    assert message in run.stderr


@pytest.mark.django_db
def test_keys_given_twice_and_fields_given_twice(write_file: WriteFile) -> None:
    path = write_file(
        HEADER
        + "duties:\n"  # 3
        + "  - {key: press, name: press}\n"  # 4
        + "  - {key: press, name: press work}\n"  # 5
        + "  - key: finance\n"  # 6
        + "    name: finance\n"  # 7
        + "    name: money\n"  # 8
    )
    counts = table_counts()
    run = run_import(path)
    assert run.stderr.splitlines() == [
        f"{path}:5: duties[1].key: " + org_msg.KEY_TAKEN.format(key="press", kind="duty"),
        f"{path}:8: duties[2].name: " + msg.DUPLICATE_FIELD.format(name="name"),
    ]
    assert table_counts() == counts


@pytest.mark.django_db
def test_parents_that_go_round_in_a_circle(write_file: WriteFile) -> None:
    path = write_file(
        HEADER
        + "branches:\n"
        + "  - {key: a, name: A, parent: b}\n"  # 4
        + "  - {key: b, name: B, parent: a}\n"  # 5
        + "  - {key: c, name: C, parent: a}\n"  # 6: under the circle, not an error of its own
    )
    run = run_import(path)
    assert sorted(run.stderr.splitlines()) == [
        f"{path}:4: branches[0].parent: " + org_msg.PARENT_CYCLE.format(name="A"),
        f"{path}:5: branches[1].parent: " + org_msg.PARENT_CYCLE.format(name="B"),
    ]


@pytest.mark.django_db
def test_unknown_fields_bad_keys_and_bad_country_codes(write_file: WriteFile) -> None:
    path = write_file(
        HEADER
        + "branches:\n"
        + "  - key: Chile\n"  # 4
        + "    name: Chile\n"
        + "    country: cl\n"  # 6
        + "    colour: red\n"  # 7
    )
    lines = run_import(path).stderr.splitlines()
    assert f"{path}:4: branches[0].key: " + msg.BAD_KEY.format(value="Chile") in lines
    assert f"{path}:6: branches[0].country: " + msg.BAD_COUNTRY.format(value="cl") in lines
    assert any(
        line.startswith(f"{path}:7: branches[0].colour: There is no field") for line in lines
    )


@pytest.mark.django_db
def test_a_number_where_text_belongs_suggests_quotes(write_file: WriteFile) -> None:
    path = write_file(HEADER + "duties:\n  - {key: press, name: 2024}\n")
    run = run_import(path)
    assert "duties[0].name: 2024 is not text (put it in quotes to make it text)." in run.stderr


@pytest.mark.usefixtures("demo")
def test_errors_of_the_services_are_reported_at_their_fields(write_file: WriteFile) -> None:
    # A second chair of the Coordinating Committee while Okafor holds it, at the end of the
    # appointments (the sections after them follow).
    head, tail = export_text().split("conference_series:", 1)
    text = (
        head
        + (
            "  - key: rivera-chair-cc\n"
            "    person: tomas-rivera\n"
            "    body: coordinating-committee\n"
            "    position: chair\n"
            "    starts_on: 2025-01-01\n"
        )
        + "conference_series:"
        + tail
    )
    position_line = head.count("\n") + 4
    path = write_file(text)
    run = run_import(path)
    message = people_msg.POSITION_TAKEN.format(
        position="Chair",
        body="Coordinating Committee",
        holder="Mira Okafor",
        starts_on="2022-09-01",
        until="with no end date",
    )
    assert run.stderr.splitlines() == [
        f"{path}:{position_line}: appointments[7].position: {message}"
    ]


@pytest.mark.usefixtures("demo")
def test_a_dry_run_reports_what_would_change_and_writes_nothing(write_file: WriteFile) -> None:
    text = export_text().replace("name: Valparaíso", "name: Valparaíso Local")
    text = text.replace(
        "conference_series:",
        "  - key: new-appointment\n    person: tomas-rivera\n    body: finance-commission\n"
        "    position: member\n    starts_on: 2025-01-01\nconference_series:",
        1,
    )
    counts, before = table_counts(), export_text()

    run = run_import(write_file(text), "--dry-run")

    assert run.error is None, run.stderr
    assert "branches: 0 created, 1 updated, 4 unchanged" in run.stdout
    assert "appointments: 1 created, 0 updated, 7 unchanged" in run.stdout
    assert "nothing was written" in run.stdout
    assert table_counts() == counts
    assert export_text() == before


@pytest.mark.django_db
def test_a_file_that_cannot_be_read() -> None:
    run = run_import("/nonexistent/dossier.yaml")
    assert run.error is not None and "Cannot read /nonexistent/dossier.yaml" in run.error


@pytest.mark.django_db
def test_an_empty_section_is_no_rows_but_an_empty_row_is_an_error(write_file: WriteFile) -> None:
    path = write_file(HEADER + "branches:\nduties:\n  -\n")
    run = run_import(path)
    assert run.stderr.splitlines() == [
        f"{path}:5: duties[0]: "
        + msg.WRONG_TYPE.format(value="null (an empty value)", expected="a mapping")
    ]
