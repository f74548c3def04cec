"""Every identifier in every delivery is valid, except where truth/noise.csv says noise broke it."""

from collections.abc import Callable

import pytest

from tests.synth.deliveries_reader import Region, field_values
from verweven.model.identifiers import (
    is_valid_bag_id,
    is_valid_bsn,
    is_valid_ean18,
    is_valid_iban,
    is_valid_kadastrale_aanduiding,
    is_valid_kenteken,
    is_valid_kvk,
    is_valid_postcode,
    is_valid_rsin,
    is_valid_sbi,
    is_valid_vestigingsnummer,
)
from verweven.synth.catalog import delivery_specs, spec_named

Validator = Callable[[str], bool]
IDENTIFIERS: dict[str, dict[str, Validator]] = {
    "bag_adressen": {
        "verblijfsobject_id": is_valid_bag_id,
        "nummeraanduiding_id": lambda v: is_valid_bag_id(v, "20"),
        "openbare_ruimte_id": lambda v: is_valid_bag_id(v, "30"),
        "pand_id": lambda v: is_valid_bag_id(v, "10"),
        "postcode": is_valid_postcode,
    },
    "brp_personen": {"bsn": is_valid_bsn},
    "brp_verblijfplaatsen": {
        "bsn": is_valid_bsn,
        "postcode": is_valid_postcode,
        "nummeraanduiding_id": is_valid_bag_id,
    },
    "kvk_inschrijvingen": {
        "kvk_nummer": is_valid_kvk,
        "vestigingsnummer": is_valid_vestigingsnummer,
        "rsin": is_valid_rsin,
        "sbi_code": is_valid_sbi,
        "postcode": is_valid_postcode,
    },
    "kvk_functionarissen": {"kvk_nummer": is_valid_kvk, "functionaris_kvk_nummer": is_valid_kvk},
    "kadaster_eigendom": {
        "bsn": is_valid_bsn,
        "kvk_nummer": is_valid_kvk,
        "postcode": is_valid_postcode,
        "bag_verblijfsobject_id": is_valid_bag_id,
        "kadastrale_aanduiding": is_valid_kadastrale_aanduiding,
    },
    "kadaster_transacties": {
        "vervreemder_kvk_nummer": is_valid_kvk,
        "verkrijger_kvk_nummer": is_valid_kvk,
        "kadastrale_aanduiding": is_valid_kadastrale_aanduiding,
        "postcode": is_valid_postcode,
    },
    "rdw_voertuigen": {
        "kenteken": is_valid_kenteken,
        "houder_bsn": is_valid_bsn,
        "houder_kvk_nummer": is_valid_kvk,
        "houder_postcode": is_valid_postcode,
    },
    "politie_incidenten": {
        "locatie.postcode": is_valid_postcode,
        "betrokkenen[].bsn": is_valid_bsn,
    },
    "politie_verdachten": {"bsn": is_valid_bsn, "postcode": is_valid_postcode},
    "politie_hennepkwekerijen": {"postcode": is_valid_postcode},
    "om_veroordelingen": {"bsn": is_valid_bsn},
    "belastingdienst_inkomen_schulden": {
        "bsn": is_valid_bsn,
        "iban": is_valid_iban,
        "postcode": is_valid_postcode,
    },
    "fiu_ongebruikelijke_transacties": {
        "van_rekening.iban": is_valid_iban,
        "naar_rekening.iban": is_valid_iban,
    },
    "netbeheerder_afwijkingen": {"ean_code": is_valid_ean18, "postcode": is_valid_postcode},
    "gemeente_vergunningen": {"kvk_nummer": lambda v: is_valid_kvk(v.zfill(8))},
    "gemeente_bibob_aanvragen": {
        "aanvrager.kvk_nummer": is_valid_kvk,
        "vermogensverschaffers[].kvk_nummer": is_valid_kvk,
    },
}


def test_every_delivery_has_its_identifiers_listed() -> None:
    assert set(IDENTIFIERS) == {spec.name for spec in delivery_specs()}


@pytest.mark.parametrize("delivery", sorted(IDENTIFIERS))
def test_identifiers_are_valid_unless_noise_corrupted_them(region: Region, delivery: str) -> None:
    corrupted = {
        (event["record_id"], event["noisy_value"])
        for event in region.truth("noise.csv")
        if event["delivery"] == delivery and event["kind"] == "transposed_digits"
    }
    spec = spec_named(delivery)
    invalid = []
    for row in region.rows(spec):
        record_id = str(row[spec.record_id])
        for field, is_valid in IDENTIFIERS[delivery].items():
            for value in field_values(row, field):
                text = "" if value is None else str(value)
                if text and not is_valid(text) and (record_id, text) not in corrupted:
                    invalid.append((record_id, field, text))
    assert invalid == []


def test_noise_did_corrupt_some_check_digits(noisy_region: Region) -> None:
    corrupted = [
        event
        for event in noisy_region.truth("noise.csv")
        if event["kind"] == "transposed_digits" and event["field"] == "bsn"
    ]
    assert corrupted
    assert not any(is_valid_bsn(event["noisy_value"]) for event in corrupted)
