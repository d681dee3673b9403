from __future__ import annotations

import unicodedata

from corpus.text import expand_abbreviations, fold, normalize, syllables


def test_normalize_is_nfc_and_cleans_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Thi đua\u00a0 khen  thưởng\u200b")
    out = normalize(decomposed)
    assert out == "Thi đua khen thưởng"
    assert unicodedata.is_normalized("NFC", out)


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Chiến sĩ thi đua Đảng") == "Chien si thi dua Dang"


def test_old_and_new_tone_placement_give_the_same_syllables() -> None:
    assert syllables("Uỷ ban hoà giải") == syllables("Ủy ban hòa giải")


def test_abbreviations_expand_with_or_without_diacritics() -> None:
    assert "chiến sĩ thi đua" in expand_abbreviations("tiêu chuẩn CSTĐ cơ sở")
    assert "chiến sĩ thi đua" in expand_abbreviations("tieu chuan cstd co so")
    assert "ủy ban nhân dân" in expand_abbreviations("ubnd xã")
    assert "lao động tiên tiến" in expand_abbreviations("LĐTT")
    # The state's honorary titles as officers write them.
    assert expand_abbreviations("danh hiệu NGƯT, NSND") == "danh hiệu nhà giáo ưu tú, nghệ sĩ nhân dân"
    # Units, bodies and awards as officers write them (the dev questions write ĐHQG/DHQG 28 times), typed bare too.
    assert expand_abbreviations("Co TD cua DHQG") == "Co thi đua cua đại học quốc gia"
    assert expand_abbreviations("AHLĐ, HCCC, TNXP, QNCN, ĐBQH") == ("anh hùng lao động, huân chương chiến công, thanh "
                                                                  "niên xung phong, quân nhân chuyên nghiệp, đại biểu quốc hội")
    assert expand_abbreviations("thuế TNCN ở TP HCM") == "thuế thu nhập cá nhân ở thành phố hồ chí minh"
    assert expand_abbreviations("tp") == "tp" and expand_abbreviations("gđ") == "gđ"  # short, lower case: words
    # Schools' people, as teachers type them, in capitals or not.
    assert expand_abbreviations("GV, GVCN lớp 5 và SV") == "giáo viên, giáo viên chủ nhiệm lớp 5 và sinh viên"
    assert expand_abbreviations("cho 1 gv") == "cho 1 giáo viên"
    # "tt" in lower case is an ordinary word, not "thông tư"
    assert expand_abbreviations("tt") == "tt"


def test_a_documents_number_is_not_expanded() -> None:
    # "05/2025/TT-BNV" stays a number: a reason names it as written ("Thư viện không có Thông tư 05/2025/TT-BNV").
    assert expand_abbreviations("Theo Thông tư 05/2025/TT-BNV") == "Theo Thông tư 05/2025/TT-BNV"
    assert expand_abbreviations("NĐ 152/2025/NĐ-CP và QĐ 86/2025/QĐ-UBND") == \
        "nghị định 152/2025/NĐ-CP và quyết định 86/2025/QĐ-UBND"
