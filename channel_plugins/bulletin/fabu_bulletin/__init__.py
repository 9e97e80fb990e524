"""Fabu's bulletin channel (公告栏): print-ready notices for notice boards, a signage page and a feed.

Publishing renders the notice as A4 and A3 PDFs (the unit's header, the full text in an embedded
CJK font, the posting period, a QR code to the portal page) and lists it on an auto-rotating
signage page and a JSON Feed while its posting period runs. Photos prove it was posted and
removed (the SDK's ``proof`` capability); ``status`` says when it must come down, and the daily
``upkeep`` refreshes the screens and reminds of the notices due for removal.
"""

from fabu.channels.sitestore import SiteStore, SiteStoreConfigError, SiteStoreError, site_store
from fabu_bulletin._config import BulletinConfig, FontChoice
from fabu_bulletin._fonts import CJK_FONTS, FontMissingError, find_font
from fabu_bulletin._pdf import PAPERS, Paper
from fabu_bulletin._plugin import BulletinChannel
from fabu_bulletin._proof import MAX_PHOTO_BYTES, PostingProof
from fabu_bulletin._qr import qr_matrix

__all__ = [
    "CJK_FONTS",
    "MAX_PHOTO_BYTES",
    "PAPERS",
    "BulletinChannel",
    "BulletinConfig",
    "FontChoice",
    "FontMissingError",
    "Paper",
    "PostingProof",
    "SiteStore",
    "SiteStoreConfigError",
    "SiteStoreError",
    "find_font",
    "qr_matrix",
    "site_store",
]
