"""Rules whose decider is an enterprise's head ("4. Tổng giám đốc, Giám đốc doanh nghiệp, hợp tác xã quyết định
tặng … giấy khen"), or whose subject is enterprises or cooperatives ("8. Quỹ thi đua, khen thưởng của các hợp tác
xã …"), beside the same rule for agencies and communes.

Such a clause shares most words with any question on who gives a Giấy khen; it answers only one asked from
an enterprise or a cooperative. The extraction (``assistant.extract``) reads it from here.
"""

from __future__ import annotations

import re

from corpus.text import folded_words

__all__ = ["enterprise_rule", "speaks_of_enterprises"]

# The clause's subject (its first words) is an enterprise's head, or enterprises or cooperatives themselves
# ("6. Các doanh nghiệp nhà nước được sử dụng quỹ …", "8. Quỹ thi đua, khen thưởng của các hợp tác xã …").
_RULE = re.compile(r"^(?:\d{1,2} |[a-z] )?(?:(?:tong giam doc|giam doc|chu tich hoi dong (?:quan tri|thanh vien))"
                   r"[^.;:]{0,40}\b(?:doanh nghiep|hop tac xa)\b"
                   r"|(?:cac )?(?:doanh nghiep|hop tac xa)\b"
                   r"|(?:viec (?:\w+ ){0,6}?)?quy (?:\w+ ){0,4}?cua (?:cac )?(?:doanh nghiep|hop tac xa)\b)")
_ASKED = re.compile(r"\b(?:doanh nghiep|cong ty|tong cong ty|tap doan|hop tac xa|htx|nha may|xi nghiep|"
                    r"hoi dong quan tri|hoi dong thanh vien|chu doanh nghiep|ngan hang thuong mai)\b")


def enterprise_rule(text: str) -> bool:
    """The clause's decider is the head of an enterprise or a cooperative, or its subject is one."""
    return bool(_RULE.match(folded_words(text)))


def speaks_of_enterprises(question: str) -> bool:
    """The question speaks of an enterprise or a cooperative, anywhere in its story."""
    return bool(_ASKED.search(folded_words(question)))
