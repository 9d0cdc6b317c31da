"""Strict JSON Schema validators built from the contracts' OpenAPI documents.

Plain OpenAPI schemas accept anything extra and ignore `discriminator`, so a simulator could
drift (a misspelt field, a date object of the wrong shape) and still "validate". Here:
- every object reached through a property or array item gets `unevaluatedProperties: false`
  (JSON Schema 2020-12 understands allOf composition, so inherited properties still count);
- every discriminator is enforced: the `type` value must be one of the mapping keys and the
  object must match the mapped subtype.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASIS = "__basis"


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def _ref_naam(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _streng_maken(knoop: Any, in_allof: bool = False) -> Any:
    """Wrap property/item positions with unevaluatedProperties: false."""
    if isinstance(knoop, list):
        return [_streng_maken(k, in_allof) for k in knoop]
    if not isinstance(knoop, dict):
        return knoop
    uit: dict[str, Any] = {}
    for sleutel, waarde in knoop.items():
        if sleutel == "properties" and isinstance(waarde, dict):
            uit[sleutel] = {k: _positie(v) for k, v in waarde.items()}
        elif sleutel == "items" and isinstance(waarde, dict):
            uit[sleutel] = _positie(waarde)
        elif sleutel == "allOf":
            uit[sleutel] = [_streng_maken(d, True) for d in waarde]
        else:
            uit[sleutel] = _streng_maken(waarde, in_allof)
    return uit


def _positie(schema: Any) -> Any:
    schema = _streng_maken(schema)
    if isinstance(schema, dict) and ("$ref" in schema or "properties" in schema or "allOf" in schema):
        return {**schema, "unevaluatedProperties": False}
    return schema


def strikte_registry(doc: dict[str, Any], uri: str, extra: dict[str, dict[str, Any]] | None = None) -> Registry:
    doc = copy.deepcopy(doc)
    schemas = _schemas(doc)
    for naam, toevoegingen in (extra or {}).items():
        schemas[naam].setdefault("properties", {}).update(toevoegingen)
    # Discriminators: X -> X__basis (the plain base) + dispatch on `type`.
    met_discriminator = {n: s for n, s in schemas.items() if "discriminator" in s}
    for naam, schema in met_discriminator.items():
        mapping: dict[str, str] = schema["discriminator"].get("mapping", {})
        basis = {k: v for k, v in schema.items() if k != "discriminator"}
        schemas[naam + BASIS] = basis
        # Subtypes inherit from the base, not from the dispatcher (that would recurse).
        for ref in mapping.values():
            sub = schemas[_ref_naam(ref)]
            sub["allOf"] = [
                {"$ref": f"#/components/schemas/{naam}{BASIS}"}
                if d.get("$ref") == f"#/components/schemas/{naam}"
                else d
                for d in sub.get("allOf", [])
            ]
        schemas[naam] = {
            "allOf": [{"$ref": f"#/components/schemas/{naam}{BASIS}"}]
            + [
                {
                    "if": {"properties": {"type": {"const": sleutel}}, "required": ["type"]},
                    "then": {"$ref": ref},
                }
                for sleutel, ref in mapping.items()
            ],
            "properties": {"type": {"enum": sorted(mapping)}},
        }
    doc["components"]["schemas"] = {n: _streng_maken(s) for n, s in schemas.items()}
    doc["$id"] = uri
    return Registry().with_resource(uri, Resource.from_contents(doc, default_specification=DRAFT202012))


def validator(registry: Registry, uri: str, schema_naam: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{uri}#/components/schemas/{schema_naam}", "unevaluatedProperties": False},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def fouten(v: Draft202012Validator, instantie: Any) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instantie))
