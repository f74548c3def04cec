"""The noise primitives: typos, transpositions and name changes."""

import io
import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from verweven.synth.catalog import spec_named
from verweven.synth.config import load_noise_rates
from verweven.synth.names import PersonName, render_as_heard
from verweven.synth.noise import NameColumns, NoiseLog, Noiser, make_typo, transpose_digits


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGH", min_size=3, max_size=20),
    st.integers(0, 10**6),
)
def test_a_typo_always_changes_the_text(text: str, seed: int) -> None:
    assert make_typo(random.Random(seed), text) != text


@given(st.from_regex(r"[0-9]{9}", fullmatch=True), st.integers(0, 10**6))
def test_transposed_digits_are_the_same_digits_in_another_order(number: str, seed: int) -> None:
    swapped = transpose_digits(random.Random(seed), number)
    if swapped is None:
        assert len(set(number)) == 1
    else:
        assert swapped != number
        assert sorted(swapped) == sorted(number)


def test_nothing_to_transpose_in_a_repeated_digit() -> None:
    assert transpose_digits(random.Random(1), "1111") is None


def _noiser(
    profile: str = "high", overrides: dict[str, float] | None = None
) -> tuple[Noiser, io.StringIO]:
    stream = io.StringIO()
    rates = load_noise_rates(profile, overrides)
    noiser = Noiser(spec_named("politie_verdachten"), rates, seed=1, chunk=0, log=NoiseLog(stream))
    noiser.row("2100000001")
    return noiser, stream


def test_every_eligible_field_gets_noise_at_rate_one() -> None:
    noiser, stream = _noiser("none", {"particle": 1.0, "initials": 1.0})
    name = PersonName("Jan Pieter", "van der", "Berg")
    noisy = noiser.name(name, NameColumns("naam", render=render_as_heard), ("initials", "particle"))
    assert noisy.first_names == "J.P."
    assert noisy.particle != "van der"
    assert stream.getvalue().count("\n") == 3  # header and two events


def test_no_noise_at_rate_zero_and_no_opportunities_counted() -> None:
    noiser, stream = _noiser("none")
    assert noiser.text("straat", "Kerkstraat") == "Kerkstraat"
    assert noiser.date("geboortedatum", date(1980, 3, 4)) == date(1980, 3, 4)
    assert noiser.counts == {}
    assert stream.getvalue().count("\n") == 1


def test_date_swap_only_where_day_and_month_can_swap() -> None:
    noiser, _ = _noiser("none", {"date_swap": 1.0})
    assert noiser.date("geboortedatum", date(1980, 3, 4)) == date(1980, 4, 3)
    assert noiser.date("geboortedatum", date(1980, 3, 25)) == date(1980, 3, 25)
    assert noiser.counts == {"date_swap": 1}


def test_logged_values_are_formatted_as_the_delivery_writes_them() -> None:
    noiser, stream = _noiser("none", {"date_swap": 1.0})
    noiser.date("geboortedatum", date(1980, 3, 4))
    assert "04-03-1980,03-04-1980" in stream.getvalue()


def test_particle_variants_include_dropping_it() -> None:
    seen = set()
    for seed in range(200):
        noiser, _ = _noiser("none", {"particle": 1.0})
        noiser.rng.seed(seed)
        name = noiser.name(
            PersonName("Jan", "van der", "Berg"), NameColumns("naam", render=render_as_heard)
        )
        seen.add(name.particle)
    assert {"", "vd"} <= seen
