"""The house's rules, checked on the source: two layers, no import cycle, the pages/-directory workaround.

- acp/ is the domain: no module outside acp/ui/ imports Streamlit, at module or function level, and the whole
  domain imports in a Python where Streamlit cannot be found.
- No cycle in the graph of the project's imports (function-level imports included); an import inside a function
  says why on its own line (a heavy optional dependency is the only good reason).
- acp.ui.navigation_mode leans on a private Streamlit attribute: these tests fail the day it changes.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "acp"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """acp's modules, app.py, serve.py and the pages, by dotted name."""
    files = [*PACKAGE.rglob("*.py"), ROOT / "app.py", ROOT / "serve.py", *(ROOT / "pages").glob("*.py")]
    return {module_name(p): p for p in files if "__pycache__" not in p.parts}


def imports(path: Path, name: str) -> list[tuple[str, ast.AST, bool]]:
    """(imported module, node, inside a function) for every import statement, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = imports_base(child, path, name)
                found.append((base, child, in_function))
                found.extend((f"{base}.{alias.name}", child, in_function) for alias in child.names)
            visit(child, nested)

    visit(tree, False)
    return found


def test_no_module_outside_acp_ui_imports_streamlit():
    offenders = []
    for name, path in project_modules().items():
        if not name.startswith("acp.") or name.startswith("acp.ui"):
            continue
        for imported, node, _ in imports(path, name):
            if imported == "streamlit" or imported.startswith("streamlit."):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {imported}")
    assert not offenders, offenders


def test_the_domain_imports_without_streamlit_installed():
    """Every acp module outside acp/ui/, imported where `import streamlit` fails (as on a machine without it)."""
    domain = sorted(n for n in project_modules() if n.startswith("acp") and not n.startswith("acp.ui")
                    and n != "acp.__main__")
    script = (
        "import sys, importlib\n"
        "class NoStreamlit:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'streamlit' or name.startswith('streamlit.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r} (blocked by the test)')\n"
        "sys.meta_path.insert(0, NoStreamlit())\n"
        f"for name in {domain!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'streamlit' not in sys.modules\n"
        "print(len(sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(domain) > 25  # the whole domain was imported, not an empty list


def import_graph() -> dict[str, set[str]]:
    """module -> the project's modules it imports. `from pkg import mod` depends on pkg.mod, not on pkg's
    __init__ (already being imported as mod's parent); `from pkg import name` on pkg's __init__."""
    modules = project_modules()
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        for imported, node, _ in imports(path, name):
            if isinstance(node, ast.ImportFrom) and imported == imports_base(node, path, name) and \
                    all(f"{imported}.{alias.name}" in modules for alias in node.names):
                continue
            if imported in modules and imported != name:
                graph[name].add(imported)
    return graph


def imports_base(node: ast.ImportFrom, path: Path, name: str) -> str:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    if not node.level:
        return node.module or ""
    anchor = package.split(".")
    return ".".join([*anchor[:len(anchor) - node.level + 1], *([node.module] if node.module else [])])


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), sorted."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def strongconnect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
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
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return found


def test_no_import_cycle_between_the_projects_modules():
    graph = import_graph()
    assert sum(len(targets) for targets in graph.values()) > 100  # the graph was read, not empty
    assert any("acp.export" in targets for targets in graph.values())  # relative imports resolved
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_an_import_inside_a_function_says_why():
    """Only a heavy optional dependency justifies it, and the line says so in a comment."""
    silent = []
    for name, path in project_modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for imported, node, in_function in imports(path, name):
            if in_function and "#" not in lines[node.lineno - 1]:
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno} {imported}")
    assert not silent, sorted(set(silent))


def test_no_module_of_acp_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, long


def test_pages_do_not_call_a_helper_for_the_pages_directory_mode():
    for page in (ROOT / "pages").glob("*.py"):
        assert "page_lang" not in page.read_text(encoding="utf-8"), page.name


def test_streamlit_still_has_the_pages_directory_mode_navigation_mode_turns_off():
    """acp.ui.navigation_mode sets PagesManager.uses_pages_directory, a private class attribute that st.navigation
    sets on its first call. If Streamlit renames it or drops the old mode, this fails: then remove or adapt the
    workaround (serve.py calls it)."""
    from streamlit.commands import navigation
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner

    from acp.ui import navigation_mode

    assert "uses_pages_directory" in vars(PagesManager)
    assert "PagesManager.uses_pages_directory = False" in Path(navigation.__file__).read_text(encoding="utf-8")
    assert "if PagesManager.uses_pages_directory:" in Path(script_runner.__file__).read_text(encoding="utf-8")
    saved = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None  # a new process
        PagesManager(str(ROOT / "app.py"))
        assert PagesManager.uses_pages_directory is True  # pages/ beside app.py: the old mode, still there
        PagesManager.uses_pages_directory = None
        navigation_mode.use_navigation_only()
        PagesManager(str(ROOT / "app.py"))
        assert PagesManager.uses_pages_directory is False  # switched off before the first session: it stays off
    finally:
        PagesManager.uses_pages_directory = saved


def test_serve_switches_the_mode_before_any_session():
    tree = ast.parse((ROOT / "serve.py").read_text(encoding="utf-8"))
    calls = [ast.unparse(n.value) for n in tree.body if isinstance(n, ast.Expr)]
    assert "navigation_mode.use_navigation_only()" in calls
