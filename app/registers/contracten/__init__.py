"""Copies of the registers' public contracts, read by simulators and contract tests alike."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MAP = Path(__file__).parent
WSDL_MAP = MAP.parent / "wsdl"

UWV_INKOMSTEN_WSDL = (
    WSDL_MAP / "UWVDossierInkomstenGSD-v0200-b02/Diensten/UWVDossierInkomstenGSD/v0200-b02/Impl/BKWI.wsdl"
)
UWV_INKOMSTEN_REACTIE_XSD = UWV_INKOMSTEN_WSDL.parent.parent / "BodyReaction.xsd"
UWV_INKOMSTEN_ACTIE_XSD = UWV_INKOMSTEN_WSDL.parent.parent / "BodyAction.xsd"
BIJSTANDSREGELINGEN_WSDL = (
    WSDL_MAP / "Bijstandsregelingen-v0500-b04/Diensten/Bijstandsregelingen/v0500-b04/Impl/BKWI.wsdl"
)
BIJSTANDSREGELINGEN_REACTIE_XSD = BIJSTANDSREGELINGEN_WSDL.parent.parent / "BodyReaction.xsd"
BIJSTANDSREGELINGEN_ACTIE_XSD = BIJSTANDSREGELINGEN_WSDL.parent.parent / "BodyAction.xsd"


@cache
def brp_openapi() -> dict[str, Any]:
    with (MAP / "brp-personen-openapi.json").open(encoding="utf-8") as f:
        doc: dict[str, Any] = json.load(f)
    return doc


@cache
def kvk_openapi() -> dict[str, Any]:
    with (MAP / "kvk-basisprofiel-openapi.yaml").open(encoding="utf-8") as f:
        doc: dict[str, Any] = yaml.safe_load(f)
    return doc
