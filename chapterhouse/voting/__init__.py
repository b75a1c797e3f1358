"""The voting context: polls, ballots and their results (docs/voting.md).

So far only the pure layer: :mod:`chapterhouse.voting.numbers` (exact vote numbers),
:mod:`chapterhouse.voting.majority` (thresholds, vote bases, quorum) and
:mod:`chapterhouse.voting.tally` (every counting method and ballot validation). They use no
database and no clock; every result is a function of its arguments.
"""
