"""Which template files make up a letter, including per-municipality overrides.

Layout of an override directory (its path is a setting, not code):

    <overrides>/<gemeentecode>/briefhoofd.typ   exports `briefhoofd(gemeente)`: the letterhead
    <overrides>/<gemeentecode>/afsluiting.typ   exports `afsluiting(gemeente)`: the closing text
    <overrides>/<gemeentecode>/...              anything those files use, such as a logo

Each file is optional; a municipality without one gets the default from `templates/`.
`gemeente` is the letter's Gemeente as a dictionary of display strings.

Typst only reads files below one project root, and the defaults (inside the installed package)
and the overrides (anywhere on disk) have no sensible common root. So the renderer gets a small
private root holding two symbolic links, `/sjablonen` to the defaults and `/gemeenten` to the
overrides; a letter's main file imports from those two paths only.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SJABLONEN = Path(__file__).parent / "templates"
OVERSCHRIJFBAAR = ("briefhoofd", "afsluiting")


@dataclass(frozen=True, slots=True)
class Hoofdbestand:
    """The generated main file for one (letter kind, municipality) pair, around the letter data."""

    voor: bytes
    na: bytes
    overschreven: tuple[str, ...]
    """Which parts came from the municipality's override directory (for tests and logs)."""

    def bron(self, data: str) -> bytes:
        """The main file with the letter's JSON in it as a Typst string literal.

        The data are part of the source rather than `sys.inputs`: Typst's standard library holds
        `sys.inputs`, so new inputs make it a new library and throw away everything Typst has
        memoised (parsed and evaluated templates, laid-out paragraphs), letter after letter.
        Inside the literal only a backslash or a double quote could end or change it; both are
        escaped, and the JSON has no raw control characters. The value is then parsed as JSON
        and printed, never evaluated as markup."""
        literal = data.replace("\\", "\\\\").replace('"', '\\"')
        return self.voor + literal.encode() + self.na


class Projectmap:
    """The private Typst root with the two links; removed when the object is collected."""

    def __init__(self, overrides: Path | None) -> None:
        self.overrides = overrides.resolve() if overrides is not None else None
        self.root = Path(tempfile.mkdtemp(prefix="beschikkingen-"))
        self._opruimen = weakref.finalize(self, shutil.rmtree, self.root, ignore_errors=True)
        (self.root / "sjablonen").symlink_to(SJABLONEN.resolve(), target_is_directory=True)
        if self.overrides is not None:
            (self.root / "gemeenten").symlink_to(self.overrides, target_is_directory=True)
        # Looked up once per (kind, municipality): a batch must not stat the disk per letter.
        # An override added while the process runs therefore takes effect after a restart.
        self.hoofdbestand = cache(self._hoofdbestand)

    def _hoofdbestand(self, soort: str, gemeentecode: str) -> Hoofdbestand:
        if not (SJABLONEN / f"{soort}.typ").is_file():
            raise ValueError(f"onbekende briefsoort {soort!r}")
        regels = [
            '#import "/sjablonen/brief.typ": brief',
            f'#import "/sjablonen/{soort}.typ": inhoud, onderwerp',
        ]
        overschreven: list[str] = []
        for deel in OVERSCHRIJFBAAR:
            if self.overrides is not None and (self.overrides / gemeentecode / f"{deel}.typ").is_file():
                regels.append(f'#import "/gemeenten/{gemeentecode}/{deel}.typ": {deel}')
                overschreven.append(deel)
            else:
                regels.append(f'#import "/sjablonen/{deel}.typ": {deel}')
        # The data arrive as one JSON string; strings in it are printed, never evaluated.
        voor = "\n".join([*regels, '#let d = json(bytes("'])
        na = "\n".join(
            [
                '"))',
                "#show: brief.with(d, onderwerp(d), briefhoofd: briefhoofd, afsluiting: afsluiting)",
                "#inhoud(d)",
            ]
        )
        return Hoofdbestand(voor.encode(), na.encode(), tuple(overschreven))

    def opruimen(self) -> None:
        self._opruimen()
