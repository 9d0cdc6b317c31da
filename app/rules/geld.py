"""Money: integer euro cents, rounding and the Dutch notation used in letters."""

from __future__ import annotations


def rond_half_op(teller: int, noemer: int) -> int:
    """Round teller/noemer half up, in integers, so no float ever touches a cent.

    Half up (not banker's rounding) because that is how municipal calculations and the spec's
    worked cases round (e.g. 10.157 × 2% × 8/12 = 135,4266… → 135,43).
    """
    if noemer <= 0:
        raise ValueError("noemer moet positief zijn")
    if teller >= 0:
        return (2 * teller + noemer) // (2 * noemer)
    return -((-2 * teller + noemer) // (2 * noemer))


def percentage_van(bedrag: int, procent: int | float) -> int:
    """`procent`% of `bedrag`, rounded half up; procent may be given in hundredths via floats."""
    if isinstance(procent, int):
        return rond_half_op(bedrag * procent, 100)
    return rond_half_op(round(bedrag * procent * 100), 10_000)


# Zero-padded groups, so `euro` needs no format spec: int.__format__ with a spec ("_", "02d")
# costs several times a plain str(), and every outcome and letter text calls `euro`.
_TWEE_CIJFERS = tuple(f"{n:02d}" for n in range(100))
_DRIE_CIJFERS = tuple(f"{n:03d}" for n in range(1000))


def euro(centen: int) -> str:
    """€ 1.052,32 — the notation of a Dutch decision letter."""
    if centen < 0:
        return "-" + euro(-centen)
    euros, cent = divmod(centen, 100)
    if euros < 1000:
        return f"€ {euros},{_TWEE_CIJFERS[cent]}"
    if euros < 1_000_000:
        return f"€ {euros // 1000}.{_DRIE_CIJFERS[euros % 1000]},{_TWEE_CIJFERS[cent]}"
    # Millions and up: the thousands written the same way, then the last group of three.
    return f"{euro(euros // 1000 * 100)[:-3]}.{_DRIE_CIJFERS[euros % 1000]},{_TWEE_CIJFERS[cent]}"


def getal(waarde: int) -> str:
    """1.225 — Dutch thousands separator, for hours and counts in letters."""
    return f"{waarde:,}".replace(",", ".")
