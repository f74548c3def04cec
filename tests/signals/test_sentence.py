"""Sentences read the way a Dutch reader expects."""

from verweven.signals.sentence import render_sentence, template_fields


def test_amounts_in_euros_use_dots_for_thousands() -> None:
    assert render_sentence("{amount:eur}", {"amount": 1250000.4}) == "€ 1.250.000"


def test_decimals_use_a_comma() -> None:
    assert render_sentence("{ratio:dec} m²", {"ratio": 4.46}) == "4,5 m²"


def test_whole_floats_print_as_integers() -> None:
    assert render_sentence("{n} bedrijven", {"n": 5.0}) == "5 bedrijven"


def test_a_missing_field_renders_as_a_question_mark() -> None:
    assert render_sentence("{caption} ({sources})", {"caption": "X"}) == "X (?)"


def test_lists_are_joined_with_commas() -> None:
    assert render_sentence("{xs}", {"xs": ["KvK", "RDW"]}) == "KvK, RDW"


def test_template_fields_are_found() -> None:
    assert template_fields("{caption} heeft {n:dec} ({sources})") == {"caption", "n", "sources"}
