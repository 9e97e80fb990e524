"""Onboarding a unit in one command: a YAML manifest validated, planned, applied and exported.

::

    valid = load_manifest(text)               # every problem at once: ManifestError(problems)
    result = await apply_manifest(valid, settings, dry_run=True)
    print("\\n".join(result.diff.lines))      # what would change; empty when the unit matches
    data = await export_manifest("demo")      # the manifest back; it re-applies with no changes

Passwords never appear in a manifest. New local accounts get no usable password unless the
caller asks for one-time initial passwords (printed once) or, for the demo, a fixed one.
"""

from fabu.onboarding._apply import AccountPolicy, ApplyResult, apply_in_transaction, apply_manifest
from fabu.onboarding._diff import Diff
from fabu.onboarding._export import export_in_transaction, export_manifest, export_yaml, manifest_data
from fabu.onboarding._graph import unit_diagram
from fabu.onboarding._loading import ValidManifest, load_manifest, parse_manifest_yaml, validate_manifest
from fabu.onboarding._manifest import Manifest
from fabu.onboarding._problems import ManifestCode, ManifestError, ManifestProblem
from fabu.onboarding._schema import manifest_json_schema, manifest_json_schema_text

__all__ = [
    "AccountPolicy",
    "ApplyResult",
    "Diff",
    "Manifest",
    "ManifestCode",
    "ManifestError",
    "ManifestProblem",
    "ValidManifest",
    "apply_in_transaction",
    "apply_manifest",
    "export_in_transaction",
    "export_manifest",
    "export_yaml",
    "load_manifest",
    "manifest_data",
    "manifest_json_schema",
    "manifest_json_schema_text",
    "parse_manifest_yaml",
    "unit_diagram",
    "validate_manifest",
]
