"""Probabilistic linkage with Splink (Fellegi-Sunter), trained without labels.

The model of a kind is plain data: its JSON settings (``settings/<kind>.json``) hold comparisons
whose SQL names string functions by placeholder (``{jaro_winkler}``), filled in per SQL dialect,
so one definition runs on DuckDB (the default) and on Spark (scale-out). Training is
deterministic: the probability two records match from deterministic rules, u by seeded random
sampling, m by expectation maximisation over the kind's training blocking rules.
"""

import copy
import logging
import sys
import tempfile
from typing import Any, Literal

import duckdb
import pyarrow as pa
from splink import Linker
from splink.internals.dialects import DuckDBDialect, SparkDialect

from verweven.resolve.kinds import KindConfig

Backend = Literal["duckdb", "spark"]
PLACEHOLDERS = ("jaro_winkler", "damerau_levenshtein", "levenshtein")
PAIR_COLUMNS = ("unique_id_l", "unique_id_r", "match_weight", "match_probability")
MIN_PRIOR = 1e-6
logger = logging.getLogger(__name__)
logging.getLogger("splink").setLevel(logging.WARNING)


def _dialect_functions(backend: Backend) -> dict[str, str]:
    dialect = DuckDBDialect() if backend == "duckdb" else SparkDialect()  # type: ignore[no-untyped-call]
    return {
        "jaro_winkler": dialect.jaro_winkler_function_name,
        "damerau_levenshtein": dialect.damerau_levenshtein_function_name,
        "levenshtein": dialect.levenshtein_function_name,
    }


def render_settings(model: dict[str, Any], backend: Backend) -> dict[str, Any]:
    """Settings with the placeholders replaced by the backend's function names."""
    functions = _dialect_functions(backend)
    rendered = copy.deepcopy(model)
    if rendered.get("link_type") == "link_only":
        # Across datasets only, as a condition on every rule: one record table serves all
        # datasets (Splink's own link_only wants one input table per dataset).
        rendered["link_type"] = "dedupe_only"
        rendered["blocking_rules_to_generate_predictions"] = [
            f"({rule}) AND l.source_dataset <> r.source_dataset"
            for rule in rendered["blocking_rules_to_generate_predictions"]
        ]
    for comparison in rendered["comparisons"]:
        for level in comparison["comparison_levels"]:
            condition = level["sql_condition"]
            for name, function in functions.items():
                condition = condition.replace("{" + name + "}", function)
            level["sql_condition"] = condition
    return rendered


def to_portable(model: dict[str, Any], backend: Backend) -> dict[str, Any]:
    """A trained model with the backend's function names turned back into placeholders."""
    functions = _dialect_functions(backend)
    portable = copy.deepcopy(model)
    for comparison in portable["comparisons"]:
        for level in comparison["comparison_levels"]:
            condition = level["sql_condition"]
            for name in PLACEHOLDERS:  # longest names first would matter; these do not overlap
                condition = condition.replace(functions[name] + "(", "{" + name + "}(")
            level["sql_condition"] = condition
    for key in ("linker_uid",):
        portable.pop(key, None)
    return portable


def _tf_columns(settings: dict[str, Any]) -> list[str]:
    """Columns whose term frequencies adjust a comparison level."""
    return sorted(
        {
            level["tf_adjustment_column"]
            for comparison in settings["comparisons"]
            for level in comparison["comparison_levels"]
            if level.get("tf_adjustment_column")
        }
    )


class SplinkRunner:
    """One backend's Splink: register record tables, train a kind's model, predict links."""

    def __init__(self, backend: Backend, con: duckdb.DuckDBPyConnection, spark: Any = None):
        self.backend = backend
        self.con = con
        self.spark = spark
        self._count = 0

    def _db_api(self) -> Any:
        if self.backend == "duckdb":
            from splink import DuckDBAPI

            return DuckDBAPI(connection=self.con)
        from splink import SparkAPI

        partitions = int(self.spark.conf.get("spark.sql.shuffle.partitions"))
        return SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=self.spark,
            num_partitions_on_repartition=partitions,
            break_lineage_method="persist",
        )

    def _register(self, db_api: Any, records: pa.Table) -> Any:
        self._count += 1
        if self.backend == "duckdb":
            return db_api.register(records, table_name=f"vw_records_{self._count}")
        frame = self.spark.createDataFrame(records)
        return db_api.register(frame, table_name=f"vw_records_{self._count}")

    def train(self, kind: KindConfig, records: pa.Table) -> dict[str, Any]:
        """Estimate the kind's model on (a deterministic sample of) the records."""
        assert kind.splink is not None and kind.training is not None
        training = kind.training
        linker = Linker(
            self._register(self._db_api(), records),
            render_settings(kind.splink, self.backend),
            log_level=logging.WARNING,
        )
        linker.training.estimate_probability_two_random_records_match(
            list(training.deterministic_rules), recall=training.recall
        )
        estimated = linker.misc.save_model_to_json()["probability_two_random_records_match"]
        if estimated < MIN_PRIOR:  # no deterministic match at all (e.g. all were one profile)
            settings = {
                **render_settings(kind.splink, self.backend),
                "probability_two_random_records_match": MIN_PRIOR,
            }
            linker = Linker(
                self._register(self._db_api(), records), settings, log_level=logging.WARNING
            )
        # Splink's per-level minimum count would keep drawing chunks for rare levels (a
        # swapped birth date is rare among non-matches); max_pairs bounds the work instead.
        linker.training.estimate_u_using_random_sampling(
            max_pairs=training.u_max_pairs,
            seed=training.seed,
            min_count_per_level=None,
            num_chunks=1,
        )
        for rule in training.em_blocking_rules:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )
            except Exception as error:
                logger.warning("EM on %r skipped: %s", rule, error)
        model = floor_exact_m(linker.misc.save_model_to_json(), training.min_exact_m)
        return to_portable(model, self.backend)

    def predict(
        self,
        model: dict[str, Any],
        records: pa.Table,
        threshold: float,
        new: pa.Table | None = None,
    ) -> pa.Table:
        """Scored pairs at or above ``threshold`` match probability, as Arrow.

        With ``new``, only pairs that involve a new record are scored (incremental linking):
        new against ``records`` and new against new.
        """
        db_api = self._db_api()
        settings = render_settings(model, self.backend)
        if new is None:
            linker = Linker(self._register(db_api, records), settings, log_level=logging.WARNING)
            scored = linker.inference.predict(
                threshold_match_probability=threshold, warning_mode="never"
            )
            return self._pairs(scored)
        everything = pa.concat_tables([records, new])
        linker = Linker(self._register(db_api, everything), settings, log_level=logging.WARNING)
        for column in _tf_columns(settings):
            linker.table_management.compute_tf_table(column)
        existing_df = self._register(db_api, records)
        new_df = self._register(db_api, new)
        between = linker.inference.predict_between(
            existing_df, new_df, threshold_match_probability=threshold, warning_mode="never"
        )
        within = linker.inference.predict_within(
            new_df, threshold_match_probability=threshold, warning_mode="never"
        )
        return pa.concat_tables([self._pairs(between), self._pairs(within)])

    def _pairs(self, scored: Any) -> pa.Table:
        if self.backend == "duckdb":
            # Only the four columns leave DuckDB: Splink's table also holds every compared
            # column of both records and each comparison's levels, gigabytes for millions of pairs.
            columns = ", ".join(PAIR_COLUMNS)
            table = self.con.sql(f"SELECT {columns} FROM {scored.physical_name}").to_arrow_table()
        else:
            table = scored.as_pyarrow_table().select(list(PAIR_COLUMNS))
        scored.drop_table_from_database_and_remove_from_cache()
        return table.cast(
            pa.schema(
                [
                    ("unique_id_l", pa.string()),
                    ("unique_id_r", pa.string()),
                    ("match_weight", pa.float64()),
                    ("match_probability", pa.float64()),
                ]
            )
        )


def prior_model(kind: KindConfig) -> dict[str, Any]:
    """Hand-set m and u probabilities for when there are too few records to train on.

    Each comparison's levels, strongest first, get m falling and u rising; the last ("else")
    level takes what remains. Used for tiny deliveries and tests; a run reports when it is used.
    """
    assert kind.splink is not None
    model = copy.deepcopy(kind.splink)
    for comparison in model["comparisons"]:
        levels = [lvl for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")]
        m_values = [0.85 * 0.3**i for i in range(len(levels) - 1)]
        u_values = [0.002 * 4**i for i in range(len(levels) - 1)]
        m_values.append(max(1.0 - sum(m_values), 0.01))
        u_values.append(max(1.0 - sum(u_values), 0.01))
        for level, m, u in zip(levels, m_values, u_values, strict=True):
            level["m_probability"] = m
            level["u_probability"] = u
    return model


def make_local_spark(cores: int = 2, partitions: int = 4) -> Any:
    """A local Spark session with Splink's string-similarity functions (jar shipped by Splink)."""
    return make_spark(f"local[{cores}]", partitions)


def make_spark(
    master: str, partitions: int = 4, executor_memory: str = "2g", driver_memory: str = "4g"
) -> Any:
    """A Spark session on ``master`` (``local[N]`` or a standalone cluster's ``spark://host:port``)
    with Splink's string-similarity jar, which Spark ships to the executors. Their Python
    workers run this interpreter (the cluster's machines need verweven's environment at the
    same path, as a standalone cluster on one machine has)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(master)
        .appName("verweven-resolve")
        .config("spark.jars", similarity_jar_location())
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.executor.memory", executor_memory)
        # The driver hands each kind's records to Spark as Arrow: a region's persons do not fit
        # the default 1 GiB heap.
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="verweven-spark-"))
    return session


def floor_exact_m(model: dict[str, Any], floors: dict[str, float]) -> dict[str, Any]:
    """``model`` with m of each floored comparison's exact level (its first non-null level)
    at least its floor, and its other levels' m scaled so that they still sum to one."""
    for comparison in model["comparisons"]:
        floor = floors.get(comparison["output_column_name"])
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level") and level.get("m_probability") is not None
        ]
        if floor is None or not levels or levels[0]["m_probability"] >= floor:
            continue
        exact, others = levels[0], levels[1:]
        rest = sum(level["m_probability"] for level in others)
        logger.warning(
            "%s: EM gave exact agreement m=%.3f, below the floor %.2f; raised to it",
            comparison["output_column_name"], exact["m_probability"], floor,
        )  # fmt: skip
        scale = (1 - floor) / rest if rest > 0 else 0.0
        exact["m_probability"] = floor
        for level in others:
            level["m_probability"] *= scale
    return model
