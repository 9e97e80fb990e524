"""Fabu: the information-release platform for government units."""
