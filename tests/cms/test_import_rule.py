"""The import rule of docs/architecture.md, read from the source: no circle between the project's modules,
`cms` and `termine` import no app, nobody imports `home`, `qualifizierung` never imports `netzwerk`."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["cms", "termine", "home", "netzwerk", "qualifizierung", "praxisbeispiele", "barrierefreiheit"]
FEATURE_APPS = {"home", "netzwerk", "qualifizierung", "praxisbeispiele", "barrierefreiheit"}


def project_modules() -> dict[str, Path]:
    root = Path(settings.BASE_DIR)
    modules = {}
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def imported(name: str, path: Path, modules: dict) -> set[str]:
    """Project modules that `name` imports anywhere in its file (module level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                found.add(candidate)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported(name, path, modules) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (iterative Tarjan)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def app_of(module: str) -> str:
    return module.partition(".")[0]


def test_the_graph_sees_the_project():
    graph = import_graph()
    assert "termine.models" in graph["qualifizierung.models"]
    assert "cms.models" in graph["netzwerk.models"]


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_two_modules_of_the_project_import_each_other_in_a_circle():
    assert circles(import_graph()) == []


def test_cms_and_termine_import_no_app_and_nobody_imports_home():
    wrong = [
        (module, target)
        for module, targets in import_graph().items()
        for target in targets
        if (app_of(module) in {"cms", "termine"} and app_of(target) in FEATURE_APPS)
        or (app_of(target) == "home" and app_of(module) != "home")
    ]
    assert wrong == []


def test_qualifizierung_uses_the_date_engine_and_never_the_network_calendar():
    wrong = [
        (module, target)
        for module, targets in import_graph().items()
        for target in targets
        if app_of(module) == "qualifizierung" and app_of(target) == "netzwerk"
    ]
    assert wrong == []


def unexplained_local_imports(source: str) -> list[int]:
    """Lines of imports inside functions that no comment explains.

    An import inside a function must carry a comment on its line or stand in a block of imports whose
    first line has a comment directly above it (the reason: the app registry, an optional dependency)."""
    lines = source.split("\n")
    local = sorted(
        {
            (sub.lineno, sub.end_lineno)
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for sub in ast.walk(node)
            if isinstance(sub, ast.Import | ast.ImportFrom)
        }
    )
    unexplained, explained_until = [], None
    for start, end in local:
        above = lines[start - 2].strip() if start > 1 else ""
        if (
            above.startswith("#")
            or "#" in lines[start - 1]
            or (explained_until is not None and explained_until >= start - 2)
        ):
            explained_until = end
            continue
        if not above and explained_until is not None and explained_until == start - 2:
            explained_until = end
            continue
        unexplained.append(start)
        explained_until = None
    return unexplained


def test_the_local_import_check_wants_a_reason_above_the_block():
    source = (
        "def ready():\n"
        "    # Imported here: models load only once the registry is ready.\n"
        "    from a import b\n"
        "    from c import (\n"
        "        d,\n"
        "    )\n"
        "\n"
        "    b()\n"
        "    import json\n"
        "    import re  # the reason, on the line\n"
    )
    assert unexplained_local_imports(source) == [9]


def test_imports_inside_functions_stand_only_where_app_loading_needs_them_and_say_why():
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}:{line}"
        for path in project_modules().values()
        for line in unexplained_local_imports(path.read_text())
    ]
    assert found == []
