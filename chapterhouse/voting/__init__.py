"""The voting context: polls, ballots and their results (docs/voting.md).

The pure layer: :mod:`chapterhouse.voting.numbers` (exact vote numbers),
:mod:`chapterhouse.voting.majority` (thresholds, vote bases, quorum) and
:mod:`chapterhouse.voting.tally` (every counting method and ballot validation); they use no
database and no clock. On top of them: the stored polls and ballots (``models``), a stored poll's
result (``counting``), the writes (``services``), the reads (``selectors``), the live events
(``events``) and the API (``api``).
"""
