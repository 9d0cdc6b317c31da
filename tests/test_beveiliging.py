"""Security checks over every operation of the OpenAPI document, so an endpoint added later is
covered without editing this file: the roles an operation admits come from its `x-rollen`
(written from the same dependency that enforces them). Wrong role 403, another municipality's
case 404, bad tokens 401, and no BSN in any URL or log line."""

import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import jwt
import pytest
import schemathesis

from app.auth import Rol
from app.config import Settings
from bench.dienst import Dienst
from tests import voorbeelden
from tests.conftest import AMSTERDAM, UTRECHT

Token = Callable[..., dict[str, str]]
ALLE_ROLLEN = {r.value for r in Rol}


@pytest.fixture(scope="module")
def document(http: httpx.Client) -> dict[str, Any]:
    d: dict[str, Any] = http.get("/api/v1/openapi.json").json()
    return d


def _operaties(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for pad, operaties in document["paths"].items():
        for methode, operatie in operaties.items():
            yield methode.upper(), pad, operatie


@pytest.fixture(scope="module")
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def aanvraag_id(http: httpx.Client, token: Token) -> str:
    r = http.post(
        "/api/v1/aanvragen",
        json=voorbeelden.tozo_levensonderhoud(AMSTERDAM),
        headers=token("loket") | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PADWAARDEN = {"rol": "controleur", "nummer": "1", "onderzoekId": "1"}


def _pad(pad: str, aanvraag: str) -> str:
    waarden = PADWAARDEN | {"aanvraagId": aanvraag}
    return re.sub(r"\{(\w+)\}", lambda m: waarden.get(m.group(1), str(uuid.uuid4())), pad)


def _bestandsvelden(document: dict[str, Any], operatie: dict[str, Any]) -> list[str] | None:
    """The file parts of a multipart operation, None when it takes no multipart body."""
    inhoud = operatie.get("requestBody", {}).get("content", {}).get("multipart/form-data")
    if inhoud is None:
        return None
    schema = inhoud["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return [
        n for n, p in schema.get("properties", {}).items() if "contentMediaType" in p or p.get("format") == "binary"
    ]


def _eenvoudig(
    document: dict[str, Any], http: httpx.Client, methode: str, pad: str, aanvraag: str, headers: dict[str, str]
) -> httpx.Response:
    """A call whose body does not matter: the caller is refused before the body is read."""
    operatie = document["paths"][pad][methode.lower()]
    headers = headers | (
        {"If-Match": 'W/"1"'} if any(p["name"] == "If-Match" for p in operatie.get("parameters", [])) else {}
    )
    bestanden = _bestandsvelden(document, operatie)
    if bestanden is not None:
        files = {n: ("a.pdf", PDF, "application/pdf") for n in bestanden}
        data = {"soort": "overig"}
        return http.request(methode, _pad(pad, aanvraag), files=files, data=data, headers=headers)
    body = {} if "requestBody" in operatie else None
    return http.request(methode, _pad(pad, aanvraag), json=body, headers=headers)


@pytest.fixture(scope="module")
def schema(document: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(document)


def _voorbeelden(schema: Any, methode: str, pad: str, aantal: int = 10) -> list[Any]:
    """Requests the schema allows, drawn by schemathesis (bodies, query and headers)."""
    uit: list[Any] = []

    @hypothesis.settings(
        max_examples=aantal,
        phases=[hypothesis.Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(schema[pad][methode].as_strategy())
    def trek(case: Any) -> None:
        uit.append(case)

    trek()
    return uit


def _kop(r: Any, naam: str) -> str:
    """A response header from httpx (a string) or schemathesis (a list of strings)."""
    waarde = r.headers[naam]
    return str(waarde[0] if isinstance(waarde, list) else waarde)


def _is_probleem(r: Any, status: int, wat: str) -> None:
    assert r.status_code == status, f"{wat}: {r.status_code} {r.text[:300]}"
    assert _kop(r, "content-type") == "application/problem+json", wat
    assert r.json()["status"] == status, wat


def test_elke_api_operatie_vraagt_een_rol(document: dict[str, Any]) -> None:
    zonder = [f"{m} {p}" for m, p, o in _operaties(document) if p.startswith("/api/") and not o.get("x-rollen")]
    assert zonder == []
    assert sum(1 for _ in _operaties(document)) >= 25


def test_verkeerde_rol_is_403(document: dict[str, Any], http: httpx.Client, token: Token, aanvraag_id: str) -> None:
    for methode, pad, operatie in _operaties(document):
        if "x-rollen" not in operatie:
            continue
        andere = sorted(ALLE_ROLLEN - set(operatie["x-rollen"]))
        # The caller's municipality is right: only the role is wrong (no role at all when every
        # role may call the operation).
        headers = token(*andere, gemeenten=(AMSTERDAM,), sub="verkeerde-rol")
        r = _eenvoudig(document, http, methode, pad, aanvraag_id, headers)
        _is_probleem(r, 403, f"{methode} {pad} met {andere}")


def test_adviseur_alleen_bij_eigen_onderzoeken(
    document: dict[str, Any], http: httpx.Client, token: Token, aanvraag_id: str
) -> None:
    """An external adviser (its organisation in the token) may call only the operations on its own
    viability studies: every other operation is 403 for it; its own ones need the organisation
    (403 without), and in a municipality without its studies find nothing (404, an empty list)."""
    adviseur = token("adviseur", gemeenten=(AMSTERDAM,), organisatie="Bureau Zelfstandigen")
    eigen = []
    for methode, pad, operatie in _operaties(document):
        rollen = operatie.get("x-rollen")
        if not rollen:
            continue
        if "adviseur" in rollen:
            assert rollen == ["adviseur"], f"{methode} {pad}"
            eigen.append((methode, pad))
            continue
        _is_probleem(_eenvoudig(document, http, methode, pad, aanvraag_id, adviseur), 403, f"{methode} {pad}")
    assert sorted(eigen) == [
        ("GET", "/api/v1/levensvatbaarheidsonderzoeken"),
        ("POST", "/api/v1/levensvatbaarheidsonderzoeken/{onderzoekId}/documenten"),
        ("POST", "/api/v1/levensvatbaarheidsonderzoeken/{onderzoekId}/rapporten"),
    ]
    zonder = token("adviseur", gemeenten=(AMSTERDAM,))
    elders = token("adviseur", gemeenten=(UTRECHT,), organisatie="Bureau Zelfstandigen")
    for methode, pad in eigen:
        _is_probleem(_eenvoudig(document, http, methode, pad, aanvraag_id, zonder), 403, f"{methode} {pad}")
        r = _eenvoudig(document, http, methode, pad, aanvraag_id, elders)
        if methode == "GET":
            assert r.status_code == 200 and r.json()["onderzoeken"] == []
        else:
            body = {"rapportId": str(uuid.uuid4()), "conclusie": "levensvatbaar"} if pad.endswith("rapporten") else None
            if body is not None:
                r = http.post(_pad(pad, aanvraag_id), json=body, headers=elders)
            _is_probleem(r, 404, f"{methode} {pad} in een andere gemeente")


def test_zaak_van_andere_gemeente_is_404(
    document: dict[str, Any], schema: Any, http: httpx.Client, base_url: str, token: Token, aanvraag_id: str
) -> None:
    gezien = 0
    for methode, pad, operatie in _operaties(document):
        rollen = operatie.get("x-rollen")
        if not rollen:
            continue
        headers = token(*rollen, gemeenten=(UTRECHT,))
        if "{aanvraagId}" not in pad:
            # Lists, searches, queues: whatever they answer, never this case.
            r = _eenvoudig(document, http, methode, pad, aanvraag_id, headers)
            assert r.status_code < 500, f"{methode} {pad}: {r.status_code}"
            assert aanvraag_id not in r.text, f"{methode} {pad}"
            continue
        if methode in ("GET", "DELETE"):
            r = _eenvoudig(document, http, methode, pad, aanvraag_id, headers)
        else:
            # Input may be refused (400) before the case is looked up, which tells nothing about
            # the case; the first body that gets past that must meet a 404.
            for case in _voorbeelden(schema, methode, pad):
                bestanden = _bestandsvelden(document, operatie) or []
                if isinstance(case.body, dict):
                    case.body |= {n: PDF for n in bestanden}
                case.path_parameters = {k: _pad("{" + k + "}", aanvraag_id) for k in case.path_parameters or {}}
                case.headers = dict(case.headers or {}) | headers
                if "If-Match" in case.headers:
                    case.headers["If-Match"] = 'W/"1"'
                r = case.call(base_url=base_url)
                if r.status_code != 400:
                    break
        _is_probleem(r, 404, f"{methode} {pad}")
        gezien += 1
    assert gezien >= 10


def test_zoeken_en_indienen_voor_andere_gemeente(http: httpx.Client, token: Token, aanvraag_id: str) -> None:
    utrecht = token("controleur", "loket", gemeenten=(UTRECHT,))
    r = http.post("/api/v1/aanvragen/_zoek", json={"bsn": voorbeelden.AANVRAGER_BSN}, headers=utrecht)
    assert r.status_code == 200 and r.json()["aanvragen"] == []
    r = http.post(
        "/api/v1/aanvragen",
        json=voorbeelden.tozo_levensonderhoud(AMSTERDAM),
        headers=utrecht | {"Idempotency-Key": str(uuid.uuid4())},
    )
    _is_probleem(r, 403, "indienen voor een andere gemeente")


def _slechte_tokens(settings: Settings, rollen: list[str]) -> dict[str, str]:
    nu = int(time.time())
    claims = {
        "sub": "x",
        "roles": rollen,
        "gemeenten": [AMSTERDAM],
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "exp": nu + 600,
    }
    geheim = settings.jwt_secret.get_secret_value()
    return {
        "verkeerde handtekening": jwt.encode(claims, "een-ander-geheim-van-voldoende-lengte!!", algorithm="HS256"),
        "andere audience": jwt.encode(claims | {"aud": "een-andere-dienst"}, geheim, algorithm="HS256"),
        "verlopen": jwt.encode(claims | {"exp": nu - 5}, geheim, algorithm="HS256"),
        "andere uitgever": jwt.encode(claims | {"iss": "iemand-anders"}, geheim, algorithm="HS256"),
    }


def test_slechte_tokens_zijn_401_overal(
    document: dict[str, Any], http: httpx.Client, settings: Settings, aanvraag_id: str
) -> None:
    for methode, pad, operatie in _operaties(document):
        if "x-rollen" not in operatie:
            continue
        for naam, t in _slechte_tokens(settings, operatie["x-rollen"]).items():
            r = _eenvoudig(document, http, methode, pad, aanvraag_id, {"Authorization": f"Bearer {t}"})
            _is_probleem(r, 401, f"{methode} {pad}: {naam}")
            assert _kop(r, "www-authenticate").startswith("Bearer")


def test_geen_bsn_in_urls(document: dict[str, Any]) -> None:
    for methode, pad, operatie in _operaties(document):
        assert "bsn" not in pad.lower(), pad
        assert not re.search(r"\d{8,9}", pad), pad
        for parameter in operatie.get("parameters", []):
            if parameter["in"] in ("path", "query"):
                assert "bsn" not in parameter["name"].lower(), f"{methode} {pad}: {parameter['name']}"


# --- no BSN in any line the running service writes ------------------------------------------------

LELYSTAD = "0995"
BSNS = {"999991012", "999991036", "999991048", "999970124", "999970136", "999991024", "999990676"}


def _aanvragen() -> list[dict[str, Any]]:
    jansen = voorbeelden.tozo_levensonderhoud(LELYSTAD)
    jansen["aanvrager"] |= {"bsn": "999991012", "geboortedatum": "1985-03-14"}
    jansen["onderneming"]["kvkNummer"] = "90004444"
    stel = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud(LELYSTAD))
    stel["aanvrager"] |= {"bsn": "999991036", "geboortedatum": "1979-06-01"}
    stel["partner"] |= {"bsn": "999991048"}
    stel["onderneming"]["kvkNummer"] = "90005555"
    paassen = voorbeelden.met_partner(voorbeelden.tozo_levensonderhoud(LELYSTAD))
    bakker = voorbeelden.tozo_bedrijfskapitaal(LELYSTAD)
    bakker["aanvrager"] |= {"bsn": "999991024"}
    bakker["onderneming"]["kvkNummer"] = "90006666"
    return [jansen, stel, paassen, bakker]


@pytest.fixture(scope="module")
def dienst(nieuwe_database: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dienst]:
    log = tmp_path_factory.mktemp("dienst") / "serve.log"
    # Debug level: the most the service would ever write.
    with Dienst(nieuwe_database(), log, ZL_LOG_LEVEL="debug", ZL_VERIFICATIE_POLL_SECONDEN="0.2") as d:
        yield d


def test_geen_bsn_in_loglijnen(dienst: Dienst, settings: Settings) -> None:
    from app.auth import maak_ontwikkeltoken

    def kop(*rollen: str) -> dict[str, str]:
        return {"Authorization": "Bearer " + maak_ontwikkeltoken(settings, "log-test", list(rollen), [LELYSTAD])}

    with httpx.Client(base_url=dienst.url, timeout=30) as c:
        ids = []
        for body in _aanvragen():
            r = c.post("/api/v1/aanvragen", json=body, headers=kop("loket") | {"Idempotency-Key": str(uuid.uuid4())})
            assert r.status_code == 201, r.text
            ids.append(r.json()["id"])
        # Refused input that carries a BSN, and a search by BSN.
        fout = voorbeelden.tozo_levensonderhoud(LELYSTAD)
        fout["aanvrager"]["bsn"] = "999990676"
        fout["maanden"] = ["1999-01"]
        assert c.post("/api/v1/aanvragen", json=fout, headers=kop("loket")).status_code == 400
        r = c.post("/api/v1/aanvragen/_zoek", json={"bsn": "999991012"}, headers=kop("controleur"))
        assert len(r.json()["aanvragen"]) == 1
        # Until the verification worker has consulted the registers for each (it logs as it goes).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            statussen = {c.get(f"/api/v1/aanvragen/{i}", headers=kop("controleur")).json()["status"] for i in ids}
            if statussen <= {"te_controleren"}:
                break
            time.sleep(0.2)
        assert statussen == {"te_controleren"}
        for i in ids:
            assert c.get(f"/api/v1/aanvragen/{i}/verificatie", headers=kop("controleur")).status_code == 200
    dienst.stop()

    regels = Path(dienst.log).read_text().splitlines()
    json_regels = [json.loads(r) for r in regels if r.startswith("{")]
    # Not vacuous: every request above and the worker's work are in the log.
    assert sum(1 for r in json_regels if r.get("event") == "verzoek") >= 15
    for regel in regels:
        for bsn in BSNS:
            assert bsn not in regel, regel
