"""Follow-up (跟踪反馈): what became of a release once published, as its channels report it.

A daily job asks each live publication's channel for its reach (``metrics``) and the public's new
comments (``feedback``), within the channel's rate limits, and keeps them for the unit
(:mod:`fabu.followup.collection`). Public-opinion incidents and evaluation build on these records.
"""
