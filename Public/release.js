// Capstan release pages, without dependencies. Everything here is an enhancement: the pages work
// without it (forms post, the page shows the state when loaded).
//
// 1. A form with `data-confirm` asks before it is sent.
// 2. The release page (`[data-release][data-events]`) follows the release's server-sent events:
//    `release` events update the state, the message, the batch and every `[data-count]` cell;
//    `host` events update that host's row when it is on this page. When the state changes the
//    page reloads once, so the action buttons match it; a finished release closes the stream.
(function () {
  "use strict";

  var FINISHED = ["succeeded", "failed", "aborted", "rolledBack"];

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  var root = document.querySelector("[data-release][data-events]");
  if (!root || !window.EventSource || FINISHED.indexOf(root.getAttribute("data-state")) >= 0) return;

  var renderedState = root.getAttribute("data-state");
  var reloading = false;
  var source = new EventSource(root.getAttribute("data-events"));

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  function setState(element, state) {
    if (!element) return;
    setText(element, state);
    element.className = element.className.replace(/\bstate-\S+/g, "").trim() + " state-" + state;
  }

  // Counts arrive as {"total": n, "pending": n, ...}; cells are named `<row>-<state>`.
  function setCounts(row, counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (state) {
      if (state === "batch") return;
      var cell = root.querySelector('[data-count="' + row + "-" + state + '"]');
      if (!cell) return;
      setText(cell, String(counts[state]));
      if (state !== "total") cell.classList.toggle("zero", counts[state] === 0);
    });
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    source.close();
    window.location.reload();
  }

  source.addEventListener("release", function (event) {
    var release = JSON.parse(event.data);
    setState(root.querySelector("[data-release-state]"), release.state);
    var message = root.querySelector("[data-release-message]");
    if (message) {
      setText(message, release.message || "");
      message.hidden = !release.message;
    }
    setText(root.querySelector("[data-release-batch]"), String(release.currentBatch + 1));
    setCounts("total", release.hosts);
    (release.batches || []).forEach(function (counts) { setCounts("batch-" + counts.batch, counts); });
    var undoMissing = release.undo && !root.querySelector('[data-count="undo-total"]');
    setCounts("undo", release.undo);
    if (release.finished) source.close();
    if (release.state !== renderedState || undoMissing) reload();
  });

  source.addEventListener("host", function (event) {
    var job = JSON.parse(event.data);
    var row = root.querySelector('tr[data-machine="' + job.machineID + '"][data-phase="' + job.phase + '"]');
    if (!row) return;
    var field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
    setState(field("state"), job.state);
    setText(field("attempt"), String(job.attempt));
    setText(field("startedAt"), job.startedAt || "");
    setText(field("finishedAt"), job.finishedAt || "");
    setText(field("message"), job.message || "");
    var log = field("log");
    if (log) {
      log.setAttribute("href", "/jobs/" + job.id);
      setText(log, "job " + job.id);
    }
    row.classList.toggle("failure", ["failed", "interrupted", "refused", "unreachable"].indexOf(job.state) >= 0);
  });
})();
