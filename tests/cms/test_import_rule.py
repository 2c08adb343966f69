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
