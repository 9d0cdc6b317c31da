"""How many people a count of applications refers to, as far as suppression needs to know.

A person may apply more than once (Tozo 1 to 5, Bbz), so a cell of 7 applications may concern 2
people and must then be suppressed. The summaries count applications. Applications are never fewer
than the people behind them, and one person has at most `meeste` applications (kept per person by
the trigger of migration 0015), so a cell of more than (DREMPEL - 1) x `meeste` applications
concerns at least DREMPEL people. Only the cells in between are counted again by person."""

from collections.abc import Callable

from app.stuurinformatie.onderdrukking import DREMPEL


def grens(meeste: int) -> int:
    """The largest number of applications that could still come from fewer than DREMPEL people."""
    return (DREMPEL - 1) * max(meeste, 1)


def in_twijfel(aanvragen: int, grens_: int, minstens: int | None = None) -> bool:
    ondergrens = aanvragen if minstens is None else minstens
    return aanvragen >= DREMPEL and ondergrens <= grens_


def tel(aanvragen: int, grens_: int, exact: Callable[[], int], minstens: int | None = None) -> int:
    """The people behind between `minstens` (default: all) and `aanvragen` applications; where the
    applications alone decide the side of the threshold, that number of applications stands in."""
    if aanvragen == 0:
        return 0
    if not in_twijfel(aanvragen, grens_, minstens):
        return aanvragen if aanvragen < DREMPEL else max(aanvragen if minstens is None else minstens, DREMPEL)
    return exact()
