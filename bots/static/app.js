// tdkt chat page. Every piece of data is inserted with textContent / text nodes, never as HTML,
// so a question or a document that contains markup stays inert.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY_CONV = "tdkt.conversation";
const KEY_LOG = "tdkt.log";
const MAX_LOG = 30;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
// Material Design "thumb_up" (Apache-2.0); drawn, not an emoji, so it shows on machines without emoji fonts.
const THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

function icon(path, cls) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", `icon ${cls || ""}`);
  const shape = document.createElementNS(SVG, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

async function api(path, options) {
  let resp;
  try {
    resp = await fetch(path, { headers: { "Content-Type": "application/json", Accept: "application/json" }, ...options });
  } catch (_) {
    throw new Error("Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.");
  }
  let data = null;
  try { data = await resp.json(); } catch (_) { /* not JSON */ }
  if (!resp.ok) throw new Error((data && data.error && data.error.message) || "Đã có lỗi xảy ra. Vui lòng thử lại sau.");
  return data;
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 2500);
}

function viDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

// -- validity badge ------------------------------------------------------------------------
function badge(status, supersededBy) {
  const by = (supersededBy || []).join(", ");
  const map = {
    in_force: ["ok", "Còn hiệu lực"],
    superseded: ["bad", by ? `Hết hiệu lực — thay thế bởi ${by}` : "Hết hiệu lực"],
    expired: ["bad", "Hết hiệu lực"],
    not_yet: ["warn", "Chưa có hiệu lực"],
  };
  const [cls, text] = map[status] || ["neutral", "Chưa xác định hiệu lực"];
  return el("span", { class: `badge ${cls}`, "data-status": status, text });
}

// "Nghị định 91/2017/NĐ-CP" already names its number; "Luật Thi đua, khen thưởng 2022" does not.
function docLabel(shortTitle, number) {
  return !number || (shortTitle || "").includes(number) ? shortTitle || number : `${shortTitle} (${number})`;
}

function materialBadge() {
  return el("span", { class: "badge neutral", text: "Tài liệu tham khảo (không phải văn bản quy phạm)" });
}

// -- chat --------------------------------------------------------------------------------------
const state = { busy: false };

function conversationId() { return sessionStorage.getItem(KEY_CONV); }

function remember(entry) {
  const log = loadLog();
  log.push(entry);
  sessionStorage.setItem(KEY_LOG, JSON.stringify(log.slice(-MAX_LOG)));
}

function loadLog() {
  try { return JSON.parse(sessionStorage.getItem(KEY_LOG) || "[]"); } catch (_) { return []; }
}

function scrollDown() { window.scrollTo({ top: document.body.scrollHeight }); }

function userBubble(text) {
  $("welcome").hidden = true;
  $("messages").append(el("div", { class: "msg user" }, el("div", { class: "bubble", text })));
}

function errorBubble(text) {
  $("messages").append(el("div", { class: "msg bot" }, el("div", { class: "bubble error", role: "alert", text })));
}

// The answer from its structure: the lead, what is not covered, each quote under its label (a tap
// opens the whole article with the quote marked). Nothing is parsed out of the text.
function answerBody(answer) {
  const box = el("div", { class: "answer-body" });
  const decision = answer.decision || { status: "answered", reasons: [] };
  if (answer.refused) {
    box.append(el("p", { class: "lead", text: decision.reasons.join(" ") || answer.answer }));
    if ((answer.related || []).length) {
      box.append(el("p", { class: "cites-title", text: "Quy định gần nhất (chỉ để tham khảo):" }),
                 el("div", { class: "chips related" }, answer.related.map((c, i) => chip(c, i, false))));
    }
    if (decision.advice) box.append(el("p", { class: "advice", text: decision.advice }));
    return box;
  }
  if (!answer.lead) {  // an answer saved before answers had a structure
    box.append(el("div", { class: "answer-text", text: answer.answer }));
    return box;
  }
  box.append(el("p", { class: "lead", text: answer.lead }));
  for (const r of decision.reasons || []) box.append(el("p", { class: "note partly", text: r }));
  for (const q of answer.quotes || []) {
    const c = answer.citations[q.citation];
    const label = el("button", { type: "button", class: "quote-label", title: "Xem toàn văn điều",
                                 onclick: () => c && openCitation(c) }, `— ${q.label}`);
    box.append(el("figure", { class: `quote${c && !c.in_force ? " stale" : ""}` },
      el("blockquote", { text: q.text }), el("figcaption", {}, label,
        c && !c.in_force ? el("span", { class: "chip-flag", text: " hết hiệu lực" }) : null)));
  }
  return box;
}

function chip(c, i, numbered = true) {
  return el("button", { type: "button", class: `chip${c.in_force ? "" : " stale"}`, "data-doc": c.doc_id, title: c.label,
                        onclick: () => openCitation(c, !numbered) },
    numbered ? el("span", { class: "chip-n", text: `[${i + 1}]` }) : null,
    el("span", { class: "chip-label", text: c.label + (numbered || !c.article_title ? "" : ` (${c.article_title})`) }),
    c.in_force ? null : el("span", { class: "chip-flag", text: "hết hiệu lực" }));
}

function feedbackBar(answer) {
  const bar = el("div", { class: "feedback" });
  const form = el("form", { class: "feedback-form", hidden: true });
  const comment = el("input", { type: "text", maxlength: 2000, placeholder: "Góp ý thêm (không bắt buộc)", "aria-label": "Góp ý" });
  let rating = null;
  const pick = (r, btn) => {
    rating = r;
    bar.querySelectorAll(".rate").forEach((b) => b.setAttribute("aria-pressed", String(b === btn)));
    form.hidden = false;
    comment.focus();
  };
  const up = el("button", { type: "button", class: "rate up", "aria-label": "Hữu ích", "aria-pressed": "false", title: "👍 Hữu ích" },
                icon(THUMB), el("span", { text: "Hữu ích" }));
  const down = el("button", { type: "button", class: "rate down", "aria-label": "Chưa đúng", "aria-pressed": "false", title: "👎 Chưa đúng" },
                  icon(THUMB, "flip"), el("span", { text: "Chưa đúng" }));
  up.addEventListener("click", () => pick("up", up));
  down.addEventListener("click", () => pick("down", down));
  form.append(comment, el("button", { type: "submit", class: "primary small" }, "Gửi góp ý"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api("/api/feedback", { method: "POST", body: JSON.stringify({ answer_id: answer.id, rating, comment: comment.value }) });
      bar.replaceChildren(el("span", { class: "thanks", text: "Cảm ơn bạn đã góp ý!" }));
    } catch (err) { toast(err.message); }
  });
  const copy = el("button", { type: "button", class: "ghost small", onclick: () => copyAnswer(answer) }, "Sao chép");
  bar.append(copy, up, down, form);
  return bar;
}

async function copyAnswer(answer) {
  const refs = answer.citations.map((c, i) => `[${i + 1}] ${c.label}`).join("\n");
  const text = refs ? `${answer.answer}\n\nCăn cứ:\n${refs}` : answer.answer;
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {  // no clipboard API outside https: the old way
    const area = el("textarea", { class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  toast("Đã sao chép câu trả lời.");
}

function answerBubble(answer) {
  const bubble = el("div", { class: `bubble answer${answer.refused ? " refused" : ""}`, "data-answer-id": answer.id });
  bubble.append(answerBody(answer));
  for (const note of answer.notes || []) bubble.append(el("p", { class: "note" }, el("strong", { text: "Lưu ý: " }), note));
  if (answer.citations.length) {
    bubble.append(el("p", { class: "cites-title", text: "Căn cứ (bấm để xem toàn văn điều):" }),
                  el("div", { class: "chips" }, answer.citations.map(chip)));
  }
  if (answer.refused && !(answer.related || []).length && (answer.suggestions || []).length) {
    bubble.append(el("p", { class: "cites-title", text: "Các văn bản có quy định về:" }),
                  el("div", { class: "examples" }, answer.suggestions.map((s) =>
                    el("button", { type: "button", class: "example", onclick: () => ask(s.replace(/\s*\(.*\)$/, "")) }, s))));
  }
  if (answer.as_of) bubble.append(el("p", { class: "as-of", text: `Theo quy định áp dụng tại ngày ${viDate(answer.as_of)}.` }));
  bubble.append(feedbackBar(answer));
  $("messages").append(el("div", { class: "msg bot" }, bubble));
}

async function ask(question) {
  const text = (question || "").trim();
  if (!text || state.busy) return;
  state.busy = true;
  $("send").disabled = true;
  userBubble(text);
  const waiting = el("div", { class: "msg bot" }, el("div", { class: "bubble typing", text: "Đang tra cứu văn bản…" }));
  $("messages").append(waiting);
  scrollDown();
  try {
    const body = { question: text };
    if (conversationId()) body.conversation_id = conversationId();
    const answer = await api("/api/ask", { method: "POST", body: JSON.stringify(body) });
    if (answer.conversation_id) sessionStorage.setItem(KEY_CONV, answer.conversation_id);
    waiting.remove();
    answerBubble(answer);
    remember({ question: text, answer });
  } catch (err) {
    waiting.remove();
    errorBubble(err.message);
  } finally {
    state.busy = false;
    $("send").disabled = false;
    scrollDown();
  }
}

function newConversation() {
  sessionStorage.removeItem(KEY_CONV);
  sessionStorage.removeItem(KEY_LOG);
  $("messages").replaceChildren($("welcome"));
  $("welcome").hidden = false;
  $("question").focus();
}

// -- article panel -------------------------------------------------------------------------
function openPanel(docLine, title) {
  $("panel-doc").textContent = docLine;
  $("panel-title").textContent = title;
  $("panel-badge").replaceChildren();
  $("panel-body").replaceChildren(el("p", { class: "muted", text: "Đang tải…" }));
  $("panel").hidden = false;
  $("backdrop").hidden = false;
  document.body.classList.add("panel-open");
}

function closePanel() {
  $("panel").hidden = true;
  $("backdrop").hidden = true;
  document.body.classList.remove("panel-open");
}

const squash = (s) => s.replace(/\s+/g, " ").trim();

// One clause block; the quoted passage inside it (or the whole block) is marked.
function clauseBlock(text, quote) {
  const p = el("p", { class: "clause" });
  const at = quote ? text.indexOf(quote) : -1;
  if (at >= 0) {
    p.append(text.slice(0, at), el("mark", { text: quote }), text.slice(at + quote.length));
  } else if (quote && squash(text) && squash(quote).includes(squash(text))) {
    p.append(el("mark", { text }));
  } else {
    p.textContent = text;
  }
  return p;
}

function renderArticle(article, quote) {
  const body = $("panel-body");
  $("panel-badge").replaceChildren(badge(article.status, article.superseded_by));
  const blocks = [];
  if (article.validity_note) blocks.push(el("p", { class: "validity-note", text: article.validity_note }));
  if (article.chapter) blocks.push(el("p", { class: "chapter", text: article.chapter }));
  for (const c of article.clauses) blocks.push(clauseBlock(c.text, quote));
  body.replaceChildren(...blocks);
  const mark = body.querySelector("mark");
  if (mark) mark.scrollIntoView({ block: "center" });
}

async function openArticle(docId, number, quote, docLine) {
  openPanel(docLine || "", `Điều ${number}`);
  try {
    const article = await api(`/api/documents/${encodeURIComponent(docId)}/articles/${encodeURIComponent(number)}`);
    $("panel-doc").textContent = docLabel(article.short_title, article.doc_number);
    $("panel-title").textContent = article.title ? `Điều ${article.article}. ${article.title}` : `Điều ${article.article}`;
    renderArticle(article, (quote || "").trim());
  } catch (err) {
    $("panel-body").replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
  }
}

function openCitation(c, whole = false) {
  if (c.article === null || c.article === undefined) {  // training material: no articles, show the passage
    openPanel("Tài liệu tập huấn", c.short_title || c.doc_title);
    $("panel-badge").replaceChildren(c.doc_kind === "legal" ? badge(c.status, c.superseded_by) : materialBadge());
    $("panel-body").replaceChildren(el("p", { class: "clause" }, el("mark", { text: c.text })));
    return;
  }
  openArticle(c.doc_id, String(c.article), whole ? "" : c.text, docLabel(c.short_title, c.doc_number));
}

// -- documents view ------------------------------------------------------------------------
function docDates(d) {
  if (d.kind !== "legal") return d.issued ? `Đăng ngày ${viDate(d.issued)}` : "";
  return [d.issued && `Ban hành ${viDate(d.issued)}`, d.effective && `hiệu lực ${viDate(d.effective)}`].filter(Boolean).join(" · ");
}

function docMeta(d) {
  return d.kind === "legal" ? [d.doc_type, d.number].filter(Boolean).join(" · ") : "Tài liệu tập huấn";
}

async function showDocuments() {
  const box = $("docs");
  box.replaceChildren(el("p", { class: "muted", text: "Đang tải danh sách văn bản…" }));
  try {
    const docs = await api("/api/documents");
    const list = el("ul", { class: "doc-list" }, docs.map((d) => el("li", {},
      el("button", { type: "button", class: "doc-card", onclick: () => showToc(d.id) },
        el("span", { class: "doc-meta", text: docMeta(d) }),
        el("span", { class: "doc-title", text: d.title }),
        el("span", { class: "doc-dates", text: docDates(d) }),
        d.kind === "legal" ? badge(d.status, d.superseded_by) : null))));
    box.replaceChildren(el("h2", { class: "view-title", text: `Văn bản đang tra cứu (${docs.length})` }), list);
  } catch (err) {
    box.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
  }
}

async function showToc(docId) {
  const box = $("docs");
  box.replaceChildren(el("p", { class: "muted", text: "Đang tải mục lục…" }));
  try {
    const d = await api(`/api/documents/${encodeURIComponent(docId)}`);
    const items = d.toc.map((t) => t.kind === "dieu"
      ? el("li", {}, el("button", { type: "button", class: "toc-article",
                                    onclick: () => openArticle(d.id, t.label, "", docLabel(d.short_title, d.number)) },
                        el("strong", { text: `Điều ${t.label}.` }), ` ${t.title}`))
      : el("li", { class: `toc-${t.kind}`, text: t.title }));
    box.replaceChildren(...[
      el("button", { type: "button", class: "ghost back", onclick: showDocuments }, "← Tất cả văn bản"),
      el("p", { class: "doc-meta", text: [docMeta(d), d.issuer].filter(Boolean).join(" · ") }),
      el("h2", { class: "view-title", text: d.title }),
      el("div", { class: "validity" }, d.kind === "legal" ? badge(d.status, d.superseded_by) : materialBadge()),
      d.validity_note ? el("p", { class: "validity-note", text: d.validity_note }) : null,
      items.length ? el("ol", { class: "toc" }, items) : el("p", { class: "muted", text: "Tài liệu này không chia theo điều." }),
    ].filter(Boolean));
    window.scrollTo({ top: 0 });
  } catch (err) {
    box.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
  }
}

function switchView(view) {
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  $("view-chat").hidden = view !== "chat";
  $("view-docs").hidden = view !== "docs";
  if (view === "docs") showDocuments();
}

// -- wiring --------------------------------------------------------------------------------
function init() {
  const q = $("question");
  const grow = () => { q.style.height = "auto"; q.style.height = `${Math.min(q.scrollHeight, 160)}px`; };
  q.addEventListener("input", grow);
  q.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); $("ask-form").requestSubmit(); }
  });
  $("ask-form").addEventListener("submit", (ev) => { ev.preventDefault(); const text = q.value; q.value = ""; grow(); ask(text); });
  $("new-chat").addEventListener("click", newConversation);
  for (const b of document.querySelectorAll("#examples .example")) b.addEventListener("click", () => ask(b.textContent));
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) tab.addEventListener("click", () => switchView(tab.dataset.view));
  $("panel-close").addEventListener("click", closePanel);
  $("backdrop").addEventListener("click", closePanel);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closePanel(); });
  for (const entry of loadLog()) { userBubble(entry.question); answerBubble(entry.answer); }
  openLinkedArticle();
  window.addEventListener("hashchange", openLinkedArticle);
}

// "#dieu/<doc id>/<article>": a link from a chat (Zalo) opens that article's full text.
function openLinkedArticle() {
  const m = /^#dieu\/([A-Za-z0-9_.-]+)\/(\w+)$/.exec(window.location.hash);
  if (m) openArticle(m[1], m[2], "", "");
}

document.addEventListener("DOMContentLoaded", init);
