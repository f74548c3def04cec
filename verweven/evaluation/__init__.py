"""Scoring verweven against the synthetic region's ground truth (which the pipeline never reads).

This package sits above ingest, resolve, synth and signals: it is the only place that joins
what the pipeline made with what the generator knows.
"""

from verweven.evaluation.truth import load_record_truth, truth_entity_id

__all__ = ["load_record_truth", "truth_entity_id"]
