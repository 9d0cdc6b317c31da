"""Domain errors the workflows raise; the API turns each into its problem response."""

from collections.abc import Sequence


class AanvraagFout(Exception):
    """A domain error; `status` is the HTTP status the API answers with."""

    code = "fout"
    status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NietGevonden(AanvraagFout):
    code = "niet-gevonden"
    status = 404


class Conflict(AanvraagFout):
    code = "conflict"


class OvergangNietToegestaan(AanvraagFout):
    code = "overgang-niet-toegestaan"


class OngeldigeInvoer(AanvraagFout):
    code = "ongeldige-invoer"
    status = 400

    def __init__(self, invalid_params: Sequence[dict[str, str]]) -> None:
        super().__init__("Ten minste één veld is ongeldig.")
        self.invalid_params = list(invalid_params)
