"""What a decision letter says, built from what is stored about the case: the rules outcome at
verification, the assessment (months awarded, amounts, motivation), the hersteltermijn, the BRP
address and the municipality's letterhead. Pure: no database, no rendering; `beschikkingen.maak`
gathers the `Bron` and stores the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app import rules
from app.decisions import letters as l
from app.workflows.levenscyclus import Status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

TOZO_GRONDSLAGEN = (
    "artikel 1 en 2 van het Besluit Tijdelijke overbruggingsregeling zelfstandig ondernemers",
    "artikel 11 en 78f van de Participatiewet",
)
BBZ_GRONDSLAGEN = (
    "het Besluit bijstandverlening zelfstandigen 2004",
    "artikel 11 en 78f van de Participatiewet",
)
INTREKKING_GRONDSLAGEN = ("artikel 4:1 en 4:2 van de Algemene wet bestuursrecht",)


# Bbz: the articles behind the form in which the money is given.
BBZ_VORM_GRONDSLAGEN = {
    l.Vorm.OM_NIET.value: "artikel 2, 19 en 22 van het Besluit bijstandverlening zelfstandigen 2004 (om niet)",
    l.Vorm.RENTELOZE_LENING.value: "artikel 2 en 10 tot en met 12 van het Besluit bijstandverlening zelfstandigen 2004",
    l.Vorm.RENTEDRAGENDE_LENING.value: (
        "artikel 15, 20, 24 en 39 van het Besluit bijstandverlening zelfstandigen 2004 (rentedragende lening)"
    ),
}


def soort(status: Status, regeling: str, vorm: str | None = None) -> str:
    if status in (Status.toegekend, Status.gedeeltelijk_toegekend) and _lening(regeling):
        if vorm == l.Vorm.OM_NIET.value:
            return l.ToekenningBedrijfskapitaalOmNiet.soort
        return l.ToekenningBedrijfskapitaal.soort
    if status is Status.toegekend:
        return l.ToekenningLevensonderhoud.soort
    if status is Status.gedeeltelijk_toegekend:
        return l.GedeeltelijkeToekenning.soort
    return {
        Status.afgewezen: l.Afwijzing.soort,
        Status.buiten_behandeling: l.BuitenBehandeling.soort,
        Status.ingetrokken: l.Intrekking.soort,
    }[status]


def _lening(regeling: str) -> bool:
    return regeling.endswith("bedrijfskapitaal")


@dataclass(frozen=True)
class Bron:
    soort: str
    regeling: str
    gegevens: dict[str, Any]
    uitkomst: dict[str, Any]
    registers: dict[str, Any]
    maanden: dict[str, bool]
    bedragen: dict[str, int]  # the assessor's own amounts, where they deviate from the rules
    motivering: str | None
    herstel: Any
    referentie: l.Referentie
    gemeente: l.Gemeente
    vorm: str | None = None  # Bbz: the form the assessor chose (beoordelingen.vorm)
    voorwaarden: tuple[str, ...] = ()  # Bbz: the adviser's conditions (viability study)
    verdaging: Any = None  # Bbz: the extension of the beslistermijn (oude_einde, nieuwe_einde, reden)


def _maand(tekst: str) -> l.Maand:
    jaar, maand = tekst.split("-")[:2]
    return l.Maand(int(jaar), int(maand))


def _zoek(waarde: Any, sleutel: str) -> Any:
    if isinstance(waarde, dict):
        if sleutel in waarde:
            return waarde[sleutel]
        for w in waarde.values():
            if (gevonden := _zoek(w, sleutel)) is not None:
                return gevonden
    return None


def _adres(bron: Bron) -> l.Adres:
    """The address block from the BRP answer stored at verification (`adressering`); the name
    as the applicant gave it (initials and surname)."""
    naam = (bron.gegevens.get("aanvrager") or {}).get("naam") or {}
    voorletters = "".join(f"{d[0]}." for d in str(naam.get("voornamen") or "").split() if d)
    achternaam = " ".join(p for p in (naam.get("voorvoegsel"), naam.get("geslachtsnaam")) if p) or "aanvrager"
    regels = [str(r) for r in (_zoek(bron.registers.get("brp"), "adresregels") or []) if r]
    if len(regels) < 2:
        regels = [regels[0], ""] if regels else ["Adres niet bekend in de BRP", ""]
    return l.Adres(
        naam=f"{voorletters} {achternaam}".strip(),
        aanhef=f"Geachte heer/mevrouw {achternaam[:1].upper()}{achternaam[1:]}",
        adresregel1=regels[0],
        adresregel2=regels[1],
        adresregel3=regels[2] if len(regels) > 2 else None,
    )


def _bbz_vorm(bron: Bron) -> dict[str, Any]:
    """The form of Bbz levensonderhoud for the letter: a gift or an interest-free loan, and
    whether the relaxed Bbz (per calendar month) applied; nothing for the Tozo."""
    if bron.regeling.startswith("tozo"):
        return {}
    vorm = bron.vorm or next((str(m["vorm"]) for m in bron.uitkomst.get("maanden") or [] if m.get("vorm")), None)
    versoepeld = any(
        p.get("naam") == "bbz.versoepeling" and p.get("waarde") is True for p in bron.uitkomst.get("parameters") or []
    )
    return {
        "vorm": l.Vorm(vorm) if vorm else None,
        "per_kalendermaand": versoepeld,
        "voorwaarden": bron.voorwaarden,
    }


def _regeling(bron: Bron) -> str:
    if bron.regeling.startswith("tozo"):
        versie = bron.uitkomst.get("tozoVersie")
        return f"Tozo {versie}" if versie else "Tozo"
    return "Bbz 2004"


def maandbedrag(m: dict[str, Any], toegekend: bool, eigen: int | None) -> tuple[int, int | None]:
    """(what is paid for a month of the rules outcome `m`, the rules' own amount when that
    differs). The assessor's own amount if she set one; else, for a month she awards against the
    rules (a criterion she judged otherwise), the supplement the rules computed, norm minus
    income, where the rules' own amount is 0. The letter states a difference as a deviation."""
    volgens_regels = int(m.get("bedrag") or 0) if m.get("toegekend") else 0
    if not toegekend:
        return 0, None
    if eigen is not None:
        bedrag = eigen
    elif m.get("toegekend"):
        bedrag = volgens_regels
    else:
        bedrag = max(0, int(m.get("norm") or 0) - int(m.get("inkomen") or 0))
    return bedrag, (volgens_regels if bedrag != volgens_regels else None)


def bouw(bron: Bron) -> l.Brief:
    """The letter for one decision from the stored case; every value is taken, none computed here
    except the objection deadline, which the rules engine computes (Awb 6:7, 6:8)."""
    u = bron.uitkomst
    grondslagen = TOZO_GRONDSLAGEN if bron.regeling.startswith("tozo") else BBZ_GRONDSLAGEN
    if bron.vorm in BBZ_VORM_GRONDSLAGEN:
        grondslagen = (BBZ_VORM_GRONDSLAGEN[bron.vorm], *grondslagen[1:])
    voorziening = l.Voorziening.BEDRIJFSKAPITAAL if _lening(bron.regeling) else l.Voorziening.LEVENSONDERHOUD
    gemeen: dict[str, Any] = {
        "gemeente": bron.gemeente,
        "adres": _adres(bron),
        "referentie": bron.referentie,
        "regeling": _regeling(bron),
        "laatste_dag_bezwaar": rules.bezwaartermijn_laatste_dag(bron.referentie.briefdatum),
    }
    iban = str(bron.gegevens.get("iban") or "")
    regelmaanden = [m for m in u.get("maanden") or [] if m.get("maand")]

    def toegekend(m: dict[str, Any]) -> bool:
        return bron.maanden.get(str(m["maand"]), bool(m.get("toegekend")))

    def bedrag(m: dict[str, Any]) -> l.MaandBedrag:
        bedrag, volgens_regels = maandbedrag(m, toegekend(m), bron.bedragen.get(str(m["maand"])))
        return l.MaandBedrag(
            maand=_maand(str(m["maand"])),
            norm_cent=int(m.get("norm") or 0),
            inkomen_cent=int(m.get("inkomen") or 0),
            bedrag_cent=bedrag,
            volgens_regels_cent=volgens_regels,
        )

    if bron.soort == l.ToekenningLevensonderhoud.soort:
        maanden = tuple(bedrag(m) for m in regelmaanden if toegekend(m)) or tuple(bedrag(m) for m in regelmaanden)
        return l.ToekenningLevensonderhoud(
            **gemeen,
            motivering=bron.motivering or u.get("samenvatting") or "U voldoet aan de voorwaarden.",
            grondslagen=grondslagen,
            maanden=maanden,
            iban=iban,
            **_bbz_vorm(bron),
        )
    if bron.soort == l.GedeeltelijkeToekenning.soort:
        return l.GedeeltelijkeToekenning(
            **gemeen,
            motivering=bron.motivering or u.get("samenvatting") or "U voldoet over een deel van de maanden.",
            grondslagen=grondslagen,
            toegekend=tuple(bedrag(m) for m in regelmaanden if toegekend(m)),
            afgewezen=tuple(
                l.AfgewezenMaand(
                    maand=_maand(str(m["maand"])),
                    reden=str(m.get("reden") or bron.motivering or "U heeft over deze maand geen recht."),
                    grondslag=str(m.get("grondslag") or grondslagen[0]),
                )
                for m in regelmaanden
                if not toegekend(m)
            ),
            iban=iban,
            **_bbz_vorm(bron),
        )
    if bron.soort == l.ToekenningBedrijfskapitaal.soort:
        return _bedrijfskapitaal(bron, gemeen, grondslagen, iban)
    if bron.soort == l.ToekenningBedrijfskapitaalOmNiet.soort:
        lening = u.get("lening") or {}
        return l.ToekenningBedrijfskapitaalOmNiet(
            **gemeen,
            motivering=bron.motivering or str(u.get("samenvatting") or "U voldoet aan de voorwaarden."),
            grondslagen=grondslagen,
            bedrag_cent=int(lening.get("toegekend") or 0),
            uitbetaaldatum=bron.referentie.briefdatum,
            iban=iban,
            voorwaarden=bron.voorwaarden,
        )
    if bron.soort == l.Verdaging.soort:
        v = bron.verdaging
        return l.Verdaging(
            gemeente=bron.gemeente,
            adres=gemeen["adres"],
            referentie=bron.referentie,
            regeling=gemeen["regeling"],
            voorziening=voorziening,
            reden=str(v.reden),
            beslistermijn_oud=v.oude_einde,
            beslistermijn_nieuw=v.nieuwe_einde,
        )
    if bron.soort == l.Afwijzing.soort:
        criteria = tuple(
            l.Criterium(
                omschrijving=str(c.get("naam") or c.get("code")),
                reden=str(c.get("toelichting") or ""),
                grondslag=str(c.get("grondslag") or grondslagen[0]),
            )
            for c in u.get("criteria") or []
            if c.get("status") == "niet-voldaan"
        ) or (
            l.Criterium(
                omschrijving="Beoordeling van uw aanvraag",
                reden=bron.motivering or str(u.get("samenvatting") or "U voldoet niet aan de voorwaarden."),
                grondslag=grondslagen[0],
            ),
        )
        return l.Afwijzing(
            **gemeen,
            motivering=bron.motivering or "U voldoet niet aan alle voorwaarden. Hieronder leest u welke.",
            grondslagen=grondslagen,
            voorziening=voorziening,
            criteria=criteria,
        )
    if bron.soort == l.BuitenBehandeling.soort:
        h = bron.herstel
        verzoek = h.verzonden_op.astimezone(AMSTERDAM).date() if h else bron.referentie.briefdatum
        ontbrekend = tuple(
            l.OntbrekendStuk(omschrijving=str(o.get("reden") or o.get("soort")), toelichting=o.get("grondslag"))
            for o in (h.ontbrekend if h else [])
        ) or (l.OntbrekendStuk(omschrijving="De gegevens die wij u vroegen"),)
        return l.BuitenBehandeling(
            **gemeen,
            motivering=(
                "Wij hebben u gevraagd uw aanvraag aan te vullen. U heeft dat niet op tijd gedaan. "
                "Daarom kunnen wij uw aanvraag niet beoordelen."
            ),
            voorziening=voorziening,
            herstelverzoek_datum=min(verzoek, bron.referentie.briefdatum),
            hersteltermijn_tot_en_met=h.termijn_einde if h else bron.referentie.briefdatum,
            ontbrekend=ontbrekend,
        )
    if bron.soort == l.Intrekking.soort:
        return l.Intrekking(
            **gemeen,
            motivering="U heeft uw aanvraag ingetrokken. Wij behandelen haar daarom niet verder."
            + (f" Uw reden: {bron.motivering}" if bron.motivering else ""),
            grondslagen=INTREKKING_GRONDSLAGEN,
            voorziening=voorziening,
            ingetrokken_op=bron.referentie.briefdatum,
        )
    raise ValueError(f"geen brief voor soort {bron.soort}")


def _bedrijfskapitaal(
    bron: Bron, gemeen: dict[str, Any], grondslagen: tuple[str, ...], iban: str
) -> l.ToekenningBedrijfskapitaal:
    lening = bron.uitkomst.get("lening") or {}
    briefdatum = bron.referentie.briefdatum
    van = date.fromisoformat(lening["looptijdVanaf"]) if lening.get("looptijdVanaf") else briefdatum
    tot = date.fromisoformat(lening["looptijdEinde"]) if lening.get("looptijdEinde") else van + timedelta(days=1)
    schema: list[l.Aflosperiode] = []
    termijnen = [t for t in lening.get("aflosschema") or [] if t.get("maand")]
    if termijnen and _maand(termijnen[0]["maand"]) > l.Maand(van.year, van.month):
        eerste = _maand(termijnen[0]["maand"])
        vorige = l.Maand(eerste.jaar - (eerste.maand == 1), 12 if eerste.maand == 1 else eerste.maand - 1)
        schema.append(
            l.Aflosperiode(
                omschrijving="Uitstel van aflossing",
                van=l.Maand(van.year, van.month),
                tot_en_met=max(vorige, l.Maand(van.year, van.month)),
                per_maand_cent=0,
            )
        )
    for t in termijnen:
        m, bedrag_cent = _maand(t["maand"]), int(t.get("aflossing") or 0)
        if schema and schema[-1].per_maand_cent == bedrag_cent and schema[-1].omschrijving == "Aflossing":
            schema[-1] = l.Aflosperiode(
                omschrijving="Aflossing", van=schema[-1].van, tot_en_met=m, per_maand_cent=bedrag_cent
            )
        else:
            schema.append(l.Aflosperiode(omschrijving="Aflossing", van=m, tot_en_met=m, per_maand_cent=bedrag_cent))
    if not schema:
        schema.append(
            l.Aflosperiode(
                omschrijving="Aflossing",
                van=l.Maand(van.year, van.month),
                tot_en_met=l.Maand(tot.year, tot.month),
                per_maand_cent=int(lening.get("maandaflossing") or 0),
            )
        )
    rente = int(lening.get("renteVoorAflossing") or 0)
    opgebouwd: tuple[l.RentePost, ...] = ()
    if rente and termijnen:
        eerste = _maand(termijnen[0]["maand"])
        opgebouwd = (
            l.RentePost(van=van, tot_en_met=date(eerste.jaar, eerste.maand, 1) - timedelta(days=1), bedrag_cent=rente),
        )
    return l.ToekenningBedrijfskapitaal(
        **gemeen,
        motivering=bron.motivering or str(bron.uitkomst.get("samenvatting") or "U voldoet aan de voorwaarden."),
        grondslagen=grondslagen,
        bedrag_cent=int(lening.get("toegekend") or 0),
        rente_basispunten=int(lening.get("renteBasispunten") or 0),
        uitbetaaldatum=date.fromisoformat(lening["uitbetaaldatum"]) if lening.get("uitbetaaldatum") else briefdatum,
        looptijd_van=van,
        looptijd_tot=max(tot, van + timedelta(days=1)),
        aflosschema=tuple(schema),
        iban=iban,
        opgebouwde_rente=opgebouwd,
        extra_voorwaarden=bron.voorwaarden,
        eerder_geleend_cent=int(lening["eerderVerstrekt"]) if lening.get("eerderVerstrekt") else None,
    )
