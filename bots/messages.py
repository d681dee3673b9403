"""Every Vietnamese message a user sees for an error, keyed by the error's stable code."""

from __future__ import annotations

from corpus.errors import TdktError

__all__ = ["MESSAGES", "message_for"]

MESSAGES: dict[str, str] = {
    "tdkt.error": "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
    "corpus.error": "Không đọc được văn bản.",
    "corpus.unsupported_format": "Định dạng tệp không được hỗ trợ. Hãy dùng .txt, .md, .html, .docx hoặc .pdf.",
    "corpus.empty": "Tệp rỗng, không có nội dung để đọc.",
    "corpus.binary": "Tệp chứa dữ liệu nhị phân, không phải văn bản.",
    "corpus.corrupt": "Tệp bị hỏng, không mở được.",
    "corpus.no_text_layer": "Tệp PDF là bản quét (ảnh), không có lớp chữ. Hãy nhận dạng chữ (OCR) trước khi nạp.",
    "corpus.too_large": "Tệp quá lớn so với giới hạn cho phép.",
    "corpus.no_structure": "Không tìm thấy điều khoản (Điều) nào trong văn bản.",
    "corpus.catalog": "Không đọc được danh mục thông tin văn bản.",
    "corpus.unreadable": "Không đọc được tệp.",
    "corpus.duplicate": "Văn bản trùng số hiệu với một văn bản đã nạp; bỏ qua bản sau.",
    "index.error": "Lỗi chỉ mục tìm kiếm.",
    "index.missing": "Chưa có chỉ mục. Hãy chạy `tdkt ingest` để nạp văn bản trước.",
    "index.locked": "Chỉ mục đang được một tiến trình khác mở (ví dụ máy chủ `tdkt serve`). "
                    "Hãy dừng tiến trình đó, hoặc nạp văn bản qua API quản trị.",
    "index.unavailable": "Không kết nối được máy chủ Qdrant. Kiểm tra TDKT_QDRANT_URL và mạng.",
    "index.write_failed": "Không ghi được chỉ mục (ổ đĩa đầy hoặc chỉ đọc). Chỉ mục cũ vẫn được giữ nguyên.",
    "index.model_load": "Không tải được mô hình nhúng (embedding) đã cấu hình.",
    "assistant.error": "Trợ lý gặp lỗi khi trả lời.",
    "assistant.invalid_question": "Câu hỏi không hợp lệ.",
    "assistant.empty_question": "Vui lòng nhập câu hỏi.",
    "assistant.wordless_question": "Câu hỏi chưa có chữ nào (chỉ có biểu tượng hoặc dấu câu). Vui lòng gõ câu hỏi "
                                   "bằng chữ, ví dụ: “tiêu chuẩn Chiến sĩ thi đua cơ sở”.",
    "assistant.question_too_long": "Câu hỏi quá dài. Vui lòng rút gọn (tối đa {limit} ký tự).",
    "assistant.unknown_document": "Không tìm thấy văn bản hoặc điều khoản được yêu cầu.",
    "assistant.topic_not_covered": "Các văn bản trong thư viện không quy định về chủ đề “{topic}”, nên không "
                                   "tạo được câu hỏi hay tài liệu cho chủ đề này. Hãy chọn một chủ đề thi đua, "
                                   "khen thưởng (ví dụ “chiến sĩ thi đua”, “hồ sơ đề nghị khen thưởng”).",
    "assistant.llm": "Mô hình ngôn ngữ không phản hồi; đã dùng câu trả lời trích dẫn trực tiếp.",
    "eval.error": "Không chạy được bộ đánh giá.",
    "eval.no_sources": "Không tìm thấy văn bản để dựng các baseline. Hãy chỉ ra thư mục bằng --docs.",
    "settings.invalid": "Cấu hình không hợp lệ.",
    # Web page and HTTP API.
    "web.error": "Yêu cầu không hợp lệ.",
    "web.invalid_request": "Yêu cầu không hợp lệ: thiếu trường hoặc giá trị sai kiểu.",
    "web.invalid_json": "Nội dung gửi lên không phải JSON hợp lệ.",
    "web.invalid_date": "Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-07-01.",
    "web.not_found": "Không tìm thấy địa chỉ được yêu cầu.",
    "web.method_not_allowed": "Phương thức không được hỗ trợ cho địa chỉ này.",
    "web.unauthorized": "Cần mã quản trị hợp lệ (Authorization: Bearer …).",
    "web.admin_disabled": "Chức năng quản trị đang tắt (chưa cấu hình TDKT_ADMIN_TOKEN).",
    "web.too_large": "Dữ liệu gửi lên quá lớn so với giới hạn cho phép.",
    "web.rate_limited": "Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau {retry_after} giây.",
    "web.unknown_answer": "Không tìm thấy câu trả lời cần góp ý (có thể đã quá hạn lưu trữ).",
    "web.bad_upload": "Tệp không đúng định dạng: phần mở rộng và nội dung phải là .txt, .md, .html, .docx hoặc .pdf.",
    "web.bad_question_file": "Danh sách câu hỏi phải là tệp văn bản .txt hoặc .csv (mã UTF-8).",
    "web.no_questions": "Tệp không có câu hỏi nào. Hãy ghi mỗi dòng một câu hỏi, hoặc một cột \"câu hỏi\" trong "
                        "tệp CSV.",
    "web.too_many_questions": "Danh sách có {count} câu hỏi, nhiều hơn giới hạn {limit} câu. Hãy chia thành nhiều tệp.",
    "web.no_quiz": "Không tạo được câu hỏi nào cho chủ đề này từ các văn bản đang có hiệu lực. Hãy thử chủ đề khác.",
    "web.busy": "Hệ thống đang nạp lại văn bản. Vui lòng thử lại sau ít phút.",
    "web.queue_full": "Hệ thống đang xử lý nhiều việc lớn (bảng đáp án, đề trắc nghiệm, tải văn bản). "
                      "Vui lòng thử lại sau {retry_after} giây.",
    "web.bad_text": "Nội dung gửi lên chứa ký tự không hợp lệ. Hãy gõ lại câu hỏi bằng chữ thường.",
    "web.unknown_number": "Không có văn bản nào mang số hiệu này trong thư viện.",
    "web.bad_sheet_line": "Tệp danh sách câu hỏi có một dòng quá dài hoặc sai định dạng CSV.",
    "web.sources_missing": "Không tìm thấy tệp gốc của một số văn bản đã nạp, nên không thể nạp lại mà không làm "
                           "mất chúng. Hãy cấu hình TDKT_DOCS_DIRS.",
    "web.internal": "Đã có lỗi nội bộ. Vui lòng thử lại sau.",
    "web.address_in_use": "Không mở được địa chỉ/cổng đã chọn để phục vụ (có thể một chương trình khác đang dùng "
                          "cổng này). Hãy chọn cổng khác bằng --port.",
    # Chat bots (Telegram, Zalo): plain text, escaped by the renderer where needed.
    "bot.start": (
        "Xin chào! Tôi trả lời câu hỏi về quy định thi đua, khen thưởng, "
        "kèm trích dẫn chính xác Điều, Khoản, Điểm và tình trạng hiệu lực của văn bản.\n\n"
        "Ví dụ, bạn có thể hỏi:\n"
        "• Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?\n"
        "• Hồ sơ đề nghị tặng Bằng khen của Thủ tướng Chính phủ gồm những gì?\n"
        "• Mức tiền thưởng kèm theo Huân chương Lao động hạng Ba là bao nhiêu?\n\n"
        "{how}"
    ),
    "bot.start_private": "Cứ gõ câu hỏi của bạn. Gõ /help để xem hướng dẫn.",
    "bot.start_group": "Trong nhóm, hãy gõ /hoi kèm câu hỏi, nhắc tên {mention}, hoặc trả lời tin nhắn của tôi.",
    "bot.help": (
        "Cách dùng:\n"
        "• Gõ câu hỏi bằng tiếng Việt (trong nhóm: /hoi <câu hỏi>, nhắc tên tôi, hoặc trả lời tin nhắn của tôi).\n"
        "• Có thể hỏi tiếp, ví dụ \"còn hồ sơ thì sao?\": tôi nhớ câu hỏi trước trong cuộc trò chuyện.\n"
        "• Nút \"Toàn văn Điều …\" dưới câu trả lời gửi nguyên văn điều luật; 👍/👎 để góp ý.\n\n"
        "Lệnh:\n"
        "/hoi <câu hỏi> – đặt câu hỏi\n"
        "/vanban – các văn bản đang tra cứu và hiệu lực\n"
        "/moi – bắt đầu cuộc trò chuyện mới\n"
        "/help – hướng dẫn này\n\n"
        "Câu trả lời chỉ để tham khảo; hãy đối chiếu văn bản gốc trước khi áp dụng."
    ),
    "bot.ask_usage": "Hãy gõ câu hỏi sau lệnh, ví dụ: /hoi Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "bot.text_only": "Trợ lý chỉ đọc được tin nhắn chữ, chưa đọc được ảnh, nhãn dán, tệp hay tin nhắn thoại. "
                     "Vui lòng gõ câu hỏi, ví dụ: “Hồ sơ đề nghị Bằng khen của Chủ tịch UBND tỉnh gồm những gì?”",
    "bot.new_conversation": "Đã bắt đầu cuộc trò chuyện mới. Mời bạn đặt câu hỏi.",
    "bot.rate_limited": "Bạn đang hỏi hơi nhanh. Vui lòng đợi khoảng {seconds} giây rồi hỏi tiếp nhé.",
    "bot.error": "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau ít phút.",
    "bot.feedback_thanks": "Cảm ơn bạn đã góp ý!",
    "bot.feedback_expired": "Không ghi nhận được góp ý cho câu trả lời này.",
    "bot.documents": "Các văn bản đang được tra cứu:",
    "bot.no_documents": "Chưa có văn bản nào trong hệ thống.",
    "bot.help_zalo": (
        "Cách dùng: gõ câu hỏi bằng tiếng Việt, tôi trả lời kèm trích dẫn Điều, Khoản, Điểm. "
        "Có thể hỏi tiếp, ví dụ \"còn hồ sơ thì sao?\". Gõ /moi để bắt đầu cuộc trò chuyện mới.\n\n"
        "Câu trả lời chỉ để tham khảo; hãy đối chiếu văn bản gốc trước khi áp dụng."
    ),
    "bot.zalo_api": "Không gửi được tin nhắn qua Zalo.",
    "bot.zalo_auth": "Mã truy cập Zalo OA đã hết hạn; quản trị viên cần cấp lại.",
    "bot.truncated": "(Câu trả lời dài đã được rút gọn. Hãy hỏi cụ thể hơn để xem phần còn lại.)",
}


def message_for(error: TdktError | str, **values: object) -> str:
    """The Vietnamese message for an error or a code (never built from str(exc))."""
    code = error if isinstance(error, str) else error.code
    while code not in MESSAGES and "." in code:
        code = code.rsplit(".", 1)[0] + ".error"
        if code not in MESSAGES:
            code = code.split(".")[0] + ".error"
            break
    template = MESSAGES.get(code, MESSAGES["tdkt.error"])
    try:
        return template.format(**values) if values else template
    except (KeyError, IndexError):
        return template
