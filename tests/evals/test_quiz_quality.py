"""Quiz quality on the training-report topics, on the whole shared corpus (evals/quiz_quality.py).

Each topic's quiz must keep to the provisions the data file lists as inside the topic, never test
one fact twice, show whole sentences and offer wrong options of the same kind.
"""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.errors import TopicNotCovered
from assistant.quiz import build_quiz
from evals.quiz_quality import evaluate_topic, load_topics, stem_fragment

pytestmark = pytest.mark.slow  # builds on the whole shared corpus


def test_stem_fragment_check_catches_cut_and_lead_in_stems() -> None:
    assert stem_fragment("đua, hình thức khen thưởng được tặng 05 năm.")
    assert stem_fragment("Hồ sơ đề nghị xét tặng danh hiệu thi đua gồm:")
    assert stem_fragment("… có 02 lần liên tục được tặng danh hiệu")
    assert not stem_fragment("Danh hiệu “Chiến sĩ thi đua cơ sở” được thưởng 1,0 lần mức lương cơ sở.")


@pytest.mark.parametrize("topic", load_topics(), ids=lambda t: t["topic"])
def test_quiz_keeps_to_the_topic_with_whole_stems_and_one_item_per_fact(assistant: Assistant,
                                                                        topic: dict[str, object]) -> None:
    quality = evaluate_topic(assistant, topic, n=10, seeds=(1,))
    assert quality.items >= 1
    assert quality.fidelity >= 0.9, quality.outside
    assert quality.duplicates == 0
    assert quality.fragments == 0
    assert quality.distractor_faults == 0


def test_a_topic_the_library_does_not_cover_gets_no_quiz(assistant: Assistant) -> None:
    with pytest.raises(TopicNotCovered):
        build_quiz(assistant, n=10, seed=1, topic="thuế thu nhập cá nhân")
