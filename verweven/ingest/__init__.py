"""Partner deliveries into statements with provenance: mappings, readers, validation,
quarantine, atomic and idempotent import runs."""

from verweven.ingest.ftm import ImportReport, import_ftm_file
from verweven.ingest.mapper import MappedRecord, Mapper
from verweven.ingest.mapping import MappingFile, load_mapping
from verweven.ingest.readers import iter_rows
from verweven.ingest.report import IngestReport
from verweven.ingest.run import ingest_mapping, ingest_path

__all__ = [
    "ImportReport",
    "IngestReport",
    "MappedRecord",
    "Mapper",
    "MappingFile",
    "import_ftm_file",
    "ingest_mapping",
    "ingest_path",
    "iter_rows",
    "load_mapping",
]
