"""The BRP `fields` mechanism: which paths exist in the contract, and filtering an answer by them.

Paths are checked against the Persoon schema of the copied OpenAPI document, so a client asking
for a field the contract does not have gets the same 400 as from the real API.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.registers.contracten import brp_openapi

# Delivered without being asked; asking for them is a 400 (contract, PersonenQuery.fields).
AUTOMATISCH = frozenset({"inOnderzoek", "geheimhoudingPersoonsgegevens", "opschortingBijhouding", "rni", "verificatie"})


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = brp_openapi()["components"]["schemas"]
    return schemas


def _properties(schema: dict[str, Any], gezien: frozenset[str] = frozenset()) -> dict[str, Any]:
    """All properties a schema can have: follows $ref, allOf, array items and the subtypes of a
    discriminator (e.g. Adres and VerblijfplaatsBuitenland for AbstractVerblijfplaats)."""
    props: dict[str, Any] = {}
    if "$ref" in schema:
        naam = schema["$ref"].rsplit("/", 1)[-1]
        if naam in gezien:
            return props
        gezien = gezien | {naam}
        props.update(_properties(_schemas()[naam], gezien))
    if schema.get("type") == "array" and "items" in schema:
        props.update(_properties(schema["items"], gezien))
    for deel in schema.get("allOf", []):
        props.update(_properties(deel, gezien))
    props.update(schema.get("properties", {}))
    for ref in schema.get("discriminator", {}).get("mapping", {}).values():
        props.update(_properties({"$ref": ref}, gezien))
    return props


@cache
def veld_bestaat(pad: str) -> bool:
    schema: dict[str, Any] = {"$ref": "#/components/schemas/Persoon"}
    for deel in pad.split("."):
        props = _properties(schema)
        if deel not in props:
            return False
        schema = props[deel]
    return True


def ongeldige_velden(velden: list[str]) -> list[str]:
    return [v for v in velden if v.split(".", 1)[0] in AUTOMATISCH or not veld_bestaat(v)]


def _boom(velden: list[str]) -> dict[str, Any]:
    boom: dict[str, Any] = {}
    for veld in velden:
        knoop = boom
        delen = veld.split(".")
        for i, deel in enumerate(delen):
            if i == len(delen) - 1:
                knoop[deel] = True  # the whole sub-object
            else:
                bestaand = knoop.get(deel)
                if bestaand is True:
                    break
                knoop = knoop.setdefault(deel, {})
    return boom


def _filter(waarde: Any, boom: dict[str, Any] | bool) -> Any:
    if boom is True:
        return waarde
    if isinstance(waarde, list):
        return [f for w in waarde if (f := _filter(w, boom)) not in ({}, None)]
    if not isinstance(waarde, dict) or not isinstance(boom, dict):
        return None
    uit: dict[str, Any] = {}
    for sleutel, sub in boom.items():
        if sleutel in waarde:
            gefilterd = _filter(waarde[sleutel], sub)
            if gefilterd not in ({}, [], None):
                uit[sleutel] = gefilterd
    # A discriminated object keeps its type, or the client cannot tell Adres from Buitenland.
    if "type" in waarde and uit:
        uit = {"type": waarde["type"], **uit}
    return uit


def filter_persoon(persoon: dict[str, Any], velden: list[str]) -> dict[str, Any]:
    uit: dict[str, Any] = _filter(persoon, _boom(velden))
    for sleutel in AUTOMATISCH:
        if sleutel in persoon:
            uit[sleutel] = persoon[sleutel]
    return uit
