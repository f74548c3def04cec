"""A Bibob file keeps its applicant when resolution later merges the applicant's id into
another: the file's screening and report follow the redirect and say that the id changed."""

from datetime import date
from pathlib import Path

import pytest

from tests.factories import admin, analyst, load, make_actor, make_dataset, make_entity, register
from verweven.access import Actor, Role
from verweven.model import Instrument, Verdict
from verweven.resolve import ResolveOptions, resolve
from verweven.services import bibob as files
from verweven.services import screening as services
from verweven.store import Store

REF = "BIBOB-2026-11"
PURPOSES = ("bibob", "riec_casus", "resolve")


def canonical(store: Store, record: str) -> str:
    [(found,)] = store._fetchall(
        "SELECT DISTINCT canonical_id FROM statements WHERE entity_id = ?", (record,)
    )
    return str(found)


@pytest.fixture
def options(tmp_path: Path) -> ResolveOptions:
    return ResolveOptions(state_dir=tmp_path / "state", kinds=("company",))


@pytest.fixture
def resolved(store: Store, options: ResolveOptions) -> Store:
    """The KvK and the municipality know Horeca Centrum BV by its KvK number (one entity of
    two records); the municipality also knows the café by its trade name only (another)."""
    for name, partner in (("kvk", "kvk"), ("vergunningen", "gemeente")):
        register(store, make_dataset(name, partner, PURPOSES))
    load(store,
         make_entity("kvk.b", "kvk", "Company", name="Horeca Centrum BV",
                     registrationNumber="12345678"),
         make_entity("kvk.d", "kvk", name="Dirk Voorman"),
         make_entity("kvk.dir", "kvk", "Directorship", director="kvk.d", organization="kvk.b"),
         dataset="kvk")  # fmt: skip
    load(store,
         make_entity("gem.b", "vergunningen", "Company", name="Horeca Centrum BV",
                     registrationNumber="12345678"),
         make_entity("gem.a", "vergunningen", "Company", name="Eetcafe De Hoek"),
         dataset="vergunningen")  # fmt: skip
    resolve(store, admin(store), options)
    return store


def officer(store: Store) -> Actor:
    return make_actor(store, Role.BIBOB, partner="gemeente", purpose="bibob", case=REF)


def test_a_merge_after_the_file_was_opened_keeps_its_applicant(
    resolved: Store, options: ResolveOptions
) -> None:
    actor = officer(resolved)
    request = files.FileRequest(
        "burgemeester", Instrument.VERGUNNING, "exploitatievergunning", "gem.a", date(2026, 9, 1)
    )
    opened = files.open_file(resolved, actor, request)
    before, company = canonical(resolved, "gem.a"), canonical(resolved, "kvk.b")
    assert opened.applicant == before != company
    # The café is Horeca Centrum BV: an analyst says so, and resolution merges the two.
    resolved.add_judgement("gem.a", "kvk.b", Verdict.SAME, "handelsnaam", analyst(resolved))
    resolve(resolved, admin(resolved), options)
    assert canonical(resolved, "gem.a") == company  # the larger cluster keeps its id

    file = resolved.get_bibob_file(actor)
    assert (file.applicant, file.current_applicant, file.applicant_moved) == (
        before, company, True
    )  # fmt: skip
    result = files.screen_file(resolved, actor)
    assert result.screening.applicant.id == company
    assert {(r.category.value, r.member.caption) for r in result.screening.circle} == {
        ("leidinggevende", "Dirk Voorman")
    }
    report = services.write_report(resolved, actor, result, "bevindingen.html")
    assert 'id="id-gewijzigd"' in report.html
    assert before in report.html and company in report.html


def test_an_unchanged_applicant_shows_no_change(resolved: Store) -> None:
    actor = officer(resolved)
    request = files.FileRequest(
        "burgemeester", Instrument.VERGUNNING, "exploitatievergunning", "12345678",
        date(2026, 9, 1),
    )  # fmt: skip
    files.open_file(resolved, actor, request)
    result = files.screen_file(resolved, actor)
    assert result.file is not None and not result.file.applicant_moved
    report = services.write_report(resolved, actor, result, "bevindingen.html")
    assert 'id="id-gewijzigd"' not in report.html
