"""``bench/vote_storm.py`` still runs: 20 voters with their screens open vote over HTTP against
``chapterhouse serve``, nothing is lost or doubled and every screen gets the result (not timed;
the numbers are in docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import seed_static
from tests.voting.test_server_kill import ROOT, _env

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def test_vote_storm_with_twenty_voters(tmp_path: Path) -> None:
    seed_static(tmp_path)
    env = _env(tmp_path)
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [
            sys.executable,
            str(ROOT / "bench/vote_storm.py"),
            "--voters",
            "20",
            "--conc",
            "5",
            "--data-dir",
            str(tmp_path),
            "--check",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["lost"] == 0 and result["doubled"] == 0
    assert result["accepted"] == 20 and result["refused"] == result["duplicates_sent"] == 2
    assert result["screens_with_result"] == 20 and result["result_ballots"] == 20
