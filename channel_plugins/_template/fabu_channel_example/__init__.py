"""Fabu channel plugin for the Example notice board (a template: rename it for your channel)."""

from fabu_channel_example.plugin import ExampleChannel, ExampleConfig

__all__ = ["ExampleChannel", "ExampleConfig"]
