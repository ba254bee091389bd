"""The layers the code obeys, checked on every test run (the import-linter of this project).

Every ``from … import`` of the package is read with ``ast`` — at module level and inside
functions alike (an import moved into a function still is an arrow), except those under
``if TYPE_CHECKING:`` (annotations only). Two rules:

1. **One direction.** A module imports only from its own layer or the layers below it:
   base (errors, validation, numbers and words, paths) → models → store → registry → risks →
   analytics → io (imports, exports) → tracking → docs_gen (documents) → demo → cli / ui.
2. **No cycles** between modules, whatever the layer.

ARCHITECTURE.md explains the order; a new arrow back or a new cycle fails here with its path.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "shnor_desktop"
LAYERS: list[set[str]] = [
    {"__init__", "errors", "validation", "stats", "russian", "typography", "paths", "logging_setup",
     "chart_style"},
    {"models"},
    {"store", "context"},
    {"registry"},
    {"risks"},
    {"analytics"},
    {"io"},
    {"tracking"},
    {"docs_gen"},
    {"demo"},
    {"cli", "ui", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom, name: str) -> str | None:
    if node.level:
        base = importer.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
        if not target.startswith("shnor_desktop"):
            return None
    if f"{target}.{name}" in MODULES:
        return f"{target}.{name}"
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"

        def visit(node: ast.AST, module: str = module, is_package: bool = is_package) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    continue
                if isinstance(child, ast.ImportFrom):
                    for alias in child.names:
                        target = _resolve(module, is_package, child, alias.name)
                        if target and target != module:
                            graph[module].add(target)
                elif isinstance(child, ast.Import):
                    for alias in child.names:
                        if alias.name.startswith("shnor_desktop."):
                            graph[module].add(alias.name)
                visit(child)

        visit(tree)
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_has_a_layer():
    missing = sorted({_layer(m) for m in MODULES} - set(RANK))
    assert not missing, f"add these to LAYERS (and to ARCHITECTURE.md): {missing}"


def test_imports_point_down_only():
    arrows_back = []
    for importer, targets in _imports().items():
        for target in targets:
            if RANK[_layer(target)] > RANK[_layer(importer)]:
                arrows_back.append(f"{importer} -> {target}")
    assert not arrows_back, "imports against the layers:\n" + "\n".join(sorted(arrows_back))


def test_no_import_cycles():
    graph = _imports()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in MODULES:
        if module not in index:
            strong(module)
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_every_import_of_ours_names_a_real_module():
    """An import inside a function is only run when called: a moved module must not leave one dangling."""
    dangling = []
    for module, path in MODULES.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                if target not in MODULES:
                    written = "." * node.level + (node.module or "")
                    dangling.append(f"{module}: from {written} (line {node.lineno})")
    assert not dangling, "\n".join(dangling)


def test_qt_only_in_the_window():
    offenders = []
    for module, path in MODULES.items():
        if _layer(module) in {"ui", "__main__"}:
            continue
        text = path.read_text(encoding="utf-8")
        if "PySide6" in text and "import" in text.split("PySide6")[0].rsplit("\n", 1)[-1]:
            offenders.append(module)
    assert not offenders, offenders


def test_the_checker_sees_an_arrow_back():
    graph = _imports()
    assert "shnor_desktop.store.database" in graph["shnor_desktop.store.migrations"]
    assert RANK[_layer("shnor_desktop.ui.main_window")] > RANK[_layer("shnor_desktop.store.database")]


def _runtime_imports_of(path: Path, package: str) -> list[int]:
    """Lines where ``package`` is imported outside ``if TYPE_CHECKING:`` (in functions too)."""
    lines: list[int] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and not child.level:
                names = [child.module or ""]
            elif isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            else:
                names = []
            if any(name.split(".")[0] == package for name in names):
                lines.append(child.lineno)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return lines


def test_the_window_calls_services_and_never_queries():
    """Issue 13: queries live in the services (``registry.queries`` and the like); the window's
    modules open a session and call them, and import nothing of SQLAlchemy but annotations."""
    offenders = [f"{module}:{line}" for module, path in MODULES.items() if _layer(module) == "ui"
                 for line in _runtime_imports_of(path, "sqlalchemy")]
    assert not offenders, "SQLAlchemy imported in the window (move the query into a service):\n" + \
        "\n".join(offenders)


QUERY_CALLS = {"query", "execute", "scalar", "scalars"}


def _query_calls_of(path: Path) -> list[int]:
    """Lines of ``x.query(…)``, ``x.execute(…)``, ``x.scalar(s)(…)``: statements run on a session.
    (Loading one record by its id, ``session.get``, to show it in a form stays allowed.)"""
    return [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_CALLS]


def test_the_window_runs_no_statements():
    offenders = [f"{module}:{line}" for module, path in MODULES.items() if _layer(module) == "ui"
                 for line in _query_calls_of(path)]
    assert not offenders, "a query in the window (move it into a service):\n" + "\n".join(offenders)


# a read that lets one kind of error through on purpose: a broken rule setting falls back to the
# defaults, any other failure is a real one (the window's exception hook shows it)
HAND_CAUGHT_ALLOWED = {"shnor_desktop.ui.pages.analysis:_load_settings"}


def _hand_caught_sessions(path: Path, module: str) -> list[str]:
    """``try: with db.session() / db.transaction(): … except …`` written by hand, by function."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.Try) and node.handlers):
                continue
            opened = [item.context_expr for statement in node.body if isinstance(statement, ast.With)
                      for item in statement.items]
            if any(isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                   and call.func.attr in {"session", "transaction"} for call in opened):
                found.append(f"{module}:{function.name}")
    return found


def test_the_window_reads_and_changes_through_its_unit_of_work():
    """Issue 13: one unit of work for the window (``ui/work.py``: read / change, the error shown
    once); a page or dialog does not catch database errors around a session by hand."""
    offenders = [where for module, path in MODULES.items()
                 if _layer(module) == "ui" and module != "shnor_desktop.ui.work"
                 for where in _hand_caught_sessions(path, module) if where not in HAND_CAUGHT_ALLOWED]
    assert not offenders, "use ui.work.read / ui.work.change:\n" + "\n".join(offenders)


DIALOG_BASES = {"QDialog", "FormDialog"}


def _dialogs_not_parent_first(path: Path, module: str) -> list[str]:
    """Dialog classes whose constructor does not start with ``parent`` (after self)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    dialogs = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
               and any(ast.unparse(base).rsplit(".", 1)[-1] in DIALOG_BASES for base in node.bases)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in dialogs:
            inits = [f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"]
            init = inits[0] if inits else None
            if init is not None and [a.arg for a in init.args.args[1:2]] != ["parent"]:
                found.append(f"{module}.{node.name}")
    return found


def test_every_dialog_is_made_parent_first():
    """Issue 13: one constructor convention, ``Dialog(parent, db | ctx | ui, data…, *, options)``."""
    offenders = [name for module, path in MODULES.items() if _layer(module) == "ui"
                 for name in _dialogs_not_parent_first(path, module)]
    assert not offenders, "make these Dialog(parent, …):\n" + "\n".join(offenders)


def test_the_query_checker_sees_a_query(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from sqlalchemy.orm import Session\n"
                      "def f():\n    from sqlalchemy import select\n    import sqlalchemy.orm\n",
                      encoding="utf-8")
    assert _runtime_imports_of(sample, "sqlalchemy") == [5, 6]
    calls = tmp_path / "dialog.py"
    calls.write_text("def f(session):\n    session.get(A, 1)\n    return session.scalars(q)\n",
                     encoding="utf-8")
    assert _query_calls_of(calls) == [3]
    caught = tmp_path / "tab.py"
    caught.write_text("def load(self):\n    try:\n        with self.db.session() as s:\n            f(s)\n"
                      "    except Exception as exc:\n        show(exc)\n", encoding="utf-8")
    assert _hand_caught_sessions(caught, "tab") == ["tab:load"]
    dialogs = tmp_path / "dialogs.py"
    dialogs.write_text("class A(QDialog):\n    def __init__(self, ctx, parent=None): ...\n"
                       "class B(FormDialog):\n    def __init__(self, parent, db): ...\n", encoding="utf-8")
    assert _dialogs_not_parent_first(dialogs, "d") == ["d.A"]


HEAVY = {"pandas", "numpy", "matplotlib", "openpyxl", "docx", "docxtpl", "pymorphy3", "pytrovich", "alembic",
         "python_calamine", "PySide6"}


def _needs_a_reason(node: ast.Import | ast.ImportFrom) -> bool:
    """An import of the package itself or of a heavy library: inside a function only with a reason."""
    if isinstance(node, ast.ImportFrom):
        if node.level:
            return True
        names = [node.module or ""]
    else:
        names = [alias.name for alias in node.names]
    return any(name.split(".")[0] in HEAVY | {"shnor_desktop"} for name in names)


# a module whose functions import for one reason says it once, at the top:
# "# Imports inside functions: <why>" (the window's pages and forms, the CLI's commands)
MODULE_REASON = "# Imports inside functions: "


def _unexplained_imports_in_functions(path: Path) -> list[int]:
    """Lines of imports inside functions, of ours or of a heavy library, with no comment saying why
    (``# heavy: …``, ``# start-up: …``, ``# cycle: …``) on their lines or on the line above. Imports
    that follow one another share one comment: on any of their lines or on the line above the first."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found: list[int] = []
    if any(line.startswith(MODULE_REASON) for line in lines):
        return found  # the module says once why its functions import what they use

    def explained(run: list[ast.Import | ast.ImportFrom]) -> bool:
        first = run[0].lineno
        if first > 1 and lines[first - 2].strip().startswith("#"):
            return True
        return any("#" in lines[n - 1] for node in run
                   for n in range(node.lineno, (node.end_lineno or node.lineno) + 1))

    def check(run: list[ast.Import | ast.ImportFrom]) -> None:
        if run and not explained(run):
            found.extend(node.lineno for node in run if _needs_a_reason(node))

    def visit(node: ast.AST, in_function: bool) -> None:
        for _, value in ast.iter_fields(node):
            if not isinstance(value, list):
                continue
            run: list[ast.Import | ast.ImportFrom] = []
            for child in value:
                if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                    run.append(child)
                    continue
                check(run)
                run = []
                if isinstance(child, ast.AST):
                    visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))
            check(run)

    visit(ast.parse(text), False)
    return sorted(found)


def test_imports_inside_functions_say_why():
    """Issue 13: imports inside functions only where start-up time needs them, each with a comment saying
    so. Everywhere, an import of ours or of a heavy library kept in a function says why (heavy, start-up,
    cycle), on its line, above its run of imports, or once for the module (``MODULE_REASON``); any other
    belongs at the top of the module."""
    offenders = [f"{module}:{line}" for module, path in sorted(MODULES.items())
                 for line in _unexplained_imports_in_functions(path)]
    assert not offenders, ("an import inside a function without a reason (move it to the top, or say why: "
                           "# heavy: …, # start-up: …, # cycle: …):\n" + "\n".join(offenders))


def test_the_reason_checker_sees_an_import_without_a_reason(tmp_path):
    sample = tmp_path / "service.py"
    sample.write_text(
        "import pandas\n"                                        # 1: module level, fine
        "def f():\n"
        "    from .x import a  # cycle: x imports this module\n"  # 3: says why
        "def g():\n"
        "    # heavy: pandas loads only for the pivot\n"
        "    import pandas as pd\n"                              # 6: the line above says why
        "    import numpy as np\n"                               # 7: shares the comment of line 6
        "def h():\n"
        "    from shnor_desktop.models import School\n"          # 9: no reason
        "    import json\n"                                      # 10: the standard library, free
        "    if True:\n"
        "        from matplotlib import pyplot\n"                # 12: no reason
        "    import sqlalchemy\n"                                # 13: not a heavy library here
        "    x = 1\n"
        "    from ..y import b\n",                               # 15: no reason, after code
        encoding="utf-8")
    assert _unexplained_imports_in_functions(sample) == [9, 12, 15]
    body = sample.read_text(encoding="utf-8")
    sample.write_text(f"{MODULE_REASON}each command loads what it needs\n{body}", encoding="utf-8")
    assert _unexplained_imports_in_functions(sample) == []
