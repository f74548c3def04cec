"""Which builder makes the rows of which delivery, and writing one chunk's rows and truth."""

from collections.abc import Callable, Iterator
from typing import Any

from verweven.synth.catalog import DeliverySpec
from verweven.synth.config import NoiseRates
from verweven.synth.deliver_assets import (
    build_kadaster_eigendom,
    build_kadaster_transacties,
    build_rdw_voertuigen,
)
from verweven.synth.deliver_cases import (
    build_om_veroordelingen,
    build_politie_hennepkwekerijen,
    build_politie_incidenten,
    build_politie_verdachten,
)
from verweven.synth.deliver_finance import (
    build_belastingdienst,
    build_bibob,
    build_fiu,
    build_netbeheerder,
    build_vergunningen,
)
from verweven.synth.deliver_registers import (
    build_bag,
    build_brp_personen,
    build_brp_verblijfplaatsen,
    build_kvk_functionarissen,
    build_kvk_inschrijvingen,
)
from verweven.synth.noise import Noiser
from verweven.synth.truth import Mention, TruthWriter
from verweven.synth.world import Chunk
from verweven.synth.writers import Writers

Builder = Callable[[Chunk, Noiser], Iterator[tuple[str, dict[str, Any], list[Mention]]]]

BUILDERS: dict[str, Builder] = {
    "bag_adressen": build_bag,
    "brp_personen": build_brp_personen,
    "brp_verblijfplaatsen": build_brp_verblijfplaatsen,
    "kvk_inschrijvingen": build_kvk_inschrijvingen,
    "kvk_functionarissen": build_kvk_functionarissen,
    "kadaster_eigendom": build_kadaster_eigendom,
    "kadaster_transacties": build_kadaster_transacties,
    "rdw_voertuigen": build_rdw_voertuigen,
    "politie_incidenten": build_politie_incidenten,
    "politie_verdachten": build_politie_verdachten,
    "politie_hennepkwekerijen": build_politie_hennepkwekerijen,
    "om_veroordelingen": build_om_veroordelingen,
    "belastingdienst_inkomen_schulden": build_belastingdienst,
    "fiu_ongebruikelijke_transacties": build_fiu,
    "netbeheerder_afwijkingen": build_netbeheerder,
    "gemeente_vergunningen": build_vergunningen,
    "gemeente_bibob_aanvragen": build_bibob,
}


def emit_chunk(
    chunk: Chunk,
    specs: tuple[DeliverySpec, ...],
    writers: Writers,
    truth: TruthWriter,
    rates: NoiseRates,
) -> None:
    """Write every delivery's rows of one chunk, with their truth, and the chunk's members."""
    for spec in specs:
        noiser = Noiser(spec, rates, chunk.region.seed, chunk.hood.index, truth.noise)
        writer = writers.by_name[spec.name]
        for record_id, row, mentions in BUILDERS[spec.name](chunk, noiser):
            truth.add_record(spec.name, record_id, mentions)
            writer.write(row)
            noiser.row(record_id)
            if noiser.duplicate():
                writer.write(row)
        noiser.flush()
    truth.add_members(chunk.members)
    truth.add_persons(chunk.persons)
