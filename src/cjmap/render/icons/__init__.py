"""Channel icons: ten Lucide icons (ISC licence, in ``LICENSE`` beside them) for the common channel kinds.

The SVG files are package data, copied unchanged from npm's ``lucide-static`` (:data:`LUCIDE_VERSION`); a page
inlines the shapes of the icons it uses, so nothing is fetched. A channel's icon is its ``icon:`` when the
catalogue gives one, else guessed from its id and name (:func:`guess`): ``website`` and ``Online shop`` get
``web``, ``WhatsApp`` gets ``chat``. Only the shapes are read, and only the element and attribute names of
:data:`SHAPES`, so what reaches a page is known markup whatever the files hold.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ElementTree
from importlib import resources

from markupsafe import Markup, escape

from cjmap.model import Channel, ChannelIcon

LUCIDE_VERSION = "1.62.0"
FILES: dict[ChannelIcon, str] = {
    "web": "globe", "app": "smartphone", "email": "mail", "phone": "phone", "chat": "message-circle",
    "store": "store", "social": "share-2", "sms": "message-square-text", "letter": "mailbox", "human": "user-round",
}
"""Each channel kind's Lucide icon (the file ``<name>.svg`` in this folder)."""
SHAPES = {"path": ("d",), "circle": ("cx", "cy", "r"), "rect": ("x", "y", "width", "height", "rx", "ry"),
          "line": ("x1", "y1", "x2", "y2"), "polyline": ("points",), "polygon": ("points",),
          "ellipse": ("cx", "cy", "rx", "ry")}
"""The SVG elements an icon may hold, with the attributes kept."""
WORDS: tuple[tuple[ChannelIcon, tuple[str, ...]], ...] = (
    ("sms", ("sms", "text message", "texting")),
    ("email", ("email", "e-mail", "mail", "newsletter")),
    ("chat", ("chat", "whatsapp", "messenger", "telegram", "live chat", "chatbot", "bot")),
    ("phone", ("phone", "call", "hotline", "telephone", "call centre", "call center", "helpline")),
    ("social", ("social", "instagram", "facebook", "twitter", "tiktok", "linkedin", "youtube")),
    ("letter", ("letter", "post", "mailing", "brochure", "leaflet", "flyer")),
    ("app", ("app", "mobile", "ios", "android")),
    ("web", ("web", "website", "site", "online", "portal", "browser", "internet", "www")),
    ("store", ("store", "shop", "branch", "office", "counter", "showroom", "physical", "in person", "in-person")),
    ("human", ("human", "agent", "staff", "advisor", "adviser", "consultant", "person", "assistant", "sales rep")),
)
"""Words that name each kind, tried in this order on the channel's id, then its name (SMS before mail, so
'SMS' and 'text message' are not e-mail; a word counts only as a whole word)."""
_SVG = "{http://www.w3.org/2000/svg}"


def guess(channel_id: str, channel: Channel | None) -> ChannelIcon | None:
    """The icon of a channel: its ``icon:``, else the first kind whose word its id or name holds, else None."""
    if channel is not None and channel.icon is not None:
        return channel.icon
    for text in (channel_id, channel.name if channel is not None else ""):
        words = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()).strip() + " "
        for kind, names in WORDS:
            if any(f" {name.replace('-', ' ')} " in words for name in names):
                return kind
    return None


@functools.cache
def shapes(kind: ChannelIcon) -> Markup:
    """The inner markup of ``kind``'s icon: its shapes with their geometry, every value escaped."""
    text = resources.files(__name__).joinpath(FILES[kind] + ".svg").read_text(encoding="utf-8")
    parts = []
    for element in ElementTree.fromstring(text):
        tag = element.tag.removeprefix(_SVG)
        if tag in SHAPES:
            attributes = "".join(f' {name}="{escape(element.attrib[name])}"' for name in SHAPES[tag]
                                 if name in element.attrib)
            parts.append(f"<{tag}{attributes}/>")
    return Markup("".join(parts))
