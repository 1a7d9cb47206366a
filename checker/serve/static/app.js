// reportcheck serve: drop a file onto the form, follow a job while it waits and runs, size the report frame.
// Served from this server only (the page's Content-Security-Policy allows no other script).
"use strict";

function showChosen(input) {
  const label = input.closest("[data-drop]");
  const chosen = label && label.querySelector("[data-chosen]");
  if (!chosen) return;
  const names = Array.from(input.files || []).map((f) => f.name);
  chosen.textContent = names.length > 3 ? `已选 ${names.length} 个文件：${names.slice(0, 3).join("、")} 等` : names.join("、");
}

function setUpDrops() {
  document.querySelectorAll("[data-drop]").forEach((zone) => {
    const input = zone.querySelector("input[type=file]");
    if (!input) return;
    input.addEventListener("change", () => showChosen(input));
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showChosen(input);
      }
    });
  });
  document.querySelectorAll("form[data-upload]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "正在上传…"; }
    });
  });
}

function showStatus(box, status) {
  const state = box.querySelector("[data-state]");
  if (state) {
    state.textContent = status.position
      ? `排队中：第 ${status.position} 位`
      : "正在检查…";
  }
  const bar = box.querySelector("[data-progress]");
  if (bar) { bar.max = status.total; bar.value = status.done; }
  const count = box.querySelector("[data-count]");
  if (count) count.textContent = `已完成 ${status.done} / ${status.total}`;
  if (status.state === "done" || status.state === "failed") window.location.reload();
}

function followJob() {
  const box = document.querySelector("[data-job]");
  if (!box) return;
  const base = `/jobs/${encodeURIComponent(box.dataset.job)}`;
  const poll = () => fetch(`${base}/status`, { cache: "no-store" })
    .then((reply) => reply.json())
    .then((status) => { showStatus(box, status); setTimeout(poll, 1500); })
    .catch(() => setTimeout(poll, 3000));
  if (!window.EventSource) { poll(); return; }
  const events = new EventSource(`${base}/events`);
  events.onmessage = (event) => showStatus(box, JSON.parse(event.data));
  events.onerror = () => { events.close(); setTimeout(poll, 1000); };
}

function sizeReport() {
  const frame = document.querySelector("iframe[data-report]");
  if (!frame) return;
  const fit = () => {
    try {
      const height = frame.contentDocument.documentElement.scrollHeight;
      if (height) frame.style.height = `${height + 24}px`;
    } catch (error) { /* another origin: keep the fixed height */ }
  };
  frame.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", fit);
}

document.addEventListener("DOMContentLoaded", () => { setUpDrops(); followJob(); sizeReport(); });
