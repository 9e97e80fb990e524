"""The built-in templates and matrices, shipped inside the package.

The documents people read and copy live in ``tenants/templates/``; identical copies live in this
package's ``builtin/`` folder so that an installed wheel has them too. The package copy is what
is loaded, in a checkout and installed alike, and ``tests/workflow_definition`` fails when the two
differ. After editing a file in ``tenants/templates/``, copy it over::

    cp tenants/templates/*.yaml platform/fabu/workflow/definition/builtin/

A file whose name ends in ``-matrix.yaml`` is an authority matrix; every other one is a template.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from fabu.errors import FabuError
from fabu.workflow.definition._documents import load_matrix, load_template
from fabu.workflow.definition._matrix import AuthorityMatrix
from fabu.workflow.definition._problems import ProblemCode
from fabu.workflow.definition._template import WorkflowTemplate

MATRIX_SUFFIX = "-matrix"


def builtin_folder() -> Traversable:
    """The package folder holding the built-in documents."""
    return resources.files("fabu.workflow.definition").joinpath("builtin")


def _names(matrices: bool) -> tuple[str, ...]:
    stems = (entry.name.removesuffix(".yaml") for entry in builtin_folder().iterdir() if entry.name.endswith(".yaml"))
    return tuple(sorted(stem for stem in stems if stem.endswith(MATRIX_SUFFIX) == matrices))


def builtin_template_names() -> tuple[str, ...]:
    """The names ``load_builtin_template`` accepts, e.g. ``("simple", "standard")``."""
    return _names(matrices=False)


def builtin_matrix_names() -> tuple[str, ...]:
    """The names ``load_builtin_matrix`` accepts, e.g. ``("standard-matrix",)``."""
    return _names(matrices=True)


def builtin_text(name: str) -> str:
    """The YAML text of a built-in document, by name (file name without ``.yaml``)."""
    if name not in (*builtin_template_names(), *builtin_matrix_names()):
        raise _unknown(name, (*builtin_template_names(), *builtin_matrix_names()))
    return builtin_folder().joinpath(f"{name}.yaml").read_text(encoding="utf-8")


@cache
def load_builtin_template(name: str) -> WorkflowTemplate:
    """A built-in template by name: ``standard`` or ``simple``. Raises ``FabuError`` for an unknown name."""
    if name not in builtin_template_names():
        raise _unknown(name, builtin_template_names())
    return load_template(builtin_text(name))


@cache
def load_builtin_matrix(name: str) -> AuthorityMatrix:
    """A built-in authority matrix by name: ``standard-matrix``. Raises ``FabuError`` for an unknown name."""
    if name not in builtin_matrix_names():
        raise _unknown(name, builtin_matrix_names())
    return load_matrix(builtin_text(name))


def _unknown(name: str, available: tuple[str, ...]) -> FabuError:
    listed = ", ".join(available)
    return FabuError(
        ProblemCode.UNKNOWN_BUILTIN,
        f"没有名为 {name} 的内置文档，可用：{listed}",
        f"there is no built-in document named {name}; available: {listed}",
        field="name",
    )
