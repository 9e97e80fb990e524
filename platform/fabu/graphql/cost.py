"""A validation rule that refuses documents whose worst-case result is too large.

Depth and alias limits do not stop a short query that fans out through nested lists
(departments → memberships → person → memberships → ...). Before execution, this rule estimates
how many objects a document can return: a field with a ``first`` argument multiplies by it (by
the page cap when it is a variable, by its default when omitted), a plain list by an assumed
``list_size``. It refuses the document when the estimate exceeds ``max_cost``, naming both numbers.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


def cost_rule(*, max_cost: int, list_size: int, page_cap: int) -> type[ValidationRule]:
    """A rule class for these limits (built once, so the validation cache can key on it)."""

    def fan_out(parent: Any, selection: FieldNode, definition: Any) -> int:
        if getattr(parent, "name", "").endswith("Connection"):
            return 1  # a connection's edges/nodes are the page already counted by its `first`
        first_arg = definition.args.get("first")
        if first_arg is not None:
            given = next((arg.value for arg in selection.arguments or () if arg.name.value == "first"), None)
            if given is None:
                return int(first_arg.default_value or page_cap)
            return int(given.value) if isinstance(given, IntValueNode) else page_cap
        return list_size if _is_list(definition.type) else 1

    def cost(context: ValidationContext, parent: Any, selection_set: SelectionSetNode | None, factor: int, seen: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                definition = getattr(parent, "fields", {}).get(selection.name.value)
                if definition is None:
                    continue
                items = factor * fan_out(parent, selection, definition)
                target = _named(definition.type)
                if hasattr(target, "fields"):  # objects are counted; their scalar fields are not
                    total += items + cost(context, target, selection.selection_set, items, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = context.schema.get_type(condition.name.value) if condition else parent
                total += cost(context, target, selection.selection_set, factor, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = context.get_fragment(selection.name.value)
                if fragment is not None:
                    target = context.schema.get_type(fragment.type_condition.name.value)
                    total += cost(context, target, fragment.selection_set, factor, seen | {selection.name.value})
        return total

    class QueryCostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            root = self.context.schema.get_root_type(node.operation)
            estimate = cost(self.context, root, node.selection_set, 1, frozenset()) if root else 0
            if estimate > max_cost:
                self.report_error(
                    GraphQLError(
                        f"查询可能返回约 {estimate} 个对象，超过上限 {max_cost}，请缩小分页或减少嵌套 / "
                        f"the query may return about {estimate} objects, above the limit of {max_cost}; "
                        "ask for smaller pages or nest less",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY"},
                    )
                )

    return QueryCostRule


def _is_list(field_type: Any) -> bool:
    while isinstance(field_type, GraphQLNonNull | GraphQLList):
        if isinstance(field_type, GraphQLList):
            return True
        field_type = field_type.of_type
    return False


def _named(field_type: Any) -> Any:
    while isinstance(field_type, GraphQLNonNull | GraphQLList):
        field_type = field_type.of_type
    return field_type
