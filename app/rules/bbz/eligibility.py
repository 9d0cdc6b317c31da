"""Bbz 2004 criteria (spec §4): zelfstandige per art. 1, circle of beneficiaries per art. 2, and
the levensvatbaarheidsonderzoek as a required step that only a person (or adviser) can close."""

from __future__ import annotations

from app.rules import zelfstandige as z
from app.rules.feiten import Bron, Registerfeiten
from app.rules.invoer import Aanvraag, BbzCategorie, Levensvatbaarheid, Regeling
from app.rules.parameters import geheel_getal
from app.rules.uitkomst import Criterium, Status

ART1 = "Bbz 2004 art. 1 onder b (definitie zelfstandige)"
V, N, B, NVT = Status.VOLDAAN, Status.NIET_VOLDAAN, Status.BEOORDELING_NODIG, Status.NIET_VAN_TOEPASSING


def levensvatbaarheid(aanvraag: Aanvraag) -> Criterium:
    grondslag = "Bbz 2004 art. 1 onder c en art. 2 lid 1; art. 35 (onderzoek)"
    gegevens = aanvraag.bbz
    categorie = gegevens.categorie if gegevens else None
    oordeel = gegevens.levensvatbaarheid if gegevens else None
    if categorie is BbzCategorie.BEEINDIGER:
        if aanvraag.regeling is Regeling.BBZ_BEDRIJFSKAPITAAL:
            return Criterium(
                "B2",
                "Levensvatbaarheid",
                N,
                "U beëindigt uw bedrijf. Bedrijfskapitaal is alleen mogelijk voor een levensvatbaar bedrijf.",
                "Bbz 2004 art. 2 lid 2",
                Bron.AANVRAGER,
            )
        return Criterium(
            "B2",
            "Levensvatbaarheid",
            NVT,
            "U beëindigt uw bedrijf. Dan is levensvatbaarheid geen voorwaarde.",
            "Bbz 2004 art. 2 lid 1 onder d",
            Bron.AANVRAGER,
        )
    if oordeel is None:
        return Criterium(
            "B2",
            "Levensvatbaarheid",
            B,
            "Wij laten onderzoeken of uw bedrijf levensvatbaar is. Daarna beslissen wij.",
            grondslag,
            Bron.REGELS,
        )
    if oordeel is Levensvatbaarheid.NIET_LEVENSVATBAAR:
        return Criterium(
            "B2",
            "Levensvatbaarheid",
            N,
            "Uit het onderzoek blijkt dat uw bedrijf niet levensvatbaar is.",
            grondslag,
            Bron.AANVRAGER,
        )
    if oordeel is Levensvatbaarheid.ONDER_VOORWAARDEN:
        return Criterium(
            "B2",
            "Levensvatbaarheid",
            B,
            "Uw bedrijf is levensvatbaar onder voorwaarden. Een medewerker legt de voorwaarden vast.",
            grondslag,
            Bron.AANVRAGER,
        )
    return Criterium(
        "B2",
        "Levensvatbaarheid",
        V,
        "Uit het onderzoek blijkt dat uw bedrijf levensvatbaar is.",
        grondslag,
        Bron.AANVRAGER,
    )


def criteria(aanvraag: Aanvraag, feiten: Registerfeiten, versoepeld: bool) -> list[Criterium]:
    dag = aanvraag.aanvraagdatum
    lening = aanvraag.regeling is Regeling.BBZ_BEDRIJFSKAPITAAL
    uit = [
        z.leeftijd(aanvraag, feiten, aow_mag=False, grondslag=ART1),
        z.rechtmatig_verblijf(aanvraag, "Participatiewet art. 11"),
        z.woongemeente(aanvraag, feiten, "Participatiewet art. 40"),
    ]
    if aanvraag.onderneming.vestigingsland == "NL":
        uit.append(
            Criterium("B1", "Bedrijf in Nederland", V, "Uw bedrijf is in Nederland gevestigd.", ART1, Bron.AANVRAGER)
        )
    else:
        uit.append(
            Criterium(
                "B1", "Bedrijf in Nederland", N, "Uw bedrijf is niet in Nederland gevestigd.", ART1, Bron.AANVRAGER
            )
        )
    uit.append(z.kvk_inschrijving(aanvraag, feiten, None, f"{ART1} (wettelijke vereisten)"))
    uit.append(z.urencriterium(aanvraag, geheel_getal("bbz.urencriterium", dag), f"{ART1}; Wet IB 2001 art. 3.6"))
    uit.append(z.zeggenschap(aanvraag, geheel_getal("bbz.minimaal_aandelenpercentage", dag), ART1))
    uit.append(z.bedrijf_actief(aanvraag, feiten, ART1))
    uit.append(z.geen_studiefinanciering(aanvraag, "Participatiewet art. 13 lid 2 onder c"))
    uit.append(z.niet_gedetineerd(aanvraag, "Participatiewet art. 13 lid 1 onder a"))
    uit.append(levensvatbaarheid(aanvraag))
    if versoepeld and not lening:
        uit.append(
            Criterium(
                "B3",
                "Vermogen",
                NVT,
                "Bij deze tijdelijke regeling telt uw vermogen niet mee.",
                "Versoepeling Bbz 2021-2022 (spec §4.1)",
                Bron.REGELS,
            )
        )
    else:
        uit.append(
            Criterium(
                "B3",
                "Vermogen",
                B,
                "Een medewerker beoordeelt uw vermogen en dat van uw bedrijf.",
                "Bbz 2004 art. 3 en hoofdstuk II § 3",
                Bron.REGELS,
            )
        )
    bestaande = feiten.bestaande_bbz if feiten.bestaande_bbz is not None else (aanvraag.aanvrager.ontvangt_bbz)
    if bestaande:
        uit.append(
            Criterium(
                "B4",
                "Lopende Bbz-uitkering",
                B,
                "U krijgt al Bbz. Een medewerker beoordeelt of dit een verlenging is.",
                "Bbz 2004 art. 18, 23 en 27",
                Bron.SUWINET if feiten.bestaande_bbz is not None else Bron.AANVRAGER,
            )
        )
    return uit
