/* The live screen with JavaScript: a running clock, a countdown to the next change, a
   vibration and an alert when it is due, and writes that work without a connection.

   The server holds the clock; this page reads it every few seconds (so two coaches'
   phones agree) and counts on by itself in between, also offline. Clock buttons and
   recorded changes go through the queue of offline.js: sent at once, or kept on the
   phone and sent when the connection comes back. */
(function () {
  "use strict";

  var root = document.getElementById("live");
  if (!root || !root.dataset.periodMinutes) return;

  var minutes = root.dataset.periodMinutes.split(",").map(Number);
  var clock = {
    state: root.dataset.state,
    period: Number(root.dataset.period),
    seconds: Number(root.dataset.seconds),
    version: Number(root.dataset.version),
    at: performance.now(),
  };
  var text = root.dataset;
  var alerted = {};
  var el = function (id) { return document.getElementById(id); };

  function seconds() {
    if (clock.state !== "running") return clock.seconds;
    return clock.seconds + Math.floor((performance.now() - clock.at) / 1000);
  }

  function mmss(s) {
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function format(template, value) { return template.replace("%s", value); }

  function setHidden(node, hidden) { if (node) node.hidden = hidden; }

  function showControls() {
    var running = clock.state === "running";
    var going = running || clock.state === "paused";
    var last = clock.period >= minutes.length;
    document.querySelectorAll("button[data-action]").forEach(function (button) {
      var form = button.form;
      var show = {
        start: clock.state === "ready",
        pause: running,
        resume: clock.state === "paused",
        next: going && !last,
        end: going && (form.closest(".clock-set") ? !last : last),
      }[button.dataset.action];
      setHidden(form, !show);
      if (button.dataset.action === "next") button.textContent = format(text.textNowIn, clock.period + 1);
      var version = form.querySelector("input[name=version]");
      if (version) version.value = clock.version;
    });
    setHidden(document.querySelector(".clock-set"), !going);
    setHidden(el("paused-flag"), clock.state !== "paused");
  }

  function showPeriod() {
    document.querySelectorAll("[data-period-view]").forEach(function (view) {
      view.hidden = Number(view.dataset.periodView) !== Math.min(clock.period, minutes.length);
    });
    var label = el("period-line");
    if (clock.state === "ready") label.textContent = text.textReady;
    else if (clock.state === "ended") label.textContent = text.textEnded;
    else label.textContent = text.textPeriod.replace("%n", clock.period).replace("%c", minutes.length);
  }

  function tick() {
    var s = seconds();
    var length = (minutes[clock.period - 1] || 0) * 60;
    el("clock-time").textContent = mmss(s);
    el("clock-length").textContent = mmss(length);
    var left = Math.max(0, length - s);
    var view = document.querySelector("[data-period-view='" + clock.period + "']");
    var changes = view && view.querySelector(".changes");
    var next = el("next-change");
    if (clock.state === "ended") next.textContent = text.textGameOver;
    else if (clock.period >= minutes.length) next.textContent = format(text.textGameEnds, Math.ceil(left / 60));
    else if (changes) next.textContent = format(text.textNextChange, Math.ceil(left / 60));
    else next.textContent = format(text.textPeriodEnds, Math.ceil(left / 60));
    var due = clock.state === "running" && left === 0 && changes && clock.period < minutes.length;
    setHidden(el("change-due"), !due);
    if (due && !alerted[clock.period]) {
      alerted[clock.period] = true;
      if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 400]);
    }
    document.querySelectorAll("td.so-far").forEach(function (cell) {
      var starts = cell.dataset.starts.split(",").map(Number);
      var on = cell.dataset.on.split(",");
      var p = Math.min(clock.period, minutes.length) - 1;
      var total = starts[p] + (on[p] === "1" ? Math.min(s, (minutes[p] || 0) * 60) : 0);
      cell.textContent = Math.floor(total / 60) + "′";
    });
  }

  function render() {
    showControls();
    showPeriod();
    tick();
  }

  function adopt(state) {
    clock = {
      state: state.state, period: state.period, seconds: state.seconds,
      version: state.version, at: performance.now(),
    };
    render();
  }

  /* What a clock action does, applied on the phone at once (the server agrees later). */
  function apply(action, fields) {
    var s = seconds();
    if (action === "start") { clock.state = "running"; clock.period = 1; s = 0; }
    else if (action === "pause") clock.state = "paused";
    else if (action === "resume") clock.state = "running";
    else if (action === "next") { clock.period += 1; clock.state = "running"; s = 0; }
    else if (action === "end") clock.state = "ended";
    else if (action === "set") s = Math.round(parseFloat(String(fields.minutes).replace(",", ".")) * 60) || 0;
    clock.seconds = s;
    clock.at = performance.now();
    clock.version += 1;
    render();
  }

  var status = el("live-status");
  function say(message, warn) {
    status.textContent = message;
    status.classList.toggle("warning", Boolean(warn));
    status.hidden = !message;
  }

  var queued = el("queued");
  document.addEventListener("teamcoach:queue", function (event) {
    var d = event.detail;
    queued.hidden = !d.pending;
    queued.textContent = format(text.textQueued, d.pending);
    if (d.conflicts && d.conflicts.length) {
      say(text.textConflict + " " + d.conflicts.map(function (c) { return c.message || c.label; }).join(" "), true);
    } else if (!d.queued && d.sent && !d.pending) {
      location.reload();
    }
  });

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  document.querySelectorAll("form[data-live-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = window.teamcoachQueue.fields(form);
      var values = {};
      fields.forEach(function (f) { values[f[0]] = f[1]; });
      if (form.dataset.liveForm === "clock") {
        fields.push(["at", String(Date.now())]);
        fields = fields.map(function (f) { return f[0] === "version" ? ["version", String(clock.version)] : f; });
        apply(values.action, values);
      }
      var label = (form.querySelector("button") || {}).textContent || "";
      var url = new URL(form.getAttribute("action") || "", location.href).href;
      window.teamcoachQueue.send(url, fields, label).then(function (result) {
        if (result.queued) {
          say(text.textOffline, false);
          var key = form.querySelector("input[name=key]");
          if (key) key.value = newKey();  // the next change is another one
          return;
        }
        var answer = result.answer;
        if (answer.ok && form.dataset.liveForm === "change") {
          location.reload();
        } else if (answer.ok) {
          say(answer.message, false);
          poll();
        } else {
          say(answer.message || text.textConflict, true);
          poll();
        }
      });
    });
  });

  var polling = false;
  function poll() {
    if (polling || !navigator.onLine) return;
    polling = true;
    window.teamcoachQueue.pending().then(function (pending) {
      if (pending) { polling = false; return null; }
      return fetch(root.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          polling = false;
          if (state && (state.version !== clock.version || Math.abs(state.seconds - seconds()) > 2)) adopt(state);
        });
    }).catch(function () { polling = false; });
  }

  render();
  setInterval(tick, 1000);
  setInterval(poll, 5000);
})();
