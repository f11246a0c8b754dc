"""The price rules on Apache Spark: ``--engine spark`` (``engine = "spark"`` in the configuration).

The rules' SQL is DuckDB's dialect (``fairlint/prices/queries.py``); this
engine translates every statement to Spark SQL with ``fairlint.prices.dialects``
(sqlglot, plus the date arithmetic that would parse and mean something else)
and runs it on a Spark session: ``local[2]`` by default, the cluster named by
``spark-master`` otherwise. Tables are temporary views in that session; a
``CREATE TABLE ... AS SELECT`` becomes a cached temporary view, so nothing is
written to a warehouse folder.

The session binds to the loopback address (``SPARK_LOCAL_IP=127.0.0.1``, no
web UI) unless ``SPARK_LOCAL_IP`` is already set, as a cluster's driver needs
an address its executors reach. Spark's own logging (JVM warnings, log4j)
goes to a file in the temporary folder, named in the error when the session
fails to start.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from fairlint.prices.engine import EngineError, PriceEngine

DEFAULT_MASTER = "local[2]"
ROW_COLUMN = "fairlint_row"  # a CSV view's rows in file order, for ROW_NUMBER() OVER ()
INSTALL_PYSPARK = "pip install 'fairlint[spark]'"
INSTALL_JAVA = "apt-get install openjdk-17-jre-headless (or set JAVA_HOME to a Java 17 or later)"
MASTER_SCHEMES = ("local", "spark://", "yarn", "k8s://", "mesos://")
LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


class SparkUnavailable(Exception):
    """PySpark or Java is missing; the message gives the command that installs it."""


def check_available() -> None:
    """Raise ``SparkUnavailable`` unless PySpark is installed and a Java runtime can be found."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailable(f"--engine spark needs PySpark, which is not installed: {INSTALL_PYSPARK}")
    if _java() is None:
        raise SparkUnavailable(f"--engine spark needs Java 17 or later, which was not found: {INSTALL_JAVA}")


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def check_master(value: str) -> str:
    """A Spark master URL as spark-submit takes it; ``ValueError`` naming the accepted forms otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a Spark master URL such as 'local[2]' or 'spark://host:7077', got {value!r}")
    value = value.strip()
    if value == "local" or value.startswith(("local[", "local-cluster[")) or value.startswith(MASTER_SCHEMES[1:]):
        return value
    raise ValueError(f"{value!r} is not a Spark master URL; expected local, local[N], local[*], spark://HOST:PORT, "
                     "yarn, k8s://HOST:PORT or mesos://HOST:PORT")


class SparkEngine(PriceEngine):
    """A Spark session running the rules' SQL, translated to Spark's dialect."""

    name = "spark"

    def __init__(self, master: str | None = None, **_settings):
        check_available()
        self.master = check_master(master) if master else DEFAULT_MASTER
        self.folder = _scratch_folder()
        self.log = self.folder / "spark.log"
        self.session = self._start()
        self.tables: dict = {}  # view name -> its DataFrame
        self.renamed: dict[str, str] = {}  # CTE name -> its cached view, while a query is being run

    def _start(self):
        if self.master.startswith("local"):
            os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
        else:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        (self.folder / "log4j2.properties").write_text(LOG4J, encoding="utf-8")
        with warnings.catch_warnings():  # PySpark warns about the pandas version on import; we use no pandas
            warnings.simplefilter("ignore")
            from pyspark import SparkConf, SparkContext  # noqa: F401 - SparkContext._gateway below
            from pyspark.java_gateway import launch_gateway
            from pyspark.sql import SparkSession

        address = os.environ["SPARK_LOCAL_IP"]
        conf = (
            SparkConf()
            .setMaster(self.master)
            .setAppName("fairlint")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.bindAddress", address)
            .set("spark.driver.host", address)
            .set("spark.sql.warehouse.dir", str(self.folder / "warehouse"))
            .set("spark.local.dir", str(self.folder / "scratch"))
            .set("spark.sql.session.timeZone", "UTC")
            .set("spark.sql.shuffle.partitions", "2" if self.master.startswith("local") else "200")
            # The rules are one big plan over small per-SKU groups: compiling code for each stage
            # and broadcasting small tables cost more than they save on a local session.
            .set("spark.sql.codegen.wholeStage", "false")
            .set("spark.sql.autoBroadcastJoinThreshold", "-1")
            # Spark 4's RemoveRedundantAliases leaves an unresolved plan when a CTE is joined with a
            # query over itself (FL201's drops and their rows): PLAN_VALIDATION_FAILED_RULE_IN_BATCH.
            .set("spark.sql.optimizer.excludedRules",
                 "org.apache.spark.sql.catalyst.optimizer.RemoveRedundantAliases")
            .set("spark.driver.extraJavaOptions",
                 f"-Dlog4j2.configurationFile=file:{self.folder / 'log4j2.properties'} -Dderby.system.home={self.folder}")
        )
        try:
            with self.log.open("ab") as log, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # One JVM and one Spark context per process: a second engine (tests) reuses them.
                context = SparkContext._active_spark_context
                if context is None:
                    gateway = SparkContext._gateway or launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
                    context = SparkContext(conf=conf, gateway=gateway)
                context.setLogLevel("ERROR")
                return SparkSession(context)
        except Exception as exc:  # the JVM failed to start or the master is unreachable: say where the log is
            raise EngineError(f"Spark did not start on {self.master} ({_first_line(exc)}); its log: {self.log}") from None

    def register_rows(self, name: str, columns: dict[str, tuple[str, list]]) -> None:
        from fairlint.prices.dialects import spark_type

        schema = ", ".join(f"`{column}` {spark_type(kind)}" for column, (kind, _) in columns.items())
        rows = list(zip(*(values for _, values in columns.values())))
        with self._errors():
            self._replace_view(name, self.session.createDataFrame(rows, schema).cache())

    def register_file(self, name: str, path: Path, kind: str) -> None:
        """The file as a view, with the row numbers DuckDB's readers give: ``ROW_NUMBER() OVER ()`` of
        a CSV counts rows in file order (column ``fairlint_row``), a Parquet file has ``file_row_number``."""
        reader = self.session.read
        with self._errors(f"{path}: "):
            if kind == "csv":
                frame = reader.options(header=True, inferSchema=False, quote='"', escape='"',
                                       encoding="UTF-8").csv(str(path))
                frame = _numbered(frame, ROW_COLUMN)
            elif kind == "parquet":
                frame = _numbered(reader.parquet(str(path)), "file_row_number")
            else:
                raise ValueError(f"unknown file kind {kind!r}")
            self._replace_view(name, frame)

    def _replace_view(self, name: str, frame) -> None:
        frame.createOrReplaceTempView(name)
        old, self.tables[name] = self.tables.get(name), frame
        if old is not None and old is not frame:
            old.unpersist()  # a view read by the new one is worked out again from its sources if needed

    def drop(self, name: str) -> None:
        """Forget the view ``name`` (and its cached rows)."""
        frame = self.tables.pop(name, None)
        with contextlib.suppress(Exception):
            self.session.catalog.dropTempView(name)
            if frame is not None:
                frame.unpersist()

    def translate(self, sql: str) -> str:
        """``sql`` (DuckDB) in Spark's dialect, typed by the session's views."""
        from fairlint.prices.dialects import UnportableSQL, translate

        try:
            return translate(sql, "spark", schema=self._schema(), row_column=ROW_COLUMN)
        except UnportableSQL as exc:
            raise EngineError(f"Spark: {exc}") from None

    def _schema(self) -> dict:
        """{view: {column: type}} of the views registered so far, types in DuckDB's words."""
        from sqlglot import exp

        schema = {}
        for name, frame in self.tables.items():
            fields = frame.schema.fields
            schema[name] = {f.name: exp.DataType.build(f.dataType.simpleString(), dialect="spark").sql("duckdb")
                            for f in fields}
        return schema

    def execute(self, sql: str) -> None:
        """Run a statement. Tables are views of this session: ``CREATE TABLE`` makes an empty one or a
        cached ``AS SELECT``, ``INSERT INTO`` appends (by position, cast to the table's types),
        ``DROP`` forgets one; nothing is written to a warehouse."""
        from fairlint.prices import dialects

        statement = dialects.statement(sql)
        with self._errors():
            if statement.kind == "create-empty":
                self._replace_view(statement.table, self.session.createDataFrame([], statement.spark_schema))
            elif statement.kind == "create-as":
                self._replace_view(statement.table, self.session.sql(self.translate(statement.select)).cache())
            elif statement.kind == "insert":
                self._insert(statement.table, self.session.sql(self.translate(statement.select)))
            elif statement.kind == "drop":
                self.drop(statement.table)
            else:
                self.session.sql(self.translate(sql)).collect()

    def _insert(self, name: str, frame) -> None:
        from pyspark.sql.functions import col

        target = self.session.table(name)
        frame = frame.toDF(*target.columns[: len(frame.columns)])
        frame = frame.select([col(f"`{f.name}`").cast(f.dataType).alias(f.name) for f in target.schema.fields])
        self._replace_view(name, target.unionAll(frame).cache())

    def rows(self, sql: str) -> list[tuple]:
        return self.rows_with_names(sql)[1]

    def rows_with_names(self, sql: str) -> tuple[list[str], list[tuple]]:
        with self._errors():
            frame = self.session.sql(self.translate(self._materialise_shared_ctes(sql)))
            return list(frame.columns), [_python(tuple(row)) for row in frame.collect()]

    def _materialise_shared_ctes(self, sql: str) -> str:
        """``sql`` with each CTE that is read more than once turned into a cached view.

        Spark inlines a CTE wherever it is named, so the price in force, read by a rule
        several times, would be worked out again each time: a stage each, and on a small
        schedule the stages are the cost. Views are named ``fairlint_cte_<name>``.
        """
        import sqlglot
        from sqlglot import exp

        tree = sqlglot.parse_one(sql, read="duckdb")
        with_ = tree.args.get("with")
        if with_ is None:
            return sql
        ctes = list(with_.expressions)
        kept = []
        for index, cte in enumerate(ctes):
            name = cte.alias
            later = [c.this for c in ctes[index + 1:]] + [tree]
            uses = sum(1 for node in later for table in node.find_all(exp.Table)
                       if table.name == name and not table.db and (node is not tree or table.find_ancestor(exp.CTE) is None))
            body = _renamed(cte.this, self.renamed)
            if uses > 1:
                view = f"fairlint_cte_{name}"
                frame = self.session.sql(self.translate(body.sql(dialect="duckdb")))
                self._replace_view(view, frame.cache())
                self.renamed[name] = view
            else:
                self.renamed.pop(name, None)
                kept.append(exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(name))))
        tree.set("with", exp.With(expressions=kept) if kept else None)
        return _renamed(tree, self.renamed).sql(dialect="duckdb")

    @contextlib.contextmanager
    def _errors(self, prefix: str = ""):
        try:
            yield
        except EngineError:
            raise
        except Exception as exc:  # py4j and Spark's analysis errors: one line, never a traceback
            if type(exc).__module__.startswith(("pyspark", "py4j")):
                raise EngineError(f"{prefix}Spark: {_first_line(exc)}") from None
            raise

    def close(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            with contextlib.suppress(Exception):
                session.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def _scratch_folder() -> Path:
    """This process's folder for Spark's log and scratch files, ``fairlint-spark-<pid>`` in the temporary
    folder. The command ends without tearing down (cli.entry), so folders of processes that are gone
    are removed here."""
    base = Path(tempfile.gettempdir())
    for old in base.glob("fairlint-spark-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    folder = base / f"fairlint-spark-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    return folder


def _numbered(frame, column: str):
    """``frame`` with ``column``: each row's 0-based position in the file (zipWithIndex keeps file order)."""
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType([*frame.schema.fields, StructField(column, LongType(), False)])
    return frame.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1])).toDF(schema)


def _renamed(tree, names: dict):
    """``tree`` with tables named in ``names`` read from the view each maps to."""
    from sqlglot import exp

    def rename(node):
        if isinstance(node, exp.Table) and not node.db and node.name in names:
            alias = node.alias or node.name
            return exp.to_table(names[node.name]).as_(alias)
        return node

    return tree.copy().transform(rename)


def _python(row: tuple) -> tuple:
    """Spark's rows as DuckDB gives them: an array as a list, a struct as a dict."""
    return tuple(_value(value) for value in row)


def _value(value):
    if isinstance(value, list):
        return [_value(v) for v in value]
    if hasattr(value, "asDict"):  # pyspark.sql.Row, a struct
        return {k: _value(v) for k, v in value.asDict().items()}
    return value


def _first_line(exc: BaseException) -> str:
    java = getattr(exc, "java_exception", None)  # py4j's error: its first line only names the call
    text = (str(java) if java is not None else str(exc)).strip() or type(exc).__name__
    return text.splitlines()[0]
