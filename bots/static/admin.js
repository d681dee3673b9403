// The admin page: the document library, uploads with progress, removal, and each upload's state.
"use strict";

const STATUS = { in_force: "Còn hiệu lực", superseded: "Hết hiệu lực (bị thay thế)", expired: "Hết hiệu lực",
  not_yet: "Chưa có hiệu lực", unknown: "Chưa rõ" };
let token = sessionStorage.getItem("tdkt-admin-token") || "";

function $(id) { return document.getElementById(id); }

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  row.appendChild(td);
  return td;
}

async function api(method, path) {
  const resp = await fetch(path, { method, headers: { Authorization: "Bearer " + token } });
  const body = await resp.json().catch(() => null);
  if (!resp.ok) {
    throw new Error(body && body.error ? body.error.message : "Lỗi " + resp.status);
  }
  return body;
}

async function refresh() {
  if (!token) return;
  try {
    const [docs, uploads] = await Promise.all([api("GET", "/api/admin/documents"), api("GET", "/api/admin/uploads")]);
    $("token-status").textContent = "Thư viện có " + docs.length + " văn bản.";
    const lib = $("library");
    lib.replaceChildren();
    for (const d of docs) {
      const row = document.createElement("tr");
      cell(row, d.number);
      cell(row, d.title);
      cell(row, STATUS[d.status] || d.status);
      cell(row, d.effective || "");
      cell(row, d.file + (d.uploaded ? " (tải lên)" : ""));
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Gỡ bỏ";
      button.addEventListener("click", () => removeDoc(d));
      cell(row, "").appendChild(button);
      lib.appendChild(row);
    }
    const list = $("uploads");
    list.replaceChildren();
    for (const u of uploads) {
      const row = document.createElement("tr");
      cell(row, u.file);
      cell(row, u.state_label);
      cell(row, u.number);
      cell(row, u.started);
      cell(row, u.message);
      list.appendChild(row);
    }
  } catch (err) {
    $("token-status").textContent = err.message;
  }
}

async function removeDoc(doc) {
  if (!window.confirm("Gỡ văn bản " + doc.number + " khỏi thư viện?")) return;
  try {
    const out = await api("DELETE", "/api/admin/documents/" + encodeURIComponent(doc.id));
    $("upload-status").textContent = "Đã gỡ " + out.removed.join(", ") + ". Thư viện còn " + out.documents + " văn bản.";
  } catch (err) {
    $("upload-status").textContent = err.message;
  }
  refresh();
}

function upload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file || !token) return;
  const data = new FormData();
  data.append("file", file);
  const xhr = new XMLHttpRequest();  // fetch() reports no upload progress
  const bar = $("upload-progress");
  bar.hidden = false;
  bar.value = 0;
  $("upload-status").textContent = "Đang tải lên…";
  xhr.upload.addEventListener("progress", (e) => {
    if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    if (e.loaded === e.total) $("upload-status").textContent = "Đang kiểm tra và nạp vào chỉ mục…";
  });
  xhr.addEventListener("load", () => {
    bar.hidden = true;
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
    if (xhr.status === 200 && body) {
      const what = body.updated.length ? "Đã cập nhật " + body.updated.join(", ")
        : body.added.length ? "Đã thêm " + body.added.join(", ") : "Không nạp được " + body.file;
      $("upload-status").textContent = what + ". Thư viện có " + body.documents + " văn bản (" + body.kept + " giữ nguyên).";
    } else {
      $("upload-status").textContent = body && body.error ? body.error.message : "Lỗi " + xhr.status;
    }
    refresh();
  });
  xhr.addEventListener("error", () => {
    bar.hidden = true;
    $("upload-status").textContent = "Mất kết nối khi tải lên; tệp chưa được nạp.";
    refresh();
  });
  xhr.open("POST", "/api/admin/documents");
  xhr.setRequestHeader("Authorization", "Bearer " + token);
  xhr.send(data);
}

document.addEventListener("DOMContentLoaded", () => {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem("tdkt-admin-token", token);
    refresh();
  });
  $("upload-form").addEventListener("submit", upload);
  refresh();
});
