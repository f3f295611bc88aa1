// Capstan's pages, without dependencies. Everything here is an enhancement: the pages work without
// it (forms post, a page shows the state it had when loaded).
//
// 1. A form with `data-confirm` asks in a modal <dialog> before it is sent; the dialog's button says
//    what the form does (`data-confirm-label`, else the form's own button).
// 2. The release page (`[data-release][data-events]`) follows the release's server-sent events:
//    `release` events update the state, the message, the batch and every `[data-count]` cell; `host`
//    events update that host's row when it is on this page. When the state changes, the page's
//    content is fetched again and swapped in place (no reload), so the action buttons match it.
// 3. The dashboard (`[data-dashboard][data-events]`) follows one stream for all releases: a running
//    release's row moves with it; a release that starts or finishes refreshes the sections in place.
(function () {
  "use strict";

  var FINISHED = ["succeeded", "failed", "aborted", "rolledBack"];
  var FAILURES = ["failed", "interrupted", "refused", "unreachable"];

  // ---- confirmations --------------------------------------------------------------------------
  var dialog = null;

  function confirmDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "confirm";
    dialog.setAttribute("aria-labelledby", "confirm-text");
    dialog.innerHTML = '<form method="dialog"><p id="confirm-text"></p><div class="confirm-buttons">' +
      '<button value="cancel" type="submit">Cancel</button> <button value="confirm" type="submit" class="primary"></button></div></form>';
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]")) return;
    if (form.getAttribute("data-confirmed") === "yes") return;
    event.preventDefault();
    var text = form.getAttribute("data-confirm");
    var box = confirmDialog();
    if (typeof box.showModal !== "function") {
      if (window.confirm(text)) send(form);
      return;
    }
    var own = form.querySelector("button[type=submit], button:not([type])");
    box.querySelector("#confirm-text").textContent = text;
    box.querySelector("button[value=confirm]").textContent =
      form.getAttribute("data-confirm-label") || (own ? own.textContent : "Confirm");
    box.returnValue = "";
    box.onclose = function () { if (box.returnValue === "confirm") send(form); };
    box.showModal();
    box.querySelector("button[value=cancel]").focus();
  }, true);

  function send(form) {
    form.setAttribute("data-confirmed", "yes");
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  // ---- helpers --------------------------------------------------------------------------------
  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  function setState(element, state) {
    if (!element) return;
    setText(element, state);
    element.className = element.className.replace(/\bstate-\S+/g, "").trim() + " state-" + state;
  }

  // Fetches this page again and swaps the element matching `selector` in place; at most one at a
  // time, and one more if asked meanwhile.
  function refresher(selector, after) {
    var busy = false, again = false;
    return function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
          var current = document.querySelector(selector);
          if (fresh && current) {
            current.innerHTML = fresh.innerHTML;
            Array.prototype.forEach.call(fresh.attributes, function (attribute) {
              current.setAttribute(attribute.name, attribute.value);
            });
            if (after) after(current);
          }
        })
        .catch(function () {})
        .then(function () {
          busy = false;
          if (again) { again = false; refresh(); }
        });
    };
  }

  // ---- the release page -----------------------------------------------------------------------
  function followRelease(root) {
    var renderedState = root.getAttribute("data-state");
    var source = new EventSource(root.getAttribute("data-events"));
    var refresh = refresher("[data-release]", function (fresh) { renderedState = fresh.getAttribute("data-state"); });

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
      if (release.state !== renderedState || undoMissing) {
        renderedState = release.state;
        refresh();
      }
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
      row.classList.toggle("failure", FAILURES.indexOf(job.state) >= 0);
    });
  }

  // ---- the dashboard --------------------------------------------------------------------------
  function followDashboard(root) {
    var source = new EventSource(root.getAttribute("data-events"));
    var refresh = refresher("[data-dashboard]");

    source.addEventListener("release", function (event) {
      var release = JSON.parse(event.data);
      var row = root.querySelector('tr[data-release-row="' + release.id + '"]');
      if (!row || release.finished) {
        // A release that started or finished: the sections change shape.
        if (row || !release.finished) refresh();
        return;
      }
      var field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
      var hosts = release.hosts || {};
      var done = 0;
      Object.keys(hosts).forEach(function (state) {
        if (state !== "total" && ["pending", "queued", "delivered", "running"].indexOf(state) < 0) done += hosts[state];
      });
      var failed = FAILURES.reduce(function (sum, state) { return sum + (hosts[state] || 0); }, 0);
      setState(field("state"), release.state);
      var bar = field("progress");
      if (bar) { bar.max = hosts.total || 0; bar.value = done; }
      setText(field("progressText"), done + " of " + (hosts.total || 0) + " hosts");
      if (field("failed")) setText(field("failed"), failed + " failed");
      else if (failed > 0) refresh();
      setText(field("batch"), (release.currentBatch + 1) + " of " + release.batchCount);
    });
  }

  if (!window.EventSource) return;
  var release = document.querySelector("[data-release][data-events]");
  if (release && FINISHED.indexOf(release.getAttribute("data-state")) < 0) followRelease(release);
  var dashboard = document.querySelector("[data-dashboard][data-events]");
  if (dashboard) followDashboard(dashboard);
})();
