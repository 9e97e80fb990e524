"""Tests of fabu.checks."""
