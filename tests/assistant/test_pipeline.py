"""The stages on a small inline corpus (no ../shared): understand → retrieve → rank."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from assistant import Assistant, AssistantSettings
from assistant.compose import SHOWN_ABOVE
from assistant.conversation import Turn
from assistant.extract import lead_kind
from assistant.features import FEATURES, Candidate, feature_vectors, province_of
from assistant.parts import merge_parts, question_parts
from assistant.query import (
    INTENT_TITLES,
    asking_sentence,
    asking_sentences,
    looks_like_follow_up,
    plan_query,
    story_ask,
)
from assistant.rank import RankModel, rank
from assistant.understand import Vocabulary, swap_slots, understand, with_conversation
from corpus import Catalog
from corpus.text import count_syllables, fold
from indexer import IndexSettings, SparseEncoder, Store, ingest
from tests.conftest import MINI_LAW

TODAY = date(2030, 6, 1)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    docs = tmp_path_factory.mktemp("docs")
    (docs / "luat.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), tmp_path_factory.mktemp("data"))
    ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today=TODAY.isoformat()),
                          encoder=SparseEncoder())
    yield assistant
    store.close()


# -- understand -------------------------------------------------------------------------------
def test_a_follow_up_naming_another_level_replaces_it_and_keeps_the_rest() -> None:
    assert swap_slots("còn cấp tỉnh thì sao?", "Tiêu chuẩn chiến sĩ thi đua cơ sở là gì?") == \
        "Tiêu chuẩn chiến sĩ thi đua cấp tỉnh là gì?"
    assert swap_slots("còn Giấy khen?", "Bằng khen của Chủ tịch UBND tỉnh xét theo tiêu chuẩn nào?") == \
        "Giấy khen của Chủ tịch UBND tỉnh xét theo tiêu chuẩn nào?"


def test_a_follow_up_asking_something_new_keeps_the_subject_and_takes_its_own_intent() -> None:
    assert swap_slots("còn hồ sơ thì sao?", "Tiêu chuẩn chiến sĩ thi đua cơ sở là gì?") is None
    history = [Turn(question="Tiêu chuẩn chiến sĩ thi đua cơ sở là gì?", refused=False)]
    got = understand("còn hồ sơ thì sao?", catalog=Catalog.builtin(), today=TODAY, history=history)
    assert got.plan.intents == {"dossier"} and "chiến sĩ thi đua cơ sở" in got.effective
    swapped = understand("còn cấp tỉnh thì sao?", catalog=Catalog.builtin(), today=TODAY, history=history)
    assert swapped.effective == "Tiêu chuẩn chiến sĩ thi đua cấp tỉnh là gì?"
    assert "criteria" in swapped.plan.intents


def test_a_message_that_goes_on_from_the_case_before_reads_it_as_its_story() -> None:
    """In a chat, "mà anh Tuấn đang bị xét kỷ luật thì thế nào?" or a message naming nothing of the domain ("phòng
    chưa có văn bản xếp loại … thì dùng kết quả gì?") goes on from the case told before: that message is the story,
    told first, and this one the sentence that asks. A message with its own subject stands alone."""
    catalog = Catalog.builtin()
    case = "Anh Tuấn 2 năm liền đạt CSTĐCS, xã đang làm tờ trình xin Bằng khen tỉnh cho anh. Như vậy đủ chuẩn chưa?"
    history = [Turn(question=case, refused=False)]
    for follow_up in ("mà anh Tuấn đang bị xét kỷ luật thì thế nào?",
                      "phòng chưa có văn bản xếp loại của cấp trên thì dùng kết quả gì?"):
        assert looks_like_follow_up(follow_up), follow_up
        got = understand(follow_up, catalog=catalog, today=TODAY, history=history)
        assert got.effective.startswith("Anh Tuấn") and got.effective.endswith(follow_up), got.effective
        assert asking_sentence(got.plan.text) == follow_up and got.plan.dense_query.startswith(follow_up)
        assert "Như vậy đủ chuẩn chưa." in got.effective  # the earlier ask is told, not asked again
    for alone in ("Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?", "ma ND 152 con hieu luc den bao gio?",
                  "Năm nay xã tôi có 12 người đạt danh hiệu Lao động tiên tiến, 2 người đạt Chiến sĩ thi đua cơ sở, "
                  "cho hỏi thủ tục trình Chủ tịch xã quyết định thế nào?"):
        assert not looks_like_follow_up(alone), alone


def test_a_thanks_or_a_word_written_otherwise_is_no_intent_word() -> None:
    # Folded, "cảm ơn" (thanks) and "cầm" (hold) read "cam", the word for forbidden ("cấm").
    for question in ("Tôi đạt CSTĐ cơ sở 3 năm liền. Xin cảm ơn!", "Khi lên nhận, đại diện trường cầm Bằng thế nào?",
                     "Tieu chuan Bang khen tinh la gi? Cam on ban bien tap"):
        assert "prohibited" not in plan_query(question, catalog=Catalog.builtin(), today=TODAY).intents, question
    for question in ("Những hành vi nào bị cấm trong thi đua, khen thưởng?", "co bi cam khen thuong khong"):
        assert "prohibited" in plan_query(question, catalog=Catalog.builtin(), today=TODAY).intents, question


def test_a_closing_ask_for_where_to_read_more_gives_way_to_the_question() -> None:
    letter = ("Em là sinh viên Học viện Hải quân. Trong quá trình học, em có tìm hiểu về công tác thi đua, khen thưởng "
              "trong Quân đội và được biết thi đua được chia thành thi đua thường xuyên, thi đua theo đợt. "
              "Cho em hỏi, Bằng khen của Bộ trưởng Bộ Quốc phòng dành cho tập thể gồm những tiêu chuẩn nào? Nội dung này em có thể tham khảo thêm tại đâu? Xin trân trọng cảm ơn!")
    assert asking_sentence(letter).startswith("Cho em hỏi")
    assert plan_query(letter, catalog=Catalog.builtin(), today=TODAY).dense_query.startswith("Cho em hỏi")


def test_the_asking_sentence_decides_the_intent_of_a_long_story() -> None:
    story = ("Tôi làm văn thư, năm ngoái đã nộp đủ hồ sơ và giấy tờ theo hướng dẫn. "
             "Xin hỏi tiêu chuẩn danh hiệu chiến sĩ thi đua cơ sở là gì?")
    assert asking_sentence(story).startswith("Xin hỏi")
    plan = plan_query(story, catalog=Catalog.builtin(), today=TODAY)
    assert plan.intents == {"criteria"}
    assert "nộp đủ hồ sơ" in plan.search_text  # the whole story still feeds retrieval
    # A story and its ask in one sentence, joined by a comma before "hỏi" ("xin hỏi", "cho em hoi"): the ask is
    # what follows; consulting someone ("hỏi ý kiến") and "hội" typed bare are the story's.
    one = ("Cô Hương, hiệu trưởng trường mầm non, năm 2026 được tặng Bằng khen, hỏi trẻ mẫu giáo được hỗ trợ tiền "
           "ăn trưa bao nhiêu một tháng?")
    assert asking_sentences(one) == ["hỏi trẻ mẫu giáo được hỗ trợ tiền ăn trưa bao nhiêu một tháng?"]
    bare = "anh A duoc tang BK nam 2025, cho em hoi anh co du tieu chuan CSTDCS khong?"
    assert asking_sentences(bare) == ["cho em hoi anh co du tieu chuan CSTDCS khong?"]
    for told in ("Xã đã hỏi ý kiến Sở Nội vụ, Sở trả lời ra sao?",
                 "Em đọc Quy định kèm QĐ 86/2025 thấy hình như khác, vậy cơ quan nào tổng hợp?", "Xa co hoi nong dan, hoi dong TDKT xet the nao?",
                 "Ông A hỏi Sở, hỏi thêm cũng chưa có trả lời."):
        assert asking_sentences(told) == [told], told


def test_a_change_is_asked_by_the_asking_sentence_or_told_then_and_now() -> None:
    catalog = Catalog.builtin()

    def asks_change(text: str) -> bool:
        return "change" in plan_query(text, catalog=catalog, today=TODAY).intents

    # "mỗi … cụ thể" folds to "moi … cu", "so với quy định chung" compares with the general rule: no change.
    assert not asks_change("Đơn vị có 2 người đạt CSTĐCS, mỗi người có 2 sáng kiến. Tiêu chuẩn cụ thể để xét "
                           "Bằng khen do cơ quan nào quy định?")
    assert not asks_change("Bà là nữ lãnh đạo. Thời gian giữ chức vụ để xét có được giảm so với quy định chung "
                           "không?")
    assert not asks_change("Năm 2020 so với năm 2019 đơn vị có nhiều thành tích hơn. Xin hỏi tiêu chuẩn Tập thể "
                           "lao động xuất sắc là gì?")  # a story's comparison is no question about a change
    # Two awards or two recipients compared under today's rules: no change either.
    assert not asks_change("Bệnh viện được tặng Anh hùng Lao động. Tập thể được thưởng bao nhiêu lần mức lương cơ "
                           "sở, có gấp đôi so với cá nhân không?")
    assert not asks_change("Thủ tục đề nghị Bằng khen cho lãnh đạo Sở có gì khác so với các cá nhân khác không?")
    assert not asks_change("Huân chương Chiến công hạng Nhì và hạng Ba khác nhau ở điểm nào?")
    assert asks_change("Mức tiền Giấy khen có gì khác giữa NĐ 91/2017 và NĐ 152/2025?")
    assert asks_change("Hồ sơ Huân chương bây giờ khác gì so với trước đây?")
    assert asks_change("Tiêu chuẩn Chiến sĩ thi đua cơ sở theo luật mới khác gì so với luật cũ?")
    assert asks_change("Tieu chuan CSTD co so luat cu va luat moi co gi khac?")
    assert asks_change("Trước đây em đọc Luật Thi đua, khen thưởng 2003 thì không thấy hộ sinh. Cho em hỏi theo "
                       "luật hiện nay hộ sinh đã được xét danh hiệu Thầy thuốc ưu tú chưa?")


def test_the_asking_sentence_decides_the_time_asked_about() -> None:
    catalog = Catalog.builtin()
    story = ("Năm 2019 tôi được tặng Bằng khen của Chủ tịch UBND tỉnh, năm 2020 được công nhận CSTĐ cơ sở. "
             "Như vậy tôi có đủ điều kiện đề nghị danh hiệu Chiến sĩ thi đua cấp tỉnh không?")
    plan = plan_query(story, catalog=catalog, today=TODAY)
    assert plan.as_of == TODAY and not plan.time_explicit  # the story's years say when things happened
    dated = plan_query("Tôi hỏi về quy định cũ. Năm 2019, tiêu chuẩn Chiến sĩ thi đua cấp tỉnh là gì?",
                       catalog=catalog, today=TODAY)
    assert dated.as_of == date(2019, 12, 31) and dated.time_explicit
    # A year before every rule the library holds is a person's history, the criteria's own periods ("tham gia
    # cách mạng từ năm 1935 về trước", "trước ngày 30/4/1975"), not the time whose rules are asked.
    for history in ("Cán bộ tham gia hoạt động cách mạng từ năm 1935 về trước thì được xét Huân chương gì?",
                    "Người tham gia kháng chiến trước ngày 30/4/1975 được xét Huân chương gì?",
                    "Cán bộ hoạt động trước năm 1945 được xét khen thưởng quá trình cống hiến thế nào?"):
        old_days = plan_query(history, catalog=catalog, today=TODAY)
        assert old_days.as_of == TODAY and not old_days.time_explicit, history
    # "theo quy định của …" is today's rule: "của" is not "cũ" once the marks are folded away.
    for question in ("Việc xét tặng danh hiệu Bà mẹ Việt Nam anh hùng theo quy định của cơ quan nào?",
                     "Theo thông tư của Bộ thì hồ sơ gồm những gì?",
                     "Nghị định 152 có quy định cụ thể không hay do thành phố quy định?"):  # "cụ thể" is no "cũ"
        plan = plan_query(question, catalog=catalog, today=TODAY)
        assert plan.as_of == TODAY and not plan.time_explicit, question
    old = plan_query("Theo quy định cũ thì tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", catalog=catalog, today=TODAY)
    assert old.as_of == date(2023, 12, 31) and old.time_explicit
    # So does a replaced text: named where the question asks, or pointed back to, its time is asked about; named in
    # the story only, it tells the story's history.
    for asked in ("Theo Nghị định 91/2017 thì hồ sơ gồm mấy bộ?",
                  "Năm ấy tôi làm hồ sơ theo Nghị định 91/2017. Theo nghị định đó thì hồ sơ gồm mấy bộ?"):
        then = plan_query(asked, catalog=catalog, today=TODAY)
        assert then.as_of == date(2023, 12, 31) and then.story_doc_numbers == (), asked
    told = plan_query("Hồi còn Nghị định 91/2017 cơ quan chưa làm hồ sơ cho tôi. Xin hỏi theo quy định hiện hành thì "
                      "Phó Vụ trưởng 16 năm được xét Huân chương Lao động hạng mấy?", catalog=catalog, today=TODAY)
    assert told.as_of == TODAY and not told.time_explicit and told.story_doc_numbers == ("91/2017/NĐ-CP",)
    # Years where a count starts are asked under today's rules.
    counted = plan_query("Xin hỏi thời gian 5 năm tính từ năm có quyết định (2020) hay từ năm 2019?", catalog=catalog,
                         today=TODAY)
    assert counted.as_of == TODAY and not counted.time_explicit
    # The year an award was received, in the clause that asks, says when it happened.
    held = plan_query("Ông đã có Huân chương Lao động hạng Ba từ năm 2018, đơn vị muốn đề nghị hạng Nhì thì cần "
                      "đạt tiêu chuẩn gì?", catalog=catalog, today=TODAY)
    assert held.as_of == TODAY and not held.time_explicit
    then = plan_query("Tôi đã được tặng Bằng khen năm 2022, vậy năm 2022 mức tiền thưởng Bằng khen là bao nhiêu?",
                      catalog=catalog, today=TODAY)
    assert then.as_of == date(2022, 12, 31) and then.time_explicit


def test_intents_are_read_from_whole_words() -> None:
    catalog = Catalog.builtin()

    def intents(question: str) -> frozenset[str]:
        return plan_query(question, catalog=catalog, today=TODAY).intents

    # Folded, "lại được" holds "ai duoc" and "phải được" too: neither asks who is eligible.
    assert "criteria" not in intents("Bằng khen bị mất thì có được cấp lại được không?")
    assert "criteria" not in intents("Anh có được tự nhận không hay phải được cơ quan nào đồng ý?")
    # A duration an award requires is one of its criteria, asked with "cần" or "phải".
    assert "criteria" in intents("Giáo viên phải công tác bao lâu để được xét Bằng khen?")
    assert "criteria" in intents("Ai được xét tặng danh hiệu Lao động tiên tiến?")
    # So are the years of an artist's activity ("thời gian hoạt động"), with or without diacritics.
    for question in ("Với diễn viên múa thì thời gian hoạt động tối thiểu là bao nhiêu năm?",
                     "nghe si mua thi thoi gian hoat dong nghe thuat can toi thieu la bao nhieu?"):
        years = intents(question)
        assert "criteria" in years and "procedure" not in years
    # Which of two texts a case falls under asks the transitional provisions.
    assert "transition" in intents("Hồ sơ gửi ngày 20/3/2026 được xét theo Thông tư 07/2026 hay Thông tư cũ?")
    assert "transition" in intents("Bo Noi vu tham dinh ho so nay theo Nghi dinh 152/2025 hay theo nghi dinh cu?")
    # "tiến hành", "tiến bộ" are not money ("tiền"), whatever folding does to them.
    assert intents("Hồ sơ tiến hành khen thưởng gồm những gì?") == {"dossier"}
    assert "money" not in intents("Cá nhân có nhiều tiến bộ có được khen không?")
    assert "money" in intents("Khen thưởng có kèm tiền không?")


def test_final_i_or_y_is_spelled_as_the_corpus_spells_it() -> None:
    vocab = Vocabulary(["Danh hiệu Chiến sĩ thi đua cơ sở. Chiến sĩ tiên tiến. Nghệ sĩ nhân dân.",
                        "Chiến sỹ thi đua (văn bản cũ).", "Cá nhân bị kỷ luật. Cơ quan quản lý. Công ty." * 3])
    assert vocab.usual_spelling("Chiến sỹ thi đua cơ sở") == "Chiến sĩ thi đua cơ sở"
    assert vocab.usual_spelling("chien sy thi dua") == "chien si thi dua"
    assert vocab.usual_spelling("bị kỉ luật, quản lí") == "bị kỷ luật, quản lý"
    assert vocab.usual_spelling("công ty, quy định, y tế") == "công ty, quy định, y tế"  # no other spelling known
    plan = understand("tieu chuan chien sy thi dua", catalog=Catalog.builtin(), today=TODAY, vocabulary=vocab).plan
    assert "chien si thi dua" in plan.folded


def test_a_bare_article_number_names_an_article_only_where_the_question_asks() -> None:
    catalog = Catalog.builtin()
    quoted = plan_query("Trong Điều 68 mục 2 có ghi: tiền thưởng được làm tròn lên hàng chục nghìn đồng. "
                        "Tôi xin hỏi làm tròn như vậy có đúng không?", catalog=catalog, today=TODAY)
    assert quoted.references == ()  # some text the person read, in no document the question names
    asked = plan_query("Tôi đang đọc luật. Khoản 2 Điều 3 quy định gì?", catalog=catalog, today=TODAY)
    assert [(r.article, r.clause) for r in asked.references] == [(3, 2)]
    named = plan_query("Theo khoản 1 Điều 73 Luật Thi đua, khen thưởng 2022 thì tôi được tặng. Tôi có đủ điều kiện "
                       "không?", catalog=catalog, today=TODAY)
    assert [r.article for r in named.references] == [73]  # a document named in the story still counts


def test_who_asks_is_not_what_is_asked() -> None:
    catalog = Catalog.builtin()
    plan = plan_query("Bạn đọc có email abc@gmail.com gửi đến Văn phòng Tư vấn pháp luật Báo Lao Động hỏi: cá nhân "
                      "muốn được tặng danh hiệu Người trồng cây giỏi cần những điều kiện gì?", catalog=catalog,
                      today=TODAY)
    assert plan.question.startswith("cá nhân muốn") and "lao dong" not in plan.folded
    # A lead-in that speaks of the subject is part of the question.
    taught = plan_query("Tôi giảng về danh hiệu Người trồng cây giỏi. Học viên hỏi: cần những điều kiện gì?",
                        catalog=catalog, today=TODAY)
    assert "nguoi trong cay gioi" in taught.folded
    # So does one that speaks of it in its abbreviations ("Hội đồng TĐKT").
    council = plan_query("Tỉnh phải kiện toàn lại Hội đồng TĐKT tỉnh. Chuyên viên hỏi: ai quyết định cơ cấu?",
                         catalog=catalog, today=TODAY)
    assert "kien toan" in council.folded
    # Where the asker is stays: a province's own rules answer its people.
    for letter, place in (("Ông Đỗ Văn C, Giám đốc Công ty TNHH Tiên Sơn (tỉnh Bắc Ninh), hỏi: ai xét?", "bac ninh"),
                          ("Ông Tô Hoài Nam (phường Ba Đình, Hà Nội) hỏi: ai xét?", "ha noi"),
                          ("Bà Lê Thị A, Sở Nội vụ TP Hải Phòng hỏi: ai xét?", "hai phong")):
        asked = plan_query(letter, catalog=catalog, today=TODAY)
        assert place in asked.folded and "tien son" not in asked.folded and "nam" not in asked.folded.split(), letter
    assert plan_query("Ông Nguyễn Văn Huyền, Phòng Tư pháp huyện Ninh Sơn hỏi: ai xét?", catalog=catalog,
                      today=TODAY).question == "ai xét?"


def test_the_dense_model_reads_a_long_story_from_the_sentence_that_asks() -> None:
    story = ("Tôi là giáo viên dạy toán ở một trường trung học cơ sở thuộc xã miền núi, đã công tác được mười "
             "hai năm, nhiều năm liền hoàn thành xuất sắc nhiệm vụ và có hai sáng kiến được công nhận ở cấp cơ "
             "sở, năm vừa rồi tôi còn được Chủ tịch Ủy ban nhân dân xã tặng giấy khen vì thành tích trong phong "
             "trào thi đua dạy tốt học tốt của địa phương. Vậy tôi có đủ điều kiện đề nghị Chiến sĩ thi đua cơ "
             "sở không?")
    plan = understand(story, catalog=Catalog.builtin(), today=TODAY).plan
    assert plan.dense_query.startswith("Vậy tôi có đủ điều kiện đề nghị Chiến sĩ thi đua cơ sở không?")
    assert len(plan.dense_query) <= 288 and "Tôi là giáo viên" in plan.dense_query
    assert plan.search_text.startswith("Tôi là giáo viên")  # keyword retrieval still reads the whole story
    short = "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?"
    assert understand(short, catalog=Catalog.builtin(), today=TODAY).plan.dense_query == short


def test_typos_and_missing_diacritics_are_read_against_the_corpus_vocabulary() -> None:
    vocab = Vocabulary([MINI_LAW])
    assert vocab.correct(["tiu", "chuan", "nguoi", "trong", "cay", "gioi"])[:2] == ["tieu", "chuan"]
    assert vocab.restore(["nguoi", "trong", "cay", "gioi"]) == ["người", "trồng", "cây", "giỏi"]
    plan = understand("tiu chuan nguoi trong cay gioi", catalog=Catalog.builtin(), today=TODAY,
                      vocabulary=vocab).plan
    assert "criteria" in plan.intents and plan.dense_query.startswith("tiêu chuẩn người trồng cây giỏi")
    # An abbreviation spelt out in full ("ủy ban nhân dân") does not make a bare question look marked.
    ubnd = understand("chu tich UBND xa tang danh hieu nguoi trong cay gioi", catalog=Catalog.builtin(),
                      today=TODAY, vocabulary=vocab).plan
    assert "người trồng cây giỏi" in ubnd.dense_query
    # Read back in place: the asker's punctuation, quotes and capitals stay for the dense model.
    quoted = understand("Tieu chuan “Nguoi trong cay gioi” la gi?", catalog=Catalog.builtin(), today=TODAY,
                        vocabulary=vocab).plan
    assert quoted.dense_query.startswith("Tiêu chuẩn “Người trồng cây giỏi”") and quoted.dense_query.endswith("?")
    # A typo in a story typed with marks is corrected in place: its sentences stay sentences, so "cũ" told in
    # the story and "mới" in the ask do not read as asking what changed.
    wider = Vocabulary([MINI_LAW, "Anh Ba ở huyện cũ có đủ hay không thì mới hỏi anh ấy."])
    story = understand("Anh Ba ở huyện Mèo Vạc cũ, năm 2019 trồng được 80 cây. Xin hỏi anh ấy mới trồng 80 cây thì "
                       "có đủ tiu chuẩn Người trồng cây giỏi không?", catalog=Catalog.builtin(), today=TODAY,
                       vocabulary=wider).plan
    assert "criteria" in story.intents and "change" not in story.intents and story.as_of == TODAY
    # Typed bare, "cụ thể" is no "cũ" beside "mỗi".
    bare = plan_query("Luat co quy dinh cu the khong hay moi xa tu quy dinh tieu chuan nguoi trong cay gioi?",
                      catalog=Catalog.builtin(), today=TODAY)
    assert "change" not in bare.intents


def test_a_dossier_asked_of_one_medal_searches_the_dossier_of_medals_of_all_kinds() -> None:
    # NĐ 152/2025 sets one dossier for "Huân chương các loại"; the question names one medal and grade.
    plan = plan_query("Hồ sơ đề nghị Huân chương Lao động hạng Ba gồm những gì?", catalog=Catalog.builtin(),
                      today=TODAY)
    assert "Huân chương các loại" in plan.search_text
    criteria = plan_query("Tiêu chuẩn Huân chương Lao động hạng Ba là gì?", catalog=Catalog.builtin(), today=TODAY)
    assert "các loại" not in criteria.search_text


def test_a_province_award_named_by_who_signs_it_searches_the_laws_name_for_it() -> None:
    plan = plan_query("BK của Chủ tịch UBND tỉnh xét tặng theo tiêu chuẩn nào?", catalog=Catalog.builtin(), today=TODAY)
    assert "bằng khen của bộ, ban, ngành, tỉnh" in plan.search_text
    flag = plan_query("Cờ thi đua của UBND tỉnh tặng cho ai?", catalog=Catalog.builtin(), today=TODAY)
    assert "cờ thi đua của bộ, ban, ngành, tỉnh" in flag.search_text


def test_another_countrys_award_searches_the_rule_on_foreign_awards() -> None:
    plan = plan_query("Phía bạn sẽ tặng anh Huân chương Lao động của Lào. Anh có được tự nhận không?",
                      catalog=Catalog.builtin(), today=TODAY)
    assert "tổ chức nước ngoài" in plan.search_text
    for question in ("Huân chương Lao động hạng Ba xét cho ai?", "Người lao động được tặng Bằng khen khi nào?"):
        assert "nước ngoài" not in plan_query(question, catalog=Catalog.builtin(), today=TODAY).search_text


def test_a_unit_that_ceased_to_exist_searches_the_rule_for_dissolved_units() -> None:
    # Since 01/7/2025 there is no cấp huyện: people say the district "ended" or "is no more".
    for question in ("Huyện đã kết thúc hoạt động thì ai đề nghị khen thưởng cho cán bộ đã nghỉ hưu?",
                     "Nay không còn UBND huyện thì hồ sơ khen thưởng do ai trình?"):
        plan = plan_query(question, catalog=Catalog.builtin(), today=TODAY)
        assert "giải thể hoặc sáp nhập" in plan.search_text, question
    assert "giải thể" not in plan_query("Chủ tịch UBND huyện tặng giấy khen cho ai?", catalog=Catalog.builtin(),
                                        today=TODAY).search_text


def test_titles_received_at_once_search_the_rule_on_their_bonuses() -> None:
    plan = plan_query("Tôi được công nhận đồng thời danh hiệu Lao động tiên tiến và Chiến sĩ thi đua cơ sở, được nhận "
                      "tiền thưởng của cả hai danh hiệu hay chỉ một?", catalog=Catalog.builtin(), today=TODAY)
    assert "đạt nhiều danh hiệu thi đua" in plan.search_text
    assert "nhiều danh hiệu" not in plan_query("Danh hiệu Lao động tiên tiến được thưởng bao nhiêu?",
                                               catalog=Catalog.builtin(), today=TODAY).search_text



def test_everyday_words_for_launching_a_movement_reissuing_an_award_and_the_2025_restructuring() -> None:
    from assistant.query import law_wording  # noqa: PLC0415

    assert "phát động phong trào thi đua" in law_wording("UBND xã muốn tự mở một đợt thi đua chuyên đề được không?")
    for lost in ("Đề nghị cấp đổi KNC bị hỏng gửi về đâu?", "Huân chương của bố tôi bị cuốn trôi trong lũ",
                 "Bằng khen bị mất thì làm thế nào?"):
        assert "cấp đổi cấp lại hiện vật" in law_wording(lost), lost
    # "bí mật", "mặt bằng" lose nothing.
    for kept in ("Hồ sơ có tài liệu thuộc bí mật nhà nước", "Về mặt bằng chung, Bằng khen được thưởng bao nhiêu?"):
        assert "cấp đổi" not in law_wording(kept), kept
    for merged in ("Sau khi hợp nhất tỉnh, chức danh cũ tính thế nào?", "Sở mới thành lập sau sắp xếp tổ chức",
                   "tu khi bo cap huyen thi sao?"):
        assert "sắp xếp tổ chức bộ máy" in law_wording(merged), merged


def test_a_names_initial_ends_no_sentence_and_paying_back_is_a_revocation() -> None:
    from assistant.query import sentences  # noqa: PLC0415

    story = "Năm 2024 anh C. được tặng Bằng khen. Xin hỏi ai có thẩm quyền hủy quyết định, và anh C. phải nộp lại gì?"
    assert sentences(story) == ["Năm 2024 anh C. được tặng Bằng khen.",
                                "Xin hỏi ai có thẩm quyền hủy quyết định, và anh C. phải nộp lại gì?"]
    # Nor does a degree before a name; "chưa có … nào." tells, it does not ask.
    told = "Đại tá, TS. Vũ Quang Huy chủ nhiệm đề tài. Anh chưa có huân chương nào. Anh có được đề nghị Huân chương không?"
    assert sentences(told)[0] == "Đại tá, TS. Vũ Quang Huy chủ nhiệm đề tài."
    assert asking_sentences(told) == ["Anh có được đề nghị Huân chương không?"]
    assert asking_sentences("Hồ sơ gồm những giấy tờ nào.") == ["Hồ sơ gồm những giấy tờ nào."]
    # … nor does "không … ai." or "chưa … gì." closed by a full stop.
    recalled = "Quy chế cũ chúng tôi nhớ không loại trừ ai. Xin hỏi theo quy định hiện hành, tổng công ty có được xét không?"
    assert asking_sentences(recalled) == [recalled.split(". ")[1]]
    assert asking_sentences("Ông chưa được khen gì. Ông có được đề nghị Bằng khen không?") == [
        "Ông có được đề nghị Bằng khen không?"]
    plan = plan_query("Anh C. phải nộp lại bằng khen, tiền thưởng trong thời hạn bao lâu?", catalog=Catalog.builtin(),
                      today=TODAY)
    assert "revocation" in plan.intents and "thu hồi hiện vật tiền thưởng" in plan.search_text
    assert "hủy bỏ quyết định" in plan_query("Ai có thẩm quyền hủy quyết định khen thưởng?",
                                             catalog=Catalog.builtin(), today=TODAY).search_text


def test_chat_words_of_a_bare_question_read_back_as_people_write_them() -> None:
    law = "Buổi tối, tổ chức đảng họp. Đảng viên trồng cây. Đảng viên gương mẫu."
    corpus_only = Vocabulary([law] * 20)
    text = ["toi", "dang", "hop"]
    assert corpus_only.restore(text)[:2] == ["tối", "đảng"]  # the laws' words only
    counts = with_conversation(count_syllables([law] * 20))
    both = Vocabulary.from_counts(counts)
    assert both.restore(text)[:2] == ["tôi", "đang"]
    assert both.restore(["dang", "vien"]) == ["đảng", "viên"]  # the laws' own pair still reads as theirs
    assert "em" in both and both.correct(["em", "mong"]) == ["em", "mong"]  # chat words are no typos


# -- retrieve and rank ------------------------------------------------------------------------
def test_search_and_answers_share_one_ranking_with_its_breakdown(mini: Assistant) -> None:
    question = "Ai quyết định tặng danh hiệu Người trồng cây giỏi?"
    found = mini.search(question, 3)
    plan = understand(question, catalog=mini.catalog, today=TODAY, vocabulary=mini.vocabulary()).plan
    assert [r.chunk.id for r in found] == [r.chunk.id for r in mini.retrieve(plan)[:3]]
    top = found[0]
    assert top.chunk.article == "2" and top.score == 1.0
    assert len(top.features) == len(FEATURES)
    names = [name for name, _, _ in top.breakdown(mini.weights, dense=False)]
    assert "keyword" in names and "title_phrase" in names  # "người trồng cây giỏi" is in the title


def test_a_ranking_kept_within_an_ask_is_redone_for_a_new_index(tmp_path: Path) -> None:
    # The gate and the answer rank the same plan; a kept ranking must never outlive its index.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "luat.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), tmp_path / "data")
    ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today=TODAY.isoformat()), encoder=SparseEncoder())
    try:
        plan = understand("Mức tiền thưởng người trồng cây giỏi", catalog=assistant.catalog, today=TODAY).plan
        first = assistant.retrieve(plan)
        assert [r.chunk.id for r in assistant.retrieve(plan)] == [r.chunk.id for r in first]
        assert "0,5 lần" in first[0].chunk.text
        (docs / "luat.txt").write_text(MINI_LAW.replace("0,5 lần", "0,7 lần"), "utf-8")
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        assert "0,7 lần" in assistant.retrieve(plan)[0].chunk.text
    finally:
        store.close()


def test_a_storys_asking_sentences_searched_alone_lift_the_rule_they_ask_about(mini: Assistant) -> None:
    story = ("Năm nay tôi trồng được 150 cây xanh, chăm sóc cây sống trên 95% và tham gia phong trào bảo vệ môi "
             "trường. Xin hỏi luật này quy định về việc gì?")
    assert story_ask(story) == "Xin hỏi luật này quy định về việc gì?"
    assert story_ask("Luật này quy định về việc gì?") == ""  # a question alone is no story
    plan = plan_query(story, catalog=mini.catalog, today=TODAY)
    found = {c.chunk.article: c for c in mini.retriever.candidates(plan)}
    assert found["2"].keyword > found["1"].keyword and found["1"].keyword_ask > found["2"].keyword_ask
    # Story words close, the asking sentence's own match decides; without it the story's words win.
    chunks = {c.article: c for c in mini.store.all_chunks()}
    cands = [Candidate(chunks["2"], keyword=10.0), Candidate(chunks["1"], keyword=9.8, keyword_ask=5.0)]
    assert rank(plan, cands, mini.catalog)[0].chunk.article == "1"
    flat = [replace(c, keyword_ask=0.0) for c in cands]
    assert rank(plan, flat, mini.catalog)[0].chunk.article == "2"


def test_a_passage_the_question_names_ranks_first(mini: Assistant) -> None:
    plan = plan_query("Điều 3 quy định gì?", catalog=mini.catalog, today=TODAY)
    chunks = {c.article: c for c in mini.store.all_chunks()}
    ranked = rank(plan, [Candidate(chunks["2"], keyword=9.0), Candidate(chunks["3"], keyword=1.0, reference=True)],
                  mini.catalog)
    assert ranked[0].chunk.article == "3" and ranked[0].base == 1.0


def test_features_of_a_local_text_for_a_question_naming_no_province(mini: Assistant) -> None:
    assert province_of("Ủy ban nhân dân tỉnh Bắc Ninh") == "bac ninh"
    assert province_of("Quốc hội") is None
    chunk = mini.store.all_chunks()[0]
    local = Candidate(replace(chunk, issuer="Ủy ban nhân dân tỉnh Bắc Ninh"), keyword=1.0)
    national = Candidate(chunk, keyword=1.0)
    plan = plan_query("người trồng cây giỏi", catalog=mini.catalog, today=TODAY)
    scored = {s.candidate.chunk.issuer: s.breakdown() for s in feature_vectors(plan, [local, national], mini.catalog)}
    assert scored["Ủy ban nhân dân tỉnh Bắc Ninh"]["local_other"] == 1.0
    assert scored[chunk.issuer]["local"] == 0.0
    asked = plan_query("người trồng cây giỏi ở tỉnh Bắc Ninh", catalog=mini.catalog, today=TODAY)
    again = {s.candidate.chunk.issuer: s.breakdown() for s in feature_vectors(asked, [local], mini.catalog)}
    assert again["Ủy ban nhân dân tỉnh Bắc Ninh"]["local_other"] == 0.0
    # Asked by the national law only, a province's text the story names is another question's answer.
    for question, other in (("Hợp tác xã ở tỉnh Bắc Ninh. Xin hỏi theo Luật, tiêu chuẩn người trồng cây giỏi là gì?", 1.0),
                            ("Theo Luật và quy định của tỉnh Bắc Ninh, tiêu chuẩn người trồng cây giỏi là gì?", 0.0)):
        framed = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert feature_vectors(framed, [local], mini.catalog)[0].breakdown()["local_other"] == other, question
    ranked = rank(plan, [local, national], mini.catalog)
    assert ranked[0].chunk.issuer == chunk.issuer  # the national text first when no province is named
    # The capital named as such ("Công dân danh dự Thủ đô") names Hà Nội; a province's name is a whole word.
    capital = Candidate(replace(chunk, issuer="Hội đồng nhân dân thành phố Hà Nội"), keyword=1.0)
    for question, other in (("Danh hiệu Công dân danh dự Thủ đô trao tặng thế nào?", 0.0),
                            ("người trồng cây giỏi ở tỉnh Bắc Ninh", 1.0)):
        named = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert feature_vectors(named, [capital], mini.catalog)[0].breakdown()["local_other"] == other, question


def _feature(mini: Assistant, question: str, candidate: Candidate, name: str) -> float:
    """One feature of one candidate for a question (the mini corpus's catalog, today)."""
    plan = plan_query(question, catalog=mini.catalog, today=TODAY)
    return feature_vectors(plan, [candidate], mini.catalog)[0].breakdown()[name]


def _titled(mini: Assistant, *titles: str) -> list[Candidate]:
    """The mini corpus's first chunk under each article title, as a candidate."""
    chunk = mini.store.all_chunks()[0]
    return [Candidate(replace(chunk, article_title=t), keyword=1.0) for t in titles]


def test_a_sectors_own_text_is_marked_for_a_question_in_that_sector(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    circular = Candidate(replace(chunk, doc_number="07/2026/TT-BGDĐT", doc_type="Thông tư"), keyword=1.0)

    def sector(question: str) -> tuple[float, float]:
        return (_feature(mini, question, circular, "own_sector"), _feature(mini, question, circular, "other_sector"))

    assert sector("Trường đại học muốn đề nghị Cờ thi đua của Bộ Giáo dục và Đào tạo thì cần tiêu chuẩn gì?") == (1.0, 0.0)
    assert sector("Cờ thi đua của Bộ, ban, ngành cần tiêu chuẩn gì?") == (0.0, 1.0)


def test_a_texts_scope_article_is_marked_unless_the_question_asks_what_it_covers(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    scope = Candidate(replace(chunk, article_title="Phạm vi điều chỉnh"), keyword=1.0)

    def unasked(question: str) -> float:
        return _feature(mini, question, scope, "scope_unasked")

    assert unasked("Phòng Kinh tế có đủ điều kiện Tập thể lao động tiên tiến không?") == 1.0
    assert unasked("Quy định này áp dụng cho những đối tượng nào?") == 0.0
    assert unasked("Phạm vi điều chỉnh của Nghị định 152 gồm những gì?") == 0.0
    assert unasked("Xin hỏi luật này quy định về việc gì?") == 0.0
    assert unasked("Nghị định quy định gì về truy tặng?") == 1.0


def test_a_top_council_is_marked_for_a_question_about_a_units_own_council(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    province = Candidate(replace(chunk, article_title="Hội đồng Thi đua - Khen thưởng tỉnh"), keyword=1.0)
    units = Candidate(replace(chunk, article_title="Hội đồng Thi đua - Khen thưởng các cơ quan, đơn vị, địa phương"),
                      keyword=1.0)

    def above(question: str, candidate: Candidate = province) -> float:
        return _feature(mini, question, candidate, "council_above")

    assert above("Hội đồng TĐKT của trường có mấy Phó Chủ tịch?") == 1.0
    assert above("Tôi là thư ký Hội đồng TĐKT phường. Hội đồng TĐKT cấp cơ sở làm việc theo nguyên tắc nào?") == 1.0
    assert above("Hoi dong TDKT cua UBND xa do ai lam Chu tich?") == 1.0
    assert above("Hội đồng TĐKT của trường có mấy Phó Chủ tịch?", units) == 0.0
    assert above("Hội đồng TĐKT tỉnh có mấy Phó Chủ tịch?") == 0.0  # the province's own council asked
    assert above("Tiêu chuẩn Lao động tiên tiến là gì?") == 0.0
    # The centre's council is above the province's; the council may be named in the story only.
    centre = Candidate(replace(chunk, article_title="Hội đồng Thi đua - Khen thưởng Trung ương"), keyword=1.0)
    assert above("Hội đồng TĐKT tỉnh có mấy Phó Chủ tịch?", centre) == 1.0
    assert above("Tỉnh phải kiện toàn lại Hội đồng TĐKT tỉnh. Chuyên viên hỏi: ai quyết định cơ cấu, số ủy viên?",
                 centre) == 1.0
    assert above("Hội đồng TĐKT Trung ương có mấy Phó Chủ tịch?", centre) == 0.0
    # Under a title naming every council, the clause's opening says whose council it is about.
    law = Candidate(replace(chunk, article_title="Hội đồng Thi đua - Khen thưởng",
                            text="2. Thành phần Hội đồng Thi đua - Khen thưởng Trung ương gồm Chủ tịch Hội đồng là Thủ "
                                 "tướng Chính phủ, các Phó Chủ tịch Hội đồng và các thành viên khác."), keyword=1.0)
    assert above("Ở Bắc Ninh, ai làm Chủ tịch Hội đồng TĐKT của xã?", law) == 1.0
    assert above("Hội đồng TĐKT Trung ương do ai làm Chủ tịch?", law) == 0.0
    general = Candidate(replace(chunk, article_title="Hội đồng Thi đua - Khen thưởng",
                                text="4. Hội đồng Thi đua - Khen thưởng các cấp làm việc theo chế độ tập thể."), keyword=1.0)
    assert above("Ở Bắc Ninh, ai làm Chủ tịch Hội đồng TĐKT của xã?", general) == 0.0


def test_a_standard_title_is_marked_for_a_criteria_question(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    standard = Candidate(replace(chunk, article_title="Tiêu chuẩn xét tặng"), keyword=1.0)
    principle = Candidate(replace(chunk, article_title="Nguyên tắc xét tặng"), keyword=1.0)

    def marked(question: str, candidate: Candidate = standard) -> float:
        return _feature(mini, question, candidate, "standard_title")

    asked = "Theo Quy chế của Hà Nội, người được đề nghị Công dân Thủ đô ưu tú phải đạt những tiêu chuẩn nào?"
    assert marked(asked) == 1.0 and marked(asked, principle) == 0.0
    assert marked("Hồ sơ đề nghị Công dân Thủ đô ưu tú gồm những gì?") == 0.0  # a dossier asked, not a standard


def test_a_provinces_text_is_marked_for_a_question_asked_by_its_rules(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    bac_ninh = Candidate(replace(chunk, doc_number="86/2025/QĐ-UBND", doc_type="Quyết định",
                                 issuer="Ủy ban nhân dân tỉnh Bắc Ninh"), keyword=1.0)

    def framed(question: str) -> float:
        return _feature(mini, question, bac_ninh, "local_framed")

    assert framed("Theo quy định thi đua, khen thưởng của tỉnh Bắc Ninh, ai thẩm định hồ sơ Giấy khen?") == 1.0
    assert framed("Xã ở Bắc Ninh hỏi ai thẩm định hồ sơ Giấy khen?") == 0.0  # the province named, its rules not asked
    assert framed("Theo quy định thi đua, khen thưởng của tỉnh Nghệ An, ai thẩm định hồ sơ?") == 0.0  # another province

    # A letter's attribution says where the asker is: that province's text is not another province's.
    letter = ("Bà Nguyễn Thị Lan, kế toán Công ty CP Dệt may Quế Võ (tỉnh Bắc Ninh), hỏi: theo Quy định của tỉnh, cơ "
              "quan nào tổng hợp tình hình an toàn vệ sinh lao động để xét khen thưởng?")
    assert _feature(mini, letter, bac_ninh, "local_other") == 0.0 and framed(letter) == 1.0


def test_an_order_asked_in_one_class_marks_its_other_classes(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]

    def titled(title: str) -> Candidate:
        return Candidate(replace(chunk, article_title=title), keyword=1.0)

    second, third = titled("“Huân chương Độc lập” hạng Nhì"), titled("“Huân chương Độc lập” hạng Ba")
    labour = titled("“Huân chương Lao động” hạng Nhì")

    def other(question: str, candidate: Candidate = second) -> float:
        return _feature(mini, question, candidate, "other_class_title")

    # The class asked where the question asks, not the one the story says the unit holds.
    asked = ("Tỉnh đã được tặng Huân chương Độc lập hạng Nhì. Xin hỏi Huân chương Độc lập hạng Ba tặng cho tỉnh "
             "nhân dịp kỷ niệm ngày thành lập với những tiêu chuẩn gì?")
    assert other(asked) == 1.0 and other(asked, third) == 0.0
    assert other(asked, labour) == 0.0  # another order is another feature's business
    assert other("Tỉnh đã có HC Độc lập hạng Ba. Dịp này có thể đề nghị HC Độc lập hạng Nhì không?") == 0.0
    # A bare class where the question asks is of the one order the story names.
    assert other("Ông đã có Huân chương Độc lập hạng Ba từ 2015. Nay đề nghị hạng Nhì được không?", third) == 1.0
    assert other("Huân chương Độc lập tặng cho ai?") == 0.0  # no class asked
    # One sentence may say the class held and ask another, bare.
    held = "Tỉnh đã có Huân chương Độc lập hạng Ba muốn đề nghị hạng Nhì thì cần những tiêu chuẩn gì?"
    assert other(held) == 0.0 and other(held, third) == 1.0


def test_a_question_asking_which_text_governs_marks_the_transitional_rule(mini: Assistant) -> None:
    transitional, force = _titled(mini, "Điều khoản chuyển tiếp", "Hiệu lực thi hành")

    def marked(question: str, candidate: Candidate = transitional) -> float:
        return _feature(mini, question, candidate, "transition_asked")

    pending = ("Sở đã gửi hồ sơ đề nghị Bằng khen của Thủ tướng đến Bộ Nội vụ ngày 25/6/2025, đến nay chưa có "
               "quyết định. Bộ sẽ thẩm định hồ sơ theo Nghị định 152/2025 hay theo nghị định cũ?")
    assert marked(pending) == 1.0 and marked(pending, force) == 0.0
    assert marked("Huân chương tặng năm 2010 theo luật cũ có còn giá trị không?") == 1.0
    assert marked("hồ sơ nộp trước tháng 4 thì xét theo thong tu moi hay cu?") == 1.0
    # Whether a text is in force, or another pair of things old and new, is not which text governs a case.
    assert marked("Nghị định 152/2025 có hiệu lực từ ngày nào?") == 0.0
    assert marked("Tiền thưởng tính theo mức lương cơ sở cũ hay mới?") == 0.0
    assert marked("Bằng khen tặng theo quy định của tỉnh hay theo quy định của Luật?") == 0.0
    assert marked("Mức độ hoàn thành nhiệm vụ làm căn cứ được công nhận theo quy định nào?") == 0.0
    # The story may tell of the old text; the sentence that asks decides.
    assert marked("Trước đây hồ sơ xét theo nghị định cũ. Hồ sơ Bằng khen gồm những gì?") == 0.0

def test_features_tell_the_award_asked_about_from_another_one_in_a_title(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    titles = ("Bằng khen của Bộ, ban, ngành, tỉnh", "Giấy khen", "Thẩm quyền quyết định khen thưởng")
    # With dense scores (equal here): the keyword-only weights leave the award features out.
    candidates = [Candidate(replace(chunk, id=t, article_title=t), keyword=1.0, dense=0.8) for t in titles]
    # People name the province's Bằng khen by who signs it; the story's other award does not count.
    plan = plan_query("Tôi được Giấy khen năm 2024. Bằng khen của Chủ tịch UBND tỉnh cần tiêu chuẩn gì?",
                      catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(plan, candidates, mini.catalog)}
    assert (got[titles[0]]["award_title"], got[titles[0]]["other_award_title"]) == (1.0, 0.0)
    assert (got[titles[1]]["award_title"], got[titles[1]]["other_award_title"]) == (0.0, 1.0)
    assert (got[titles[2]]["award_title"], got[titles[2]]["other_award_title"]) == (0.0, 0.0)  # names no award
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == titles[0]
    # … or by the giver before the award ("đề nghị Bộ tặng Bằng khen"), as the asking sentence of a story.
    giver = plan_query("Tôi 3 năm liền đạt Chiến sĩ thi đua cơ sở. Vậy tôi có đủ điều kiện để được đề nghị Bộ "
                       "tặng Bằng khen không?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(giver, candidates, mini.catalog)}
    assert (got[titles[0]]["award_title"], got[titles[1]]["other_award_title"]) == (1.0, 1.0)
    # A title naming Bằng khen without its giver speaks of every Bằng khen, the province's too.
    money = Candidate(replace(chunk, id="money", article_title="Mức tiền thưởng Bằng khen, Giấy khen, Kỷ niệm chương"),
                      keyword=1.0, dense=0.8)
    asked = plan_query("Bằng khen của Chủ tịch UBND tỉnh được thưởng bao nhiêu?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(asked, [money], mini.catalog)}
    assert (got["money"]["award_title"], got["money"]["other_award_title"]) == (1.0, 0.0)
    # An asking sentence that names no award leans on the sentence before it.
    leaning = plan_query("Cô Thu đạt Chiến sĩ thi đua cơ sở hai năm liền. Trường muốn đề nghị Chủ tịch UBND tỉnh "
                         "tặng bằng khen cho cô. Cô có đủ tiêu chuẩn không?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(leaning, candidates, mini.catalog)}
    assert (got[titles[0]]["award_title"], got[titles[1]]["other_award_title"]) == (1.0, 1.0)
    # … on the nearest one before it that names an award, however many sentences tell the story between.
    farther = plan_query("Báo cáo thành tích đề nghị tặng bằng khen của Chủ tịch UBND tỉnh cho ông A. tính đến hết "
                         "năm 2025. Do vướng khâu lấy ý kiến nên tháng 9/2026 mới ký tờ trình. Xin hỏi có được "
                         "tiếp nhận hồ sơ này không?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(farther, candidates, mini.catalog)}
    assert (got[titles[0]]["award_title"], got[titles[1]]["other_award_title"]) == (1.0, 1.0)
    # Awards the ask names only as a count of people are what the story's award asks of them ("tỷ lệ LĐTT, CSTĐCS").
    collective = ("Tập thể lao động xuất sắc", "Lao động tiên tiến")
    pair = [Candidate(replace(chunk, id=t, article_title=t), keyword=1.0, dense=0.8) for t in collective]
    for question in ("Phòng có 9 người đạt LĐTT, muốn đề nghị danh hiệu TTLĐXS. Theo quy định thì tỷ lệ LĐTT, CSTĐCS "
                     "trong phòng tối thiểu là bao nhiêu?",
                     "Phòng muốn đề nghị danh hiệu TTLĐXS. Có bắt buộc phải có người đạt CSTĐCS không?",
                     "Phòng muốn đề nghị danh hiệu TTLĐXS. Nhưng cả phòng không ai đạt CSTĐCS thì sao?",
                     "Phòng muốn đề nghị danh hiệu TTLĐXS. Anh Nam mới 2 năm liền đạt LĐTT thì có sao không?"):
        counted = plan_query(question, catalog=mini.catalog, today=TODAY)
        got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(counted, pair, mini.catalog)}
        assert (got[collective[0]]["award_title"], got[collective[1]]["other_award_title"]) == (1.0, 1.0), question
    # … and so are awards already held, which the story tells beside the one proposed.
    held = plan_query("Trường định xin Bằng khen của Thủ tướng cho thầy hiệu trưởng. Thầy đã có Bằng khen của Chủ tịch "
                      "UBND tỉnh và 3 lần CSTĐCS. Vậy cần chuẩn bị giấy tờ gì?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(held, candidates, mini.catalog)}
    assert (got[titles[0]]["award_title"], got[titles[0]]["other_award_title"]) == (0.0, 1.0)
    # An award of the ask's own is the one asked about, a count beside it or not.
    own = plan_query("Phòng muốn đề nghị danh hiệu TTLĐXS. Cá nhân đạt LĐTT được thưởng bao nhiêu?",
                     catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown() for s in feature_vectors(own, pair, mini.catalog)}
    assert got[collective[1]]["award_title"] == 1.0


def test_a_title_naming_an_award_and_its_dossier_is_a_dossier_title(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    titles = ("Hồ sơ, thủ tục xét tặng “Cờ thi đua của Chính phủ”", "“Cờ thi đua của Chính phủ”",
              "Tiêu chuẩn, hồ sơ xét tặng “Cờ thi đua của Chính phủ”")
    candidates = [Candidate(replace(chunk, id=t, article_title=t), keyword=1.0, dense=0.8) for t in titles]
    plan = plan_query("Tập thể 2 năm liên tục được tặng Cờ thi đua của UBND tỉnh có đủ tiêu chuẩn đề nghị tặng "
                      "Cờ thi đua của Chính phủ không?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: (s.breakdown()["intent_title"], s.breakdown()["other_intent_title"])
           for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {titles[0]: (0.0, 1.0), titles[1]: (1.0, 0.0), titles[2]: (1.0, 0.0)}
    dossier = plan_query("Hồ sơ đề nghị tặng Cờ thi đua của Chính phủ gồm những gì?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["intent_title"] for s in feature_vectors(dossier, candidates, mini.catalog)}
    assert got[titles[0]] == 1.0


def test_features_tell_a_clause_for_collectives_from_one_for_the_individual_asked_about(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    title = "Danh hiệu “Anh hùng Lực lượng vũ trang nhân dân”"
    opening = "Danh hiệu “Anh hùng Lực lượng vũ trang nhân dân” để tặng "
    clauses = {"1": f"1. {opening}hoặc truy tặng cho cá nhân đạt các tiêu chuẩn sau đây:\na) Tuyệt đối trung thành;",
               "2": f"2. {opening}cho tập thể đạt các tiêu chuẩn sau đây:\na) Có thành tích đặc biệt xuất sắc;"}
    # Tied on every retrieval score, as the two clauses of one article often are.
    candidates = [Candidate(replace(chunk, id=k, article="62", article_title=title, clause=k, text=t),
                            keyword=1.0, dense=0.8) for k, t in clauses.items()]
    for question, other, first in (
            ("Xin hỏi, cá nhân muốn được tặng danh hiệu Anh hùng Lực lượng vũ trang nhân dân cần điều kiện gì?", "2", "1"),
            ("Tập thể cần đạt tiêu chuẩn gì để được tặng danh hiệu Anh hùng Lực lượng vũ trang nhân dân?", "1", "2")):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        got = {s.candidate.chunk.id: s.breakdown()["other_recipient"]
               for s in feature_vectors(plan, candidates, mini.catalog)}
        assert got == {other: 1.0, first: 0.0}
        assert rank(plan, candidates, mini.catalog)[0].chunk.id == first
    # Whom the story's other sentences name does not count; nor does a question naming both.
    for question in ("Cơ quan tôi có tập thể và cá nhân đề nghị. Tiêu chuẩn Anh hùng Lực lượng vũ trang nhân dân?",
                     "Tiêu chuẩn Anh hùng Lực lượng vũ trang nhân dân cho cá nhân và tập thể?"):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert not any(s.breakdown()["other_recipient"] for s in feature_vectors(plan, candidates, mini.catalog))


def test_a_passage_stating_no_quantity_of_the_kind_asked_is_marked(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    title = "“Huân chương Quân công” hạng Ba"
    texts = {"law": "a) Có quá trình cống hiến lâu dài trong lực lượng vũ trang nhân dân;",
             "decree": "“Huân chương Quân công” hạng Ba để tặng cho cá nhân có quá trình công tác từ 35 năm trở lên "
                       "trong lực lượng vũ trang nhân dân.",
             "year": "Năm 2024 đơn vị được tặng “Huân chương Quân công” hạng Ba."}
    # Tied on every retrieval score: only the quantity tells them apart.
    candidates = [Candidate(replace(chunk, id=k, article_title=title, text=t), keyword=1.0, dense=0.8)
                  for k, t in texts.items()]
    plan = plan_query("Huân chương Quân công hạng Ba theo quá trình cống hiến yêu cầu thời gian công tác "
                      "trong lực lượng vũ trang bao lâu?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["asked_unstated"] for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {"law": 1.0, "decree": 0.0, "year": 1.0}  # "năm 2024" is a year, not a duration
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == "decree"
    # A duration required of an award is one of its criteria, not a deadline of a procedure.
    assert "criteria" in plan.intents
    # Only the asking sentence counts, and a question asking no quantity marks nothing.
    for question in ("Đơn vị tôi đã công tác bao lâu cũng không rõ. Tiêu chuẩn Huân chương Quân công hạng Ba là gì?",
                     "Tiêu chuẩn Huân chương Quân công hạng Ba?"):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert not any(s.breakdown()["asked_unstated"] for s in feature_vectors(plan, candidates, mini.catalog))


def test_a_rule_for_the_army_or_the_police_only_does_not_outrank_the_general_rule(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    texts = {"general": "4. Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định tặng danh hiệu “Tập thể lao động xuất sắc”.",
             "police": "2. Bộ trưởng Bộ Công an quyết định tặng danh hiệu “Tập thể lao động xuất sắc” trong Công an "
                       "nhân dân."}
    # The force's clause shares more words with the question: retrieval scores it higher.
    candidates = [Candidate(replace(chunk, id="general", clause="4", text=texts["general"]), keyword=0.7, dense=0.8),
                  Candidate(replace(chunk, id="police", clause="2", text=texts["police"]), keyword=1.0, dense=0.82)]
    plan = plan_query("Tập thể lao động xuất sắc do ai tặng?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["force_unasked"] for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {"general": 0.0, "police": 1.0}
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == "general"
    # A question from the forces (by name, unit, rank, or an award only they give) marks nothing.
    for question in ("Đội cảnh sát giao thông của tôi đạt Tập thể lao động xuất sắc, ai quyết định?",
                     "Tiểu đoàn tôi đạt Tập thể lao động xuất sắc, ai ký?", "Tôi là đại úy, ai tặng danh hiệu cho đơn vị?",
                     "Đơn vị quyết thắng do ai tặng?"):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert not any(s.breakdown()["force_unasked"] for s in feature_vectors(plan, candidates, mini.catalog)), question
    # A whole article holds its clauses for the forces beside the general ones: only its title marks it.
    article = Candidate(replace(chunk, id="article", clause=None, article_title="Thẩm quyền của Chủ tịch UBND tỉnh",
                                text=f"{texts['general']}\n{texts['police']}"), keyword=1.0, dense=0.8)
    plan = plan_query("Tập thể lao động xuất sắc do ai tặng?", catalog=mini.catalog, today=TODAY)
    assert not feature_vectors(plan, [article], mini.catalog)[0].breakdown()["force_unasked"]


def test_a_question_about_the_ceremony_ranks_the_ceremony_rules_over_the_awards_criteria(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    # The story names the award: its criteria article shares a few more words with the question.
    candidates = [
        Candidate(replace(chunk, id="criteria", article_title="“Huân chương Lao động” hạng Ba",
                          text="1. “Huân chương Lao động” hạng Ba để tặng cho tập thể có thành tích xuất sắc."),
                  keyword=1.0, dense=0.81),
        Candidate(replace(chunk, id="ceremony", article_title="Yêu cầu của việc trao tặng, đón nhận danh hiệu thi đua, "
                          "hình thức khen thưởng", text="3. Không tổ chức đón nhận riêng, không diễu hành."),
                  keyword=0.95, dense=0.8)]
    for question in ("Xã tôi được tặng Huân chương Lao động hạng Ba, định làm lễ đón nhận riêng có diễu hành. "
                     "Xin hỏi tổ chức như vậy có đúng quy định không?",
                     "Thứ tự trao Huân chương Lao động hạng Ba và Bằng khen trong buổi lễ thế nào?"):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        assert "ceremony" in plan.intents, question
        got = {s.candidate.chunk.id: s.breakdown()["other_intent_title"]
               for s in feature_vectors(plan, candidates, mini.catalog)}
        assert got == {"criteria": 1.0, "ceremony": 0.0}, question
        assert rank(plan, candidates, mini.catalog)[0].chunk.id == "ceremony", question
    # A procedure whose long title ends in "… trao tặng" answers how to propose, not the ceremony.
    assert not re.search(INTENT_TITLES["ceremony"], fold(
        "Thủ tục đề nghị tặng Huân chương, Huy chương của Việt Nam đối với người nước ngoài; thủ tục nhận Huân chương "
        "do nước ngoài trao tặng").lower())
    # The table of equal ranks for career awards is a criterion, not a rule for any question.
    assert re.search(INTENT_TITLES["criteria"], "quy dinh chuc danh tuong duong de xet khen thuong qua trinh cong hien")


def test_a_definition_question_ranks_the_line_defining_its_term_first(mini: Assistant) -> None:
    from assistant.definitions import asked_term, defines
    chunk = mini.store.all_chunks()[0]
    texts = {"other": "2. Khen thưởng đột xuất là khen thưởng kịp thời cho cá nhân, tập thể lập được thành tích xuất sắc "
                      "đột xuất.",
             "defines": "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:\n3. Thành tích đột xuất là thành "
                        "tích đạt được ngoài chương trình, kế hoạch, nhiệm vụ mà cá nhân, tập thể phải đảm nhiệm."}
    candidates = [Candidate(replace(chunk, id="other", text=texts["other"]), keyword=1.0, dense=0.8),
                  Candidate(replace(chunk, id="defines", clause=None, text=texts["defines"]), keyword=0.8, dense=0.8)]
    for question in ("Thành tích đột xuất là gì?", "xin hoi 'thanh tich dot xuat' duoc hieu the nao?",
                     "Tôi mới làm công tác thi đua. Thế nào là thành tích đột xuất?"):
        plan = plan_query(question, catalog=mini.catalog, today=TODAY)
        got = {s.candidate.chunk.id: s.breakdown()["defines_asked"] for s in feature_vectors(plan, candidates, mini.catalog)}
        assert got == {"other": 0.0, "defines": 1.0}, question
        assert rank(plan, candidates, mini.catalog)[0].chunk.id == "defines", question
    assert asked_term("Khen thưởng đột xuất là gì?") == ("khen", "thuong", "dot", "xuat")
    assert asked_term("Hồ sơ gồm những gì?") == ()
    # A quoted term right before the asking words is the term, whatever leads into it.
    assert asked_term("Xin hỏi theo Luật Thi đua, khen thưởng thì “thi đua” được hiểu như thế nào, việc tham gia có "
                      "bắt buộc không?") == ("thi", "dua")
    # A defined term may open a longer one asked ("tổ chức kinh tế khác | trong lĩnh vực …"), not a shorter one.
    line = "5. Tổ chức kinh tế khác là tổ chức kinh tế được đăng ký thành lập hợp pháp."
    assert defines(line, asked_term("Thế nào là tổ chức kinh tế khác trong lĩnh vực thi đua, khen thưởng?"))
    assert not defines("1. Khen thưởng là việc ghi nhận, biểu dương.", asked_term("Khen thưởng đột xuất là gì?"))


def test_quantities_asked_and_stated() -> None:
    from assistant.measures import asked_measures, states_measure
    assert asked_measures("Cần mấy lần liên tục đạt CSTĐ cơ sở?") == {"times"}
    assert asked_measures("Cờ thi đua được tặng tối đa cho bao nhiêu tập thể?") == {"share"}
    assert asked_measures("Hồ sơ gồm mấy bộ?") == {"copies"}
    assert asked_measures("Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?") == frozenset()
    assert states_measure("được xét và công bố hai năm một lần", frozenset({"duration"}))
    assert states_measure("không quá 20% tổng số tập thể", frozenset({"share"}))
    assert not states_measure("có 03 lần liên tục được tặng", frozenset({"copies"}))


def test_an_amount_of_money_asked_and_stated() -> None:
    from assistant.measures import asked_measures, states_measure
    amount = frozenset({"amount"})
    for question in ("Nếu được thì tiền thưởng kèm theo là bao nhiêu?", "Giấy khen được thưởng bao nhiêu tiền?",
                     "bang khen cua chu tich ubnd tinh thuong bao nhieu"):
        assert asked_measures(question) == amount, question
    assert asked_measures("Mức trích quỹ thi đua, khen thưởng tối đa là bao nhiêu?") == {"share"}
    assert states_measure("b) Bằng khen của Bộ, ban, ngành, tỉnh: 1,5 lần mức lương cơ sở;", amount)
    # A list of officials (who is "tương đương" a vice-minister) states no amount, however many words it shares.
    assert not states_measure("4. Chức danh Phó Tổng cục trưởng và tương đương: Phó Chủ tịch Hội đồng nhân dân, Ủy ban "
                              "nhân dân tỉnh, thành phố trực thuộc trung ương;", amount)


def test_a_form_is_asked_by_the_word_for_form_not_by_blood_or_colour(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    form = Candidate(replace(chunk, id="form", form="01", text="Mẫu số 01. Tờ trình đề nghị khen thưởng"),
                     keyword=1.0, dense=0.8)

    def asked(question: str) -> float:
        return _feature(mini, question, form, "form_asked")

    assert asked("Cho tôi xin mẫu báo cáo thành tích Bằng khen?") == 1.0
    assert asked("cho toi xin mau bao cao thanh tich") == 1.0
    # Folded, "hiến máu" and "màu" read "mau": no form is asked.
    assert asked("Ông hiến máu 45 lần, có được tặng Bằng khen không?") == 0.0
    assert asked("Cờ thi đua màu gì?") == 0.0
    # A paper named in the ask is a dossier's paper, not a form asked for ("… cần xác nhận của ai?"), and a form
    # the story holds ("trong tờ trình vẫn trích dẫn …") is what the asker has, not what is asked.
    assert asked("Hồ sơ gồm những gì, báo cáo thành tích cần xác nhận của ai?") == 0.0
    assert asked("Phường đang làm hồ sơ, trong tờ trình vẫn trích dẫn Nghị quyết 32/2024. Xin hỏi mẫu báo cáo "
                 "thành tích nay theo mẫu nào?") == 1.0
    assert asked("Phường đang làm hồ sơ, trong mẫu tờ trình vẫn trích dẫn Nghị quyết 32/2024. Xin hỏi Nghị quyết "
                 "32/2024 còn áp dụng không?") == 0.0


def test_the_papers_of_a_dossier_asked_and_stated() -> None:
    from assistant.measures import asked_measures, states_measure
    papers = frozenset({"papers"})
    for question in ("ho so de nghi huan chuong bao ve to quoc hang ba gom nhung gi",
                     "Hồ sơ đề nghị Huy chương Chiến sĩ vẻ vang hạng Nhất cần những giấy tờ nào?",
                     "Cờ thi đua của Chính phủ thì hồ sơ phải chuẩn bị những gì?"):
        assert asked_measures(question) == papers, question
    assert asked_measures("Hồ sơ, thủ tục xét Cờ thi đua tỉnh nay do cấp nào quy định?") == {"rule_maker"}
    assert states_measure("3. Hồ sơ đề nghị tặng Huân chương các loại, mỗi loại có 01 bộ (bản chính) gồm:", papers)
    # The award's criteria name no paper: they answer another question.
    assert not states_measure("1. “Huân chương Bảo vệ Tổ quốc” hạng ba để tặng cho cá nhân đạt một trong các "
                              "tiêu chuẩn sau:", papers)


def test_whether_a_case_meets_a_standard_asks_for_a_standard() -> None:
    from assistant.measures import asked_measures, states_measure
    standard = frozenset({"standard"})
    assert asked_measures("Tôi đạt CSTĐ cơ sở 2 năm liền, có đủ điều kiện đề nghị Bằng khen của Chủ tịch UBND tỉnh "
                          "không?") == standard
    assert asked_measures("toi co dat tieu chuan lao dong tien tien khong") == standard
    assert states_measure("1. Bằng khen của Bộ, ban, ngành, tỉnh để tặng cho cá nhân đạt một trong các tiêu chuẩn sau "
                          "đây:", standard)
    # Who awards it is another question: that clause states no standard.
    assert not states_measure("4. Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định tặng cờ thi đua cấp tỉnh, bằng khen.",
                              standard)


def test_who_decides_asked_and_stated() -> None:
    from assistant.measures import asked_measures, states_measure
    decider = frozenset({"decider"})
    for question in ("Cơ quan nào có thẩm quyền tước danh hiệu vinh dự nhà nước?", "Ai ký quyết định tặng Giấy khen?",
                     "Cap nao co tham quyen huy bo quyet dinh khen thuong?"):
        assert asked_measures(question) == decider, question
    # Who sets the rules is another question; what a named decider may award names the decider already.
    assert asked_measures("Giấy khen cho học sinh do ai quy định?") == {"rule_maker"}
    assert asked_measures("Việc xét tặng Bà mẹ Việt Nam anh hùng theo quy định của cơ quan nào?") == {"rule_maker"}
    assert states_measure("2. Việc xét tặng danh hiệu được thực hiện theo quy định của Ủy ban Thường vụ Quốc hội.",
                          frozenset({"rule_maker"}))
    assert not states_measure("Cá nhân đạt tiêu chuẩn theo quy định của pháp luật.", frozenset({"rule_maker"}))
    # A mass organisation is read as what the law calls it.
    plan = plan_query("Bằng khen của tỉnh đoàn, hội phụ nữ tỉnh do ai quy định?", catalog=Catalog.builtin(), today=TODAY)
    assert "tổ chức chính trị - xã hội" in plan.search_text
    assert asked_measures("Chủ tịch UBND xã được quyết định tặng những danh hiệu nào?") == frozenset()
    assert states_measure("7. Chủ tịch nước quyết định tước, phục hồi và trao lại danh hiệu vinh dự nhà nước.", decider)
    assert states_measure("đề nghị Chủ tịch nước quyết định việc tước danh hiệu vinh dự nhà nước", decider)
    # A decision received, annulled or named after a comma is no decider.
    assert not states_measure("a) Trong thời hạn 15 ngày làm việc kể từ khi nhận được quyết định: Tước danh hiệu vinh "
                              "dự nhà nước, hủy bỏ quyết định khen thưởng của Chủ tịch nước, quyết định tặng danh hiệu "
                              "thi đua của Chính phủ, tập thể, cá nhân có trách nhiệm nộp lại hiện vật.", decider)


def test_rank_weights_load_from_json_and_reject_unknown_features() -> None:
    shipped = RankModel.shipped()
    assert set(shipped.dense) == set(FEATURES) and shipped.fitted
    again = RankModel.from_json(shipped.to_json())
    assert again.dense == shipped.dense
    with pytest.raises(ValueError, match="unknown features"):
        RankModel.from_json({"dense": {"nope": 1.0}, "keyword_only": {}})


# -- several asks in one message ---------------------------------------------------------------
def _kind(text: str) -> str:
    return lead_kind(plan_query(text, catalog=Catalog.builtin(), today=TODAY))


def test_a_message_asking_different_things_is_split_into_its_asks() -> None:
    two = "Ai quyết định tặng danh hiệu Người trồng cây giỏi? Mức tiền thưởng danh hiệu này là bao nhiêu?"
    assert question_parts(two, _kind) == [
        "Ai quyết định tặng danh hiệu Người trồng cây giỏi?",
        # It leans on the sentence before ("danh hiệu này"), so it keeps it; a story goes with every part.
        "Ai quyết định tặng danh hiệu Người trồng cây giỏi? Mức tiền thưởng danh hiệu này là bao nhiêu?"]
    story = "Xã tôi có nhiều người trồng cây. Ai quyết định tặng danh hiệu? Mức tiền thưởng là bao nhiêu?"
    assert [p.startswith("Xã tôi có nhiều người trồng cây.") for p in question_parts(story, _kind)] == [True, True]
    # The same ask said twice, or a closing "tham khảo ở đâu?", is one ask.
    assert question_parts("Tiêu chuẩn Người trồng cây giỏi là gì? Cho em hỏi tiêu chuẩn danh hiệu này như thế nào? "
                          "Em có thể tham khảo thêm tại đâu?", _kind) == []
    assert question_parts("Mức tiền thưởng danh hiệu Người trồng cây giỏi là bao nhiêu?", _kind) == []
    # Two asks in one sentence, joined by ", và": each half is an ask; the short second one leans on the first.
    joined = ("Xin hỏi anh có được tặng danh hiệu Người trồng cây giỏi không, và cấp nào quyết định tặng danh "
              "hiệu này?")
    assert question_parts(joined, _kind) == [
        "Xin hỏi anh có được tặng danh hiệu Người trồng cây giỏi không?",
        "Xin hỏi anh có được tặng danh hiệu Người trồng cây giỏi không? cấp nào quyết định tặng danh hiệu này?"]
    # Typed without diacritics, ", va" joins two asks the same way.
    bare = "Xin hoi anh co duoc tang danh hieu Nguoi trong cay gioi khong, va cap nao quyet dinh tang danh hieu nay?"
    assert len(question_parts(bare, _kind)) == 2
    # The same kind asked of another award is another ask; of the same award again, a restatement.
    funds = ("Quỹ thi đua, khen thưởng của hợp tác xã trích bao nhiêu? Giấy khen của Giám đốc hợp tác xã kèm theo "
             "tiền thưởng bao nhiêu cho mỗi người?")
    assert question_parts(funds, _kind) == ["Quỹ thi đua, khen thưởng của hợp tác xã trích bao nhiêu?",
                                            "Giấy khen của Giám đốc hợp tác xã kèm theo tiền thưởng bao nhiêu cho "
                                            "mỗi người?"]
    assert question_parts("Bằng khen của tỉnh được thưởng bao nhiêu? Bằng khen của tỉnh được thưởng mấy lần lương "
                          "cơ sở?", _kind) == []
    # A list in a story ("…, và …") is not two asks.
    assert question_parts("Tôi trồng 100 cây, và chăm sóc cây tốt thì có được tặng danh hiệu không?", _kind) == []


def test_each_ask_is_answered_with_its_own_lead_and_citations(mini: Assistant) -> None:
    answer = mini.ask("Ai quyết định tặng danh hiệu Người trồng cây giỏi? "
                      "Mức tiền thưởng danh hiệu Người trồng cây giỏi là bao nhiêu?")
    first, second = answer.lead.split("\n")
    assert first.startswith("1) ") and "Chủ tịch Ủy ban nhân dân cấp xã" in first
    assert second.startswith("2) ") and "0,5 lần mức lương cơ sở" in second
    assert answer.text.startswith(first) and f"\n\n{second}" in answer.text
    assert {(c.article, c.clause) for c in answer.citations} >= {("2", "2"), ("3", None)}
    assert all(answer.citations[q.citation].text == q.text for q in answer.quotes)
    assert not answer.refused and answer.decision.status == "answered"
    # A passage the first ask quoted is not quoted again below the second ask (only its own first quote may).
    again = mini.ask("Mức tiền thưởng danh hiệu Người trồng cây giỏi là bao nhiêu? Ai quyết định tặng danh hiệu này?")
    texts = [q.text for q in again.quotes]
    assert again.lead.startswith("1) ") and len(texts) == len(set(texts)), texts
    # Two asks resting on one clause: it is quoted and cited once; the second ask points back to it.
    same = mini.ask("Ai quyết định tặng danh hiệu Người trồng cây giỏi? Chủ tịch UBND xã có được tặng danh hiệu "
                    "Người trồng cây giỏi không?")
    assert same.lead.startswith("1) ") and "\n2) " in same.lead, same.lead
    quoted = [(q.label, q.text) for q in same.quotes]
    assert len(quoted) == len(set(quoted)) and len(same.citations) == len({c.label for c in same.citations})
    assert same.text.count("«2. Chủ tịch Ủy ban nhân dân cấp xã") == 1, same.text
    assert same.text.split("\n\n2) ")[1].count(SHOWN_ABOVE) == 1
    assert all(same.citations[q.citation].text == q.text for q in same.quotes)
    # Asks on lines of their own are asks too.
    lines = mini.ask("Ai quyết định tặng danh hiệu Người trồng cây giỏi?\n\nMức tiền thưởng danh hiệu Người trồng "
                     "cây giỏi là bao nhiêu?")
    assert lines.lead.startswith("1) ") and "\n2) " in lines.lead


def test_a_message_whose_asks_are_all_uncovered_is_declined(mini: Assistant) -> None:
    answer = mini.ask("Ai quyết định miễn thuế thu nhập cá nhân? Hồ sơ đề nghị miễn thuế thu nhập cá nhân gồm những gì?")
    # Each ask is judged on its own: neither is covered, so the message is not (one shared word does not vouch).
    assert answer.refused and answer.decision.status == "not_covered" and answer.citations == ()
    assert "thuế thu nhập cá nhân" in answer.lead
    # The same refusal for every ask is said once.
    one = mini.ask("Thuế suất thu nhập cá nhân là bao nhiêu?")
    merged = merge_parts([one, one], "Thuế suất …? Thuế suất …?")
    assert merged.lead == one.lead and merged.refused and merged.question == "Thuế suất …? Thuế suất …?"
    # Beside an answered ask, an uncovered one says so in one line; its closest provisions stay as related.
    covered = mini.ask("Ai quyết định tặng danh hiệu Người trồng cây giỏi?")
    mixed = merge_parts([one, covered], "Thuế suất …? Ai quyết định …?")
    assert not mixed.refused and mixed.decision.status == "partly"
    assert mixed.text == f"1) {one.lead}\n\n2) {covered.text}"
    assert {c.label for c in mixed.related} >= {c.label for c in one.related}


def test_a_sports_event_is_searched_by_the_level_the_law_names() -> None:
    """"HCB ASIAD", "vô địch thế giới": the decree grades sports results by level ("Huy chương Bạc cấp châu
    lục", "… thế giới"), so the query searches the level too."""
    catalog = Catalog.builtin()
    asiad = plan_query("VĐV giành Huy chương Bạc ASIAD thì được đề nghị Huân chương Lao động hạng mấy?",
                       catalog=catalog, today=TODAY)
    assert "châu lục" in asiad.search_text
    world = plan_query("Vận động viên vô địch thế giới được khen thưởng gì?", catalog=catalog, today=TODAY)
    assert "thế giới" in world.search_text and "châu lục" not in world.search_text
    polite = plan_query("Tiêu chuẩn Lao động tiên tiến là gì, mong giải đáp giúp cháu ạ", catalog=catalog, today=TODAY)
    assert "châu lục" not in polite.search_text  # "cháu ạ" folds like "châu Á"


def test_an_answer_rests_on_the_law_before_a_training_report_that_repeats_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    docs, reports = tmp_path_factory.mktemp("docs"), tmp_path_factory.mktemp("reports")
    (docs / "luat.txt").write_text(MINI_LAW, "utf-8")
    (reports / "000_hn.txt").write_text(
        "Sáng 12/3, xã Hòa Bình tổ chức hội nghị tổng kết phong trào trồng cây xanh năm 2029.\n"
        "Tại hội nghị, báo cáo viên giới thiệu mức tiền thưởng danh hiệu Người trồng cây giỏi: mức tiền thưởng "
        "danh hiệu Người trồng cây giỏi tính theo mức lương cơ sở.\n", "utf-8")
    (reports / "manifest.json").write_text(
        '[{"file": "000_hn.txt", "title": "Hội nghị tổng kết trồng cây xã Hòa Bình", "published": "2029-03-12"}]',
        "utf-8")
    store = Store(IndexSettings(), tmp_path_factory.mktemp("data"))
    try:
        ingest([docs, reports], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today=TODAY.isoformat()),
                              encoder=SparseEncoder())
        # The report words the question best (search lists it first), but the law says the amount.
        money = "Mức tiền thưởng danh hiệu Người trồng cây giỏi tính theo mức lương cơ sở thế nào?"
        assert assistant.search(money, 3)[0].chunk.doc_kind == "material"
        answer = assistant.ask(money)
        assert answer.citations[0].doc_number == "99/2030/QH99" and answer.citations[0].article == "3"
        assert "0,5 lần mức lương cơ sở" in answer.text.split("\n")[0]
        # A question about the session itself, which no provision comes close to, is answered from the report,
        # labelled by its title and date alone when it names no publisher.
        session = assistant.ask("Hội nghị tổng kết trồng cây xã Hòa Bình giới thiệu mức tiền thưởng nào?")
        assert session.citations[0].doc_kind == "material"
        assert session.citations[0].label == "Hội nghị tổng kết trồng cây xã Hòa Bình (12/03/2029)"
    finally:
        store.close()


def test_a_question_about_an_award_by_office_ranks_the_passage_naming_that_office(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    general = ("2. Thời gian, chức vụ xét khen thưởng: cá nhân có thông báo nghỉ hưu mà chưa được khen thưởng quá "
               "trình cống hiến thì được xét khen thưởng quá trình cống hiến theo thời gian giữ chức vụ.")
    texts = {"general": ("Quy định chung về khen thưởng quá trình cống hiến", general),
             "deputy": ("Quy định chức danh tương đương để xét khen thưởng quá trình cống hiến",
                        "6. Phó Giám đốc sở, Phó trưởng các cơ quan, ban, ngành cấp tỉnh tương đương Phó Vụ trưởng."),
             "head": ("Quy định chức danh tương đương để xét khen thưởng quá trình cống hiến",
                      "5. Giám đốc sở, Trưởng ban, ngành cấp tỉnh tương đương Vụ trưởng.")}
    candidates = [Candidate(replace(chunk, id=k, article=k, article_title=title, text=t), keyword=1.0 if k == "general"
                            else 0.7, dense=0.8) for k, (title, t) in texts.items()]
    plan = plan_query("Chị Hoa làm Phó Giám đốc Sở Y tế 12 năm, sắp nghỉ hưu. Chị được khen thưởng quá trình cống "
                      "hiến hạng mấy?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["office_named"] for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {"general": 0.0, "deputy": 1.0, "head": 0.0}  # a head is not the deputy asked about
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == "deputy"
    # Elsewhere an office is who decides, not a rank: nothing is read.
    plan = plan_query("Phó Giám đốc Sở có được ký Giấy khen không?", catalog=mini.catalog, today=TODAY)
    assert not any(s.breakdown()["office_named"] for s in feature_vectors(plan, candidates, mini.catalog))


def test_a_question_about_foreigners_ranks_the_rule_naming_them(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    texts = {"general": ("Quy định về hồ sơ, thủ tục khen thưởng",
                         "1. Vụ Thi đua - Khen thưởng tổng hợp hồ sơ đề nghị khen thưởng của các đơn vị."),
             "abroad": ("Nhiệm vụ, quyền hạn của các tổ chức, cá nhân trong công tác thi đua, khen thưởng",
                        "2. Cục Hợp tác quốc tế chủ trì tổng hợp hồ sơ đề nghị khen thưởng tập thể, cá nhân người "
                        "nước ngoài."),
             "company": ("Quỹ thi đua, khen thưởng",  # a company with foreign capital is Vietnamese
                         "7. Quỹ thi đua, khen thưởng của doanh nghiệp có vốn đầu tư nước ngoài do doanh nghiệp lập.")}
    candidates = [Candidate(replace(chunk, id=k, article=k, article_title=title, text=t),
                            keyword=1.0 if k == "general" else 0.9, dense=0.8) for k, (title, t) in texts.items()]
    plan = plan_query("Trường muốn đề nghị Bằng khen cho cô Tanaka, giảng viên người Nhật. Hồ sơ gửi về đơn vị nào "
                      "tổng hợp?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["abroad_named"] for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {"general": 0.0, "abroad": 1.0, "company": 0.0}
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == "abroad"
    # A question that speaks of no one from abroad reads nothing.
    plan = plan_query("Hồ sơ đề nghị Bằng khen gửi về đơn vị nào tổng hợp?", catalog=mini.catalog, today=TODAY)
    assert not any(s.breakdown()["abroad_named"] for s in feature_vectors(plan, candidates, mini.catalog))


def test_a_question_about_what_the_rules_allow_ranks_the_law_over_training_news(mini: Assistant) -> None:
    chunk = mini.store.all_chunks()[0]
    news = replace(chunk, id="news", doc_kind="material", doc_number="003_65a3698cf3e59468", article="", clause=None,
                   article_title="Hội nghị tổng kết công tác thi đua, khen thưởng Cụm thi đua các tỉnh biên giới",
                   text="Tại hội nghị tổng kết, Chủ tịch UBND tỉnh trao Bằng khen cho Đồn Biên phòng.")
    law = replace(chunk, id="law", article="29", clause="3", article_title="Yêu cầu của việc trao tặng",
                  text="3. Không tổ chức riêng lễ trao tặng; chỉ tổ chức kết hợp trong hội nghị tổng kết.")
    candidates = [Candidate(news, keyword=1.0, dense=0.8), Candidate(law, keyword=0.8, dense=0.8)]
    plan = plan_query("Đồn Biên phòng được tặng Bằng khen. Có được tổ chức lễ trao riêng tại đồn không, hay phải chờ "
                      "hội nghị tổng kết?", catalog=mini.catalog, today=TODAY)
    got = {s.candidate.chunk.id: s.breakdown()["material_rule_asked"]
           for s in feature_vectors(plan, candidates, mini.catalog)}
    assert got == {"news": 1.0, "law": 0.0}
    assert rank(plan, candidates, mini.catalog)[0].chunk.id == "law"
    # Asked what happened at a session, the news answers: nothing is read.
    plan = plan_query("Hội nghị tổng kết của Cụm thi đua các tỉnh biên giới năm 2024 trao Bằng khen cho đơn vị nào?",
                      catalog=mini.catalog, today=TODAY)
    assert not any(s.breakdown()["material_rule_asked"] for s in feature_vectors(plan, candidates, mini.catalog))
