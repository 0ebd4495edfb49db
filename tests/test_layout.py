"""The house rules of tplib's layout, checked on the source (README, "Where things live").

Three layers, each importing only the layers below it: the reusable core (top-level modules),
the chapter studies (``tplib.studies``), the presentation (``tplib.tables``, ``tplib.plots``,
``tplib.explorers``). No module reads another module's private names, and
no file grows past about 250 lines unless its docstring says why ("Length: ...").
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "tplib"
PRESENTATION = ("tables", "quotes", "plots", "explorers")
MAX_LINES = 260  # "about 250": a few lines of slack, not a second limit


def _modules():
    return sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def _dotted(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(dotted):
    """0 core, 1 studies, 2 presentation; None for the package itself."""
    parts = dotted.split(".")
    if len(parts) == 1:
        return None
    if parts[1] == "studies":
        return 1
    return 2 if parts[1] in PRESENTATION else 0


def _resolve(module_name, node):
    """The absolute dotted names a ``from ... import`` or ``import`` statement brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("tplib")]
    package = module_name.split(".")
    is_package = (ROOT.parent / Path(*package) / "__init__.py").exists()
    base = package if is_package else package[:-1]
    if node.level:
        base = base[:len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    if not prefix.startswith("tplib"):
        return []
    # `from tplib import nn` imports the module tplib.nn; `from .nn import forward` imports tplib.nn.
    names = []
    for alias in node.names:
        candidate = f"{prefix}.{alias.name}"
        as_path = ROOT.parent / Path(*candidate.split("."))
        names.append(candidate if as_path.with_suffix(".py").exists() or as_path.is_dir()
                     else prefix)
    return names


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _dotted(path)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in _resolve(name, node):
                yield node, target


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _dotted(p))
def test_imports_go_down_the_layers(path):
    """A core module never imports a study or a figure; a study never imports presentation."""
    me = _layer(_dotted(path))
    if me is None:
        return
    upward = [f"line {node.lineno}: {target}" for node, target in _imports(path)
              if (_layer(target) or 0) > me]
    assert not upward, f"{_dotted(path)} (layer {me}) imports from a higher layer: {upward}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _dotted(p))
def test_no_module_reads_another_modules_private_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _dotted(path)
    module_aliases = {}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias, target in zip(node.names, _resolve(me, node)):
                if not target.startswith("tplib"):
                    continue
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                # A package's own private helpers module (plots/_common.py) is its business.
                same_package = target.rsplit(".", 1)[0] == me.rsplit(".", 1)[0] or target.startswith(me)
                if private and not same_package:
                    problems.append(f"line {node.lineno}: from {target} import {alias.name}")
                if target.endswith("." + alias.name):
                    module_aliases[alias.asname or alias.name] = target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tplib"):
                    module_aliases[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            value = node.value
            if isinstance(value, ast.Name) and value.id in module_aliases:
                problems.append(f"line {node.lineno}: {value.id}.{node.attr}")
            elif isinstance(value, ast.Name) and value.id not in ("self", "cls"):
                # model._inputs, vae._encoder ...: another object's private state.
                problems.append(f"line {node.lineno}: {value.id}.{node.attr}")
    assert not problems, f"{me} reaches into private names: {problems}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _dotted(p))
def test_files_stay_small_or_say_why(path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert doc, f"{_dotted(path)} has no module docstring saying what it holds"
    if lines > MAX_LINES:
        assert "Length:" in doc, (f"{_dotted(path)} has {lines} lines; split it by what it holds, "
                                  f"or say why it is long in its docstring ('Length: ...')")


def test_every_layer_exists():
    """The tree a reader draws from the README: core, studies, presentation."""
    layers = {_layer(_dotted(p)) for p in _modules()}
    assert {0, 1, 2} <= layers
