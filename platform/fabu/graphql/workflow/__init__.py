"""The workflow domain's GraphQL: inbox, transitions, documents, delegation, and the live inbox."""

from fabu.graphql.workflow.mutations import WorkflowMutation as Mutation
from fabu.graphql.workflow.queries import WorkflowQuery as Query
from fabu.graphql.workflow.subscriptions import WorkflowSubscription as Subscription

__all__ = ["Mutation", "Query", "Subscription"]
