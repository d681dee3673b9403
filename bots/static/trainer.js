// Trainer page: answer sheets, quizzes, session packs, forms and dossier checklists.
// Text from the server goes in with textContent only.
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
  const body = { n: Number($("quiz-n").value) || 10, format: $("quiz-format").value, version: $("quiz-version").value };
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

function sendPack(ev) {
  ev.preventDefault();
  const topic = $("pack-topic").value.trim();
  if (!topic) {
    setStatus("pack-status", "Hãy nhập chủ đề tập huấn.", true);
    return;
  }
  const questions = $("pack-questions").value.split("\n").map((q) => q.trim()).filter(Boolean).slice(0, 200);
  const body = { topic, questions, n: Number($("pack-n").value) || 10, seed: Number($("pack-seed").value) || 1,
    format: "docx" };
  fetchFile("pack-status", $("pack-send"), "/api/trainer/pack", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  }, "tai-lieu-tap-huan.docx");
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

async function getJSON(statusId, path) {
  setStatus(statusId, "Đang tìm…", false);
  try {
    const resp = await fetch(path, { headers: { Accept: "application/json" } });
    if (!resp.ok) {
      setStatus(statusId, await errorMessage(resp), true);
      return null;
    }
    setStatus(statusId, "", false);
    return await resp.json();
  } catch {
    setStatus(statusId, "Không kết nối được máy chủ. Vui lòng thử lại.", true);
    return null;
  }
}

async function findForms(ev) {
  ev.preventDefault();
  const q = $("forms-query").value.trim();
  const forms = await getJSON("forms-status", "/api/trainer/forms" + (q ? `?q=${encodeURIComponent(q)}` : ""));
  const list = $("forms-list");
  list.replaceChildren();
  if (!forms) return;
  if (!forms.length) {
    setStatus("forms-status", "Không tìm thấy mẫu nào trong các văn bản đã nạp.", false);
    return;
  }
  for (const f of forms.slice(0, 20)) {
    const item = el("li", null, "form-item");
    item.append(el("strong", `Mẫu số ${f.number}. ${f.title}`));
    item.append(el("div", `${f.award || f.purpose} — ${f.label}${f.in_force ? "" : " (hết hiệu lực)"}`, "muted"));
    for (const fmt of ["docx", "md"]) {
      const link = el("a", fmt === "docx" ? "Tải Word" : "Tải Markdown", "download-link");
      link.href = `/api/trainer/forms/${encodeURIComponent(f.number)}?doc=${encodeURIComponent(f.doc_number)}&format=${fmt}`;
      link.setAttribute("download", `mau-${f.number}.${fmt}`);
      item.append(" ", link);
    }
    list.append(item);
  }
}

async function showDossier(ev) {
  ev.preventDefault();
  const award = $("dossier-award").value.trim();
  const box = $("dossier-result");
  box.replaceChildren();
  if (!award) {
    setStatus("dossier-status", "Hãy nhập tên danh hiệu hoặc hình thức khen thưởng.", true);
    return;
  }
  const data = await getJSON("dossier-status", `/api/trainer/dossier?award=${encodeURIComponent(award)}`);
  if (!data) return;
  if (!data.sections.length) {
    setStatus("dossier-status", `Không tìm thấy quy định về hồ sơ cho “${award}” trong các văn bản đang có hiệu lực.`, false);
    return;
  }
  box.append(el("h3", `Hồ sơ đề nghị ${data.award}`));
  for (const section of data.sections) {
    box.append(el("h4", section.heading));
    const list = el("ul", null, "checklist");
    for (const line of section.lines) {
      const item = el("li");
      item.append(el("span", `☐ [${line.kind_label}] `, "kind"), el("span", line.text));
      item.append(el("div", `Căn cứ: ${line.citation.label}`, "citation"));
      list.append(item);
    }
    box.append(list);
  }
}

function downloadDossier() {
  const award = $("dossier-award").value.trim();
  if (!award) {
    setStatus("dossier-status", "Hãy nhập tên danh hiệu hoặc hình thức khen thưởng.", true);
    return;
  }
  fetchFile("dossier-status", $("dossier-download"),
    `/api/trainer/dossier?award=${encodeURIComponent(award)}&format=docx`, {}, "ho-so.docx");
}

document.addEventListener("DOMContentLoaded", () => {
  $("sheet-form").addEventListener("submit", sendSheet);
  $("quiz-form").addEventListener("submit", sendQuiz);
  $("pack-form").addEventListener("submit", sendPack);
  $("forms-form").addEventListener("submit", findForms);
  $("dossier-form").addEventListener("submit", showDossier);
  $("dossier-download").addEventListener("click", downloadDossier);
});
