"""RIEC casework: the barrier model and intervention ladder, advice against barriers, and
the case file. Cases themselves are records of the store (``Store.open_case`` and on)."""

from verweven.cases.barriers import BarrierState, PhaseView, assess_barriers
from verweven.cases.catalogue import Barrier, BarrierModel, Instrument, load_barrier_model
from verweven.cases.monitor import Displacement, MonitoringReport, monitor_case
from verweven.cases.network import case_network
from verweven.cases.work import CaseFile, advise, gather_case_file

__all__ = [
    "Barrier",
    "BarrierModel",
    "BarrierState",
    "CaseFile",
    "Displacement",
    "Instrument",
    "MonitoringReport",
    "PhaseView",
    "advise",
    "assess_barriers",
    "case_network",
    "gather_case_file",
    "load_barrier_model",
    "monitor_case",
]
