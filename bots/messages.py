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
    "assistant.question_too_long": "Câu hỏi quá dài. Vui lòng rút gọn (tối đa {limit} ký tự).",
    "assistant.unknown_document": "Không tìm thấy văn bản hoặc điều khoản được yêu cầu.",
    "assistant.llm": "Mô hình ngôn ngữ không phản hồi; đã dùng câu trả lời trích dẫn trực tiếp.",
    "settings.invalid": "Cấu hình không hợp lệ.",
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
