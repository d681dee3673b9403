from assistant.offices import asked_offices, by_office, office_match


def test_offices_are_read_with_their_unit_and_matched_on_the_same_office() -> None:
    story = ("Ông Thắng giữ chức Chủ tịch Ủy ban MTTQ tỉnh từ tháng 01/2019, trước đó là Phó Chủ tịch Ủy ban MTTQ "
             "tỉnh 5 năm; Đại tá Tuấn là Sư đoàn trưởng Sư đoàn 5. Xin hỏi khen thưởng quá trình cống hiến thế nào?")
    assert by_office(story) and not by_office("Giấy khen do ai ký?")
    offices = asked_offices(story)
    assert ("chu tich", ("uy", "ban", "mat", "tran")) in offices and ("su doan truong", ()) in offices
    assert office_match("Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh, thành phố trực thuộc trung ương 05 năm.", offices) == 1.0
    # The same head with another unit is another office; so is a deputy for the head.
    assert office_match("Chủ tịch Ủy ban nhân dân tỉnh", asked_offices("Chủ tịch Ủy ban MTTQ tỉnh")) == 0.0
    assert office_match("Chủ tịch Hội đồng nhân dân", asked_offices("Chủ tịch Hội Nông dân tỉnh")) == 0.0
    assert office_match("Phó Chủ tịch Hội đồng nhân dân tỉnh", asked_offices("trước đó là Phó Chủ tịch Hội 5 năm")) == 0.0
    assert office_match("Phó Sư đoàn trưởng, Lữ đoàn trưởng", asked_offices("Sư đoàn trưởng")) == 0.0
    assert office_match("Thượng tướng lực lượng vũ trang nhân dân", asked_offices("bo toi la Thuong tuong")) == 1.0
    # A qualifier stops where the story goes on ("… Sở Y tế từ năm 2014").
    assert asked_offices("Phó Giám đốc Sở Y tế từ năm 2014") == (("pho giam doc", ("so", "y", "te")),)
    # "Giám đốc" is neither "Phó Giám đốc" nor "Tổng Giám đốc".
    assert office_match("Tổng Giám đốc công ty", asked_offices("Giám đốc công ty")) == 0.0
