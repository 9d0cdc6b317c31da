"""The JSON builder and the JSON output."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.rules import Conclusie, OngeldigeInvoer, aanvraag_uit_dict, beoordeel, regelingen_open_op
from app.rules.uitkomst import Reden

from .helpers import ALLE_DOCUMENTEN, PARTNER, inkomen, json_aanvraag


def test_alle_fouten_tegelijk_met_pad() -> None:
    d = json_aanvraag(
        regeling="tozo-x", maanden=["2020-13"], aanvrager={"geboortedatum": "gisteren"}, onderneming={"urenPerJaar": -1}
    )
    with pytest.raises(OngeldigeInvoer) as fout:
        aanvraag_uit_dict(d)
    namen = {p.naam for p in fout.value.problemen}
    assert {"regeling", "maanden.0", "aanvrager.geboortedatum", "onderneming.urenPerJaar"} <= namen


def test_partner_verplicht_bij_met_partner() -> None:
    d = json_aanvraag(huishouden={"samenstelling": "met-partner"})
    with pytest.raises(OngeldigeInvoer):
        aanvraag_uit_dict(d)


def test_to_dict_is_json_in_camelcase() -> None:
    u = beoordeel(
        aanvraag_uit_dict(
            json_aanvraag(
                aanvraagdatum="2020-07-01",
                maanden=["2020-07"],
                partner=PARTNER,
                inkomsten=[inkomen("2020-07", {"winst": 1000}, {"loon": 100})],
            )
        ),
        date(2026, 1, 1),
    )
    d = u.to_dict()
    tekst = json.dumps(d, sort_keys=True)
    assert json.loads(tekst) == d
    assert d["tozoVersie"] == 2
    assert d["maanden"][0]["partnerMeegeteld"] is True
    assert d["maanden"][0]["maand"] == "2020-07"
    assert "beoordelingMedewerkerNodig" in d and "totaalBedrag" in d


def test_regelingen_open_op() -> None:
    codes = [r.code.value for r in regelingen_open_op(date(2020, 7, 1))]
    assert codes == ["tozo-levensonderhoud", "tozo-bedrijfskapitaal", "bbz-levensonderhoud", "bbz-bedrijfskapitaal"]
    tozo = regelingen_open_op(date(2020, 7, 1))[0]
    assert tozo.tozo_versie == 2 and tozo.max_maanden == 4
    assert [r.code.value for r in regelingen_open_op(date(2021, 10, 1))] == [
        "bbz-levensonderhoud",
        "bbz-bedrijfskapitaal",
    ]
    assert regelingen_open_op(date(2003, 1, 1)) == []
    json.dumps([r.to_dict() for r in regelingen_open_op(date(2021, 11, 1))])


def test_bbz_versoepeld_om_niet_en_terugwerkend() -> None:
    d = json_aanvraag(
        regeling="bbz-levensonderhoud",
        aanvraagdatum="2021-11-15",
        maanden=["2021-09", "2021-10", "2021-11"],
        inkomsten=[inkomen(m) for m in ("2021-09", "2021-10", "2021-11")],
        bbz={"categorie": "gevestigde", "levensvatbaarheid": "levensvatbaar"},
    )
    u = beoordeel(aanvraag_uit_dict(d), date(2022, 1, 1))
    toegekend = {str(m.maand): m for m in u.maanden}
    assert not toegekend["2021-09"].toegekend  # before 1 October 2021
    assert toegekend["2021-10"].toegekend and toegekend["2021-10"].vorm == "om-niet"
    assert toegekend["2021-11"].bedrag == 107870


def test_bbz_zonder_onderzoek_vraagt_medewerker() -> None:
    d = json_aanvraag(
        regeling="bbz-bedrijfskapitaal",
        aanvraagdatum="2021-03-01",
        maanden=[],
        lening={"bedrag": 5_000_000, "doel": "machines"},
        bbz={"categorie": "starter"},
    )
    u = beoordeel(aanvraag_uit_dict(d), date(2021, 6, 1))
    assert u.beoordeling_medewerker_nodig
    assert u.lening is not None and u.lening.maximum == 3781700 and u.lening.toegekend == 3781700


def test_geen_norm_bekend_is_geen_afwijzing() -> None:
    # Bbz months in 2022: no norm in the data yet, so a person decides; never a rejection.
    d = json_aanvraag(
        regeling="bbz-levensonderhoud",
        aanvraagdatum="2022-02-10",
        maanden=["2022-02"],
        inkomsten=[inkomen("2022-02")],
        bbz={"categorie": "gevestigde", "levensvatbaarheid": "levensvatbaar"},
    )
    u = beoordeel(aanvraag_uit_dict(d), date(2022, 3, 1), documenten=ALLE_DOCUMENTEN)
    assert u.conclusie is Conclusie.BEOORDELING_NODIG
    assert u.maanden[0].reden_code is Reden.BEOORDELING_NODIG
    assert "medewerker" in u.maanden[0].reden
