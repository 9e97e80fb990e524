"""Fabu's bulletin channel (公告栏): print-ready notices for notice boards, a signage page and a feed.

Publishing renders the notice as A4 and A3 PDFs (the unit's header, the full text in an embedded
CJK font, the posting period, a QR code to the portal page) and lists it on an auto-rotating
signage page and a JSON Feed while its posting period runs. Photos prove it was posted and
removed (:meth:`BulletinChannel.attach_proof`); ``status`` and
:meth:`BulletinChannel.due_for_removal` say when it must come down.
"""

from fabu.channels.sitestore import SiteStore, SiteStoreConfigError, SiteStoreError, site_store
from fabu_bulletin._config import BulletinConfig, FontChoice
from fabu_bulletin._fonts import CJK_FONTS, FontMissingError, find_font
from fabu_bulletin._pdf import PAPERS, Paper
from fabu_bulletin._plugin import BulletinChannel, RemovalReminder
from fabu_bulletin._proof import PostingProof, ProofKind, ProofRejectedError
from fabu_bulletin._qr import qr_matrix

__all__ = [
    "CJK_FONTS",
    "PAPERS",
    "BulletinChannel",
    "BulletinConfig",
    "FontChoice",
    "FontMissingError",
    "Paper",
    "PostingProof",
    "ProofKind",
    "ProofRejectedError",
    "RemovalReminder",
    "SiteStore",
    "SiteStoreConfigError",
    "SiteStoreError",
    "find_font",
    "qr_matrix",
    "site_store",
]
