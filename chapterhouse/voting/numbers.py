"""Exact vote numbers: weights and counts as ``Decimal`` or ``int``, never ``float``. Pure.

A vote number (a ballot's weight, a count of yes votes, the present or entitled weight) is a
finite, non-negative ``Decimal`` with at most :data:`MAX_PLACES` decimal places and at most
:data:`MAX_VALUE`. Anything else (a float, NaN, an infinity, ``1E+999999``, a negative number,
``bool``) is refused with a :class:`TallyError` before any arithmetic runs, so a hostile number
can neither round a threshold nor make a comparison allocate a huge integer.

Every error raised by the voting pure modules is a :class:`TallyError` whose ``code`` is one of the
constants of the module that raised it and whose message is the English text of that constant,
formatted with ``params``; an edge (form, API, command) translates the message from the code and
the params.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation (``makemessages`` finds it by this name) and returns it
    as it is: the module stays pure, with no Django settings, and the edge translates."""
    return message


# Weights are kept to six places, like the weights of the assemblies we follow.
MAX_PLACES = 6
# A bound far above any real assembly's total weight (and far below anything slow).
MAX_VALUE = Decimal(10) ** 12

NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
TOO_MANY_PLACES = "too_many_places"
TOO_LARGE = "too_large"

MESSAGES: dict[str, str] = {
    NOT_A_NUMBER: gettext_noop("{name} must be a whole or decimal number, not {value!r}."),
    NEGATIVE: gettext_noop("{name} cannot be negative ({value})."),
    TOO_MANY_PLACES: gettext_noop("{name} has more than {places} decimal places ({value})."),
    TOO_LARGE: gettext_noop("{name} is larger than {limit} ({value})."),
}


class TallyError(ValueError):
    """Bad input to a tally or a majority rule; nothing was counted.

    ``code`` is one of the module constants (``NEGATIVE``, ``DUPLICATE_OPTION``, …); ``params``
    are the values the message was formatted with, so an edge can say it in another language.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.code = code
        # The English template: an edge shows ``gettext(error.template).format(**error.params)``.
        self.template = message
        self.params: Mapping[str, object] = dict(params)


def error(code: str, messages: Mapping[str, str] = MESSAGES, **params: object) -> TallyError:
    """The :class:`TallyError` for ``code``, its message taken from ``messages``."""
    return TallyError(code, messages[code], **params)


def vote_number(value: object, *, name: str) -> Decimal:
    """``value`` as an exact ``Decimal`` vote number, or a :class:`TallyError`.

    ``int`` and ``Decimal`` are taken; ``float`` and ``bool`` are refused (a float has already
    been rounded; a bool is a programming error), and so is ``str``: parsing text is the edge's job.
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise error(NOT_A_NUMBER, name=name, value=value)
    if isinstance(value, int):
        if value < 0:
            raise error(NEGATIVE, name=name, value=value)
        if value > MAX_VALUE:
            raise error(TOO_LARGE, name=name, value=value, limit=MAX_VALUE)
        return Decimal(value)
    if not value.is_finite():
        raise error(NOT_A_NUMBER, name=name, value=value)
    if value.is_signed() and value != 0:
        raise error(NEGATIVE, name=name, value=value)
    # Compare the exponent before anything else: the adjusted exponent is a small int even for
    # 1E+999999999, so no huge number is ever built.
    if value != 0 and value.adjusted() >= 13:
        raise error(TOO_LARGE, name=name, value=value, limit=MAX_VALUE)
    if value > MAX_VALUE:
        raise error(TOO_LARGE, name=name, value=value, limit=MAX_VALUE)
    try:
        exact = value.quantize(Decimal(1).scaleb(-MAX_PLACES))
    except InvalidOperation:
        raise error(TOO_MANY_PLACES, name=name, value=value, places=MAX_PLACES) from None
    if exact != value:
        raise error(TOO_MANY_PLACES, name=name, value=value, places=MAX_PLACES)
    # -0 and 0E-3 become a plain 0; other values keep the places they were given.
    return value if value != 0 else Decimal(0)


def exact(value: Decimal) -> Fraction:
    """``value`` as a ``Fraction``: comparisons on it never round."""
    return Fraction(value)
