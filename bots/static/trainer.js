// Trainer page: upload a question list → answer sheet; quiz settings → quiz. Text goes in with textContent only.
"use strict";

const $ = (id) => document.getElementById(id);
const FALLBACK = "Đã có lỗi xảy ra. Vui lòng thử lại sau.";

function setStatus(id, text, isError) {
  const box = $(id);
  box.textContent = text;
  box.classList.toggle("error", Boolean(isError));
}

// The server's Vietnamese error message, or a generic one.
async function errorMessage(resp) {
  try {
    const data = await resp.json();
    return (data && data.error && data.error.message) || FALLBACK;
  } catch {
    return FALLBACK;
  }
}

function fileName(resp, fallback) {
  const m = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "");
  return m ? m[1] : fallback;
}

async function download(resp, fallback) {
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(resp, fallback);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return a.download;
}

// Send a request and save the file it returns; the status line says what happened.
async function fetchFile(statusId, button, path, options, fallback) {
  button.disabled = true;
  setStatus(statusId, "Đang xử lý, vui lòng chờ…", false);
  try {
    const resp = await fetch(path, options);
    if (!resp.ok) {
      setStatus(statusId, await errorMessage(resp), true);
      return;
    }
    const name = await download(resp, fallback);
    setStatus(statusId, `Đã tạo tệp ${name}.`, false);
  } catch {
    setStatus(statusId, "Không kết nối được máy chủ. Vui lòng thử lại.", true);
  } finally {
    button.disabled = false;
  }
}

function sendSheet(ev) {
  ev.preventDefault();
  const file = $("sheet-file").files[0];
  if (!file) {
    setStatus("sheet-status", "Hãy chọn tệp danh sách câu hỏi.", true);
    return;
  }
  const form = new FormData();
  form.append("file", file);
  form.append("format", $("sheet-format").value);
  fetchFile("sheet-status", $("sheet-send"), "/api/trainer/answer-sheet", { method: "POST", body: form },
    `dap-an.${$("sheet-format").value}`);
}

function sendQuiz(ev) {
  ev.preventDefault();
  const body = { n: Number($("quiz-n").value) || 10, format: $("quiz-format").value };
  const topic = $("quiz-topic").value.trim();
  if (topic) body.topic = topic;
  const seed = $("quiz-seed").value.trim();
  if (seed) body.seed = Number(seed);
  fetchFile("quiz-status", $("quiz-send"), "/api/trainer/quiz", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  }, `de-trac-nghiem.${body.format}`);
}

document.addEventListener("DOMContentLoaded", () => {
  $("sheet-form").addEventListener("submit", sendSheet);
  $("quiz-form").addEventListener("submit", sendQuiz);
});
