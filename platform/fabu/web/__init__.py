"""HTTP routes that are not GraphQL."""
