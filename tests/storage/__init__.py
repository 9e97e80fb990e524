"""Tests of fabu.storage."""
