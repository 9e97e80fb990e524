"""Archiving (归档): a release's records packed as a BagIt bag, kept in the object store, checked for fixity.

A package holds the original text of every version, the attachments' originals, the approval
records, the checks, the publication records (ledger, posting photos) and the follow-up (reach,
comments), with checksums and descriptive metadata (:mod:`fabu.archive.contents`,
:mod:`fabu.archive.bagit`). It is kept until the unit's retention rules allow otherwise
(:mod:`fabu.archive.retention`) and re-read on a schedule to prove it unchanged
(:mod:`fabu.archive.packages`).
"""
