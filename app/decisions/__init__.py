"""Decision letters (beschikkingen): Typst templates rendered in process to PDF/A-2b.

Public surface: the letter dataclasses in `letters`, and `render`/`Renderer`/`sha256` in `render`.
This package takes every computed value as input and imports nothing from api, workflows or
rules, so that rendering stays a pure function of the letter.
"""
