"""Partner deliveries into statements with provenance: readers, validation, quarantine, runs."""

from verweven.ingest.ftm import ImportReport, import_ftm_file

__all__ = ["ImportReport", "import_ftm_file"]
