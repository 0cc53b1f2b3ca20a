"""The architecture kept by tests (shared/DESIGN.md, STYLE.md conventions 1, 2 and 5).

- Layers point one way: nothing under ledger/ imports click, projections/, cli/ or the web
  (web/, fastapi); nothing under projections/ imports cli/, click or the web; the store
  (ledger/store/) never imports the application, the audit or anything above them; the
  domain (aggregates, rules, terms, the roster fold) imports no database driver, no
  cryptography, no templates and no command line. Read from the source with `ast` (every
  import statement, wherever it is, TYPE_CHECKING ones included, and
  `importlib.import_module("...")` / `__import__("...")` with a literal name), not by
  tracing what happens to be imported at run time.
- No two modules import each other, directly or round a longer loop.
- Test modules import tests/helpers.py, tests/stories.py and tests/conftest.py, never each
  other.
- Every module is named in docs/architecture.md.
- Every event class nested on an aggregate in ledger/ has its own explicit TOPIC starting
  "lsp:", so stored events do not depend on module paths.
- Event payloads are primitives: every field an event class of ledger/ declares is str,
  int, bool, None or datetime (or a union of these); eventsourcing 9.5's transcoder
  refuses `date` and pydantic models and gives tuples back as lists.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "ledger": {"click", "projections", "cli", "web", "fastapi", "starlette", "uvicorn"},
    "projections": {"cli", "click", "web", "fastapi", "starlette", "uvicorn"},
}
# Finer rules, by module prefix: what a room must never import (module-name prefixes).
ROOMS: dict[str, set[str]] = {
    # below the application: the SQL seam and the stores
    "ledger.store": {"ledger.app", "ledger.audit", "ledger.kinds", "projections", "cli",
                     "click", "jinja2", "cryptography"},
    # services over a Ledger: never the read models or the command line
    "ledger.audit": {"projections", "cli", "click", "jinja2"},
}
# The domain: the aggregates and their events, the rules, the terms, the roster fold.
DOMAIN = ("ledger.body", "ledger.decision", "ledger.directory", "ledger.errors",
          "ledger.events", "ledger.kinds", "ledger.meeting", "ledger.membership",
          "ledger.partnership", "ledger.roster", "ledger.rules", "ledger.terms",
          "ledger.when", "ledger.audit.seal", "ledger.audit.guards")
DOMAIN_FORBIDS = {"sqlite3", "psycopg", "psycopg_pool", "cryptography", "jinja2", "click",
                  "ledger.app", "ledger.store", "projections", "cli"}
PACKAGES = ("ledger", "projections", "cli", "web")
PRIMITIVES = (str, int, bool, type(None), datetime)
AGGREGATES = {"Partnership", "Body", "Organisation", "Person", "MembershipRequest"}


# ---------------------------------------------------------------------------- imports


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module name `source` (the text of `module`) imports, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                base = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" if prefix else alias.name
                         for alias in node.names)
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Name) and node.func.id == "__import__")
                   or (isinstance(node.func, ast.Attribute)
                       and node.func.attr == "import_module"))):
            found.add(node.args[0].value)
    return found


def forbidden_imports(source: str, module: str, forbidden: set[str],
                      is_package: bool = False) -> set[str]:
    return {name for name in imported_modules(source, module, is_package)
            if name.split(".")[0] in forbidden}


def names_under(name: str, prefixes: set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def project_modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the project's packages: name -> (path, is a package)."""
    return {module: (path, is_package) for layer in PACKAGES
            for module, path, is_package in sources(layer)}


def import_graph() -> dict[str, set[str]]:
    """Which project modules each project module imports (a name imported from a module
    counts as that module; a submodule imported from a package counts as the submodule)."""
    modules = project_modules()
    graph: dict[str, set[str]] = {}
    for module, (path, is_package) in modules.items():
        found = set()
        for name in imported_modules(path.read_text(encoding="utf-8"), module, is_package):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def sources(layer: str) -> list[tuple[str, Path, bool]]:
    """(module name, path, is a package) of every Python file under ROOT/layer."""
    found = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found.append((".".join(parts), path, is_package))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_inward(layer: str) -> None:
    # Given every Python file of the layer
    files = sources(layer)
    # When the imports of each are read from its source
    offending = {
        module: sorted(bad)
        for module, path, is_package in files
        if (bad := forbidden_imports(path.read_text(encoding="utf-8"), module,
                                     FORBIDDEN[layer], is_package))
    }
    # Then none names a layer further out (or click), and the layer was really read
    assert offending == {}
    assert len(files) >= 3
    assert any(imported_modules(p.read_text(encoding="utf-8"), m, pkg) for m, p, pkg in files)


@pytest.mark.parametrize(("source", "module", "found"), [
    ("import click", "ledger.body", {"click"}),
    ("from click import echo", "ledger.body", {"click", "click.echo"}),
    ("from cli.main import cli", "projections.queries", {"cli.main", "cli.main.cli"}),
    ("from projections import queries", "ledger.app", {"projections", "projections.queries"}),
    ("from ..cli import main", "projections.queries", {"cli", "cli.main"}),
    ("def f():\n    import cli.render\n", "ledger.rules", {"cli.render"}),
    ("import importlib\nimportlib.import_module('projections.catchup')", "ledger.app",
     {"projections.catchup"}),
    ("__import__('click')", "ledger.when", {"click"}),
    ("from . import roster", "ledger.body", set()),
    ("from ledger.events import Fact", "projections.rosters", set()),
    ("import clickhouse", "ledger.body", set()),
])
def test_the_import_reader_finds_every_kind_of_import(
    source: str, module: str, found: set[str]
) -> None:
    # Given a module's source text
    forbidden = FORBIDDEN[module.split(".")[0]]
    # When its forbidden imports are read
    bad = forbidden_imports(source, module, forbidden)
    # Then exactly the outward ones are found
    assert bad == found


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_each_room_imports_nothing_it_must_not(room: str) -> None:
    # Given every module of the room (the store below the application, the audit over it)
    modules = {m: pv for m, pv in project_modules().items() if names_under(m, {room})}
    # When their imports are read
    offending = {m: sorted(n for n in imported_modules(p.read_text(encoding="utf-8"), m, pkg)
                           if names_under(n, ROOMS[room]))
                 for m, (p, pkg) in modules.items()}
    # Then none imports what its room must not, and the room was really read
    assert {m: bad for m, bad in offending.items() if bad} == {}
    assert len(modules) >= 4


def test_the_domain_imports_no_driver_cryptography_templates_or_command_line() -> None:
    # Given the domain's modules: aggregates and events, rules, terms, the roster fold
    modules = project_modules()
    assert set(DOMAIN) <= set(modules)
    # When their imports are read
    offending = {m: sorted(n for n in imported_modules(modules[m][0].read_text(
        encoding="utf-8"), m, modules[m][1]) if names_under(n, DOMAIN_FORBIDS))
        for m in DOMAIN}
    # Then none imports sqlite3, psycopg, cryptography, jinja2, click, the application,
    # the store, the read models or the command line
    assert {m: bad for m, bad in offending.items() if bad} == {}


def test_no_two_modules_import_each_other() -> None:
    # Given the import graph of every module of ledger/, projections/ and cli/
    graph = import_graph()
    # When its cycles are sought
    found = cycles(graph)
    # Then there are none, and the graph is really the project's
    assert found == []
    assert "ledger.rules" in graph["ledger.app"]


def test_the_cycle_finder_finds_a_loop_and_nothing_else() -> None:
    # Given a graph with one loop of three and a chain
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    # When its cycles are sought
    # Then the loop is found, alone
    assert cycles(graph) == [["a", "b", "c"]]


def test_test_modules_import_helpers_and_fixtures_never_each_other() -> None:
    # Given every module of tests/: the test modules and the support modules (helpers,
    # stories, conftest), which must not reach into a test module either
    files = sorted((ROOT / "tests").glob("*.py"))
    # When the modules each imports are read
    imports = {path.name: imported_modules(path.read_text(encoding="utf-8"),
                                           f"tests.{path.stem}") for path in files}
    offending = {name: sorted(n for n in found if n.startswith("tests.")
                              and n.split(".")[:2][-1].startswith("test_"))
                 for name, found in imports.items()}
    # Then none imports a test module, and the imports are really read: the shared stories
    # come from tests/stories.py
    assert {m: bad for m, bad in offending.items() if bad} == {}
    assert "tests.stories" in imports["test_pending.py"]


def test_every_module_is_named_in_the_architecture_page() -> None:
    # Given docs/architecture.md and every module of the project
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = project_modules()
    # When each module's path is looked for on the page (`ledger/store/seam.py`; a
    # package by its folder, `ledger/store/`)
    missing = sorted(str(path.relative_to(ROOT)) for m, (path, pkg) in modules.items()
                     if not pkg and str(path.relative_to(ROOT)) not in page
                     and path.name != "__main__.py")
    # Then every one is named
    assert missing == []


# ---------------------------------------------------------------------------- events


def ledger_aggregates() -> list[type[Aggregate]]:
    """Every aggregate class defined in a module of ledger/."""
    import ledger

    found: list[type[Aggregate]] = []
    for info in pkgutil.walk_packages(ledger.__path__, "ledger."):
        module = importlib.import_module(info.name)
        found.extend(obj for obj in vars(module).values()
                     if isinstance(obj, type) and issubclass(obj, Aggregate)
                     and obj is not Aggregate and obj.__module__ == module.__name__)
    return found


def nested_events(aggregate: type[Aggregate]) -> list[type[Aggregate.Event]]:
    """The event classes nested on `aggregate`, but for its base class `Event`: that one is
    only a base for the others and never stored (eventsourcing exempts it too)."""
    return [obj for name, obj in vars(aggregate).items()
            if isinstance(obj, type) and issubclass(obj, Aggregate.Event) and name != "Event"]


def written_topic(cls: type) -> object:
    """The TOPIC set on `cls` as written in its module, not inherited from another class.

    eventsourcing's metaclass may wrap a nested event class in a subclass of the same name
    (adding the aggregate's `Event` base, or the `__init__` signature of a "created" event),
    so the class as written is the first of the same qualified name in the MRO that sets it.
    """
    for klass in cls.__mro__:
        if (klass.__module__, klass.__qualname__) != (cls.__module__, cls.__qualname__):
            return None
        if "TOPIC" in vars(klass):
            return vars(klass)["TOPIC"]
    return None


def declared_fields(event: type) -> dict[str, Any]:
    """The fields the classes of ledger/ in `event`'s hierarchy declare, their annotations
    evaluated in the module that declares them."""
    fields: dict[str, Any] = {}
    for cls in reversed(event.__mro__):
        if not cls.__module__.startswith("ledger."):
            continue
        namespace = vars(sys.modules[cls.__module__])
        for name, annotation in vars(cls).get("__annotations__", {}).items():
            if isinstance(annotation, str):
                annotation = eval(annotation, namespace)
            fields[name] = annotation
    return fields


def not_primitive(annotation: Any) -> list[Any]:
    """The parts of an annotation that are not str, int, bool, None or datetime."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [bad for arg in typing.get_args(annotation) for bad in not_primitive(arg)]
    if annotation is None or any(annotation is p for p in PRIMITIVES):
        return []
    return [annotation]


def test_every_aggregate_of_the_ledger_is_found() -> None:
    # Given the modules of ledger/
    # When their aggregates are listed
    names = {a.__name__ for a in ledger_aggregates()}
    # Then the aggregates of docs/architecture.md are all there
    assert names >= AGGREGATES


def test_every_aggregate_has_a_kind_the_read_models_file_its_events_under() -> None:
    # Given the aggregates of ledger/ and the kinds the application names (KINDS), from
    # which the read models tell an event's entity by its topic
    from ledger.kinds import KINDS

    # When each aggregate is looked up among the kinds
    unnamed = [a.__qualname__ for a in ledger_aggregates() if a not in KINDS.values()]
    # Then every one has a kind (otherwise its events would be filed as "other")
    assert unnamed == []


def test_an_aggregate_is_told_its_kind_by_its_stable_topic() -> None:
    # Given one aggregate of each class (made bare: only its class is looked at) and a body
    # registered as the application registers it
    from ledger.audit.seal import Seal
    from ledger.body import Body
    from ledger.decision import Decision
    from ledger.directory import Organisation, Person
    from ledger.kinds import entity_name, kind_of_aggregate
    from ledger.meeting import Meeting
    from ledger.membership import MembershipRequest
    from ledger.partnership import Partnership
    from ledger.when import effective_from

    classes = [Partnership, Body, Organisation, Person, MembershipRequest, Meeting, Decision,
               Seal]
    body = Body.register("executive", "tester", effective_from("2026-04-01"))
    # When each one's kind and the name of the body's entity are looked up
    kinds = {cls.__name__: kind_of_aggregate(cls.__new__(cls)) for cls in classes}
    # Then each is the kind its topic names on the command line, and the body is named
    # by its kind and slug
    assert kinds == {"Partnership": "partnership", "Body": "body", "Organisation": "org",
                     "Person": "person", "MembershipRequest": "request", "Meeting": "meeting",
                     "Decision": "decision", "Seal": "seal"}
    assert entity_name(body) == "body:executive"
    assert entity_name(Seal.__new__(Seal)) == "seal:seal"


def test_every_aggregate_and_nested_event_has_an_explicit_lsp_topic() -> None:
    # Given every aggregate of ledger/ and the event classes nested on it
    aggregates = ledger_aggregates()
    events = [e for a in aggregates for e in nested_events(a)]
    # When each one's own TOPIC is read (not one inherited from a parent class)
    topics = {c.__qualname__: written_topic(c) for c in [*aggregates, *events]}
    # Then each has one, starting "lsp:", each names its aggregate, and no two are the same
    missing = {name: topic for name, topic in topics.items()
               if not (isinstance(topic, str) and topic.startswith("lsp:"))}
    assert missing == {}
    for aggregate in aggregates:
        for event in nested_events(aggregate):
            assert topics[event.__qualname__] == event.TOPIC
            assert event.TOPIC.startswith(f"{topics[aggregate.__qualname__]}."), event
    assert len(set(topics.values())) == len(topics)
    assert len(events) >= 15


def test_event_payloads_are_primitives() -> None:
    # Given every event class nested on an aggregate of ledger/
    events = [e for a in ledger_aggregates() for e in nested_events(a)]
    # When the fields they declare are read
    declared = {e.__qualname__: declared_fields(e) for e in events}
    # Then every field is str, int, bool, None or datetime, or a union of these
    offending = {f"{event}.{name}": not_primitive(annotation)
                 for event, fields in declared.items()
                 for name, annotation in fields.items() if not_primitive(annotation)}
    assert offending == {}
    assert declared["Body.SeatFilled"] == {"actor": str, "effective": datetime,
                                           "author_route": str, "author_method": str,
                                           "seat": str, "person": str, "term_ends": str | None}


class _Kind(Enum):
    A = "a"


class _Model(BaseModel):
    a: str


class _Parent:
    TOPIC = "lsp:Test.Parent"


class _Inherits(_Parent):
    pass


class _Sets(_Parent):
    TOPIC = "lsp:Test.Sets"


def test_a_topic_inherited_from_another_event_class_is_not_explicit() -> None:
    # Given an event class that sets its TOPIC, and one that only inherits its parent's
    # When their topics as written are read
    # Then only the first has one
    assert (written_topic(_Sets), written_topic(_Inherits)) == ("lsp:Test.Sets", None)


@pytest.mark.parametrize(("annotation", "allowed"), [
    (str, True), (int, True), (bool, True), (None, True), (datetime, True),
    (str | None, True), (typing.Optional[int], True), (int | str | None, True),  # noqa: UP045
    (date, False), (tuple[str, ...], False), (list[str], False), (_Kind, False),
    (_Model, False), (date | None, False), (dict[str, Any], False), (float, False),
])
def test_the_payload_check_tells_primitives_from_the_rest(annotation: Any, allowed: bool) -> None:
    # Given an annotation an event might declare
    # When it is checked
    bad = not_primitive(annotation)
    # Then only str, int, bool, None and datetime (and their unions) pass
    assert (bad == []) is allowed
