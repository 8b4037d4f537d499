/* Installable and offline (every page): registers the service worker, tells it about
   sign-out, and keeps a queue of writes made without a connection (IndexedDB), sent in
   order when the connection comes back. Each queued write carries its idempotency key
   (a field of its form), so one sent twice is stored once. A write the server refuses
   on replay (changed elsewhere meanwhile, a played game) is shown, never dropped
   silently: pages answer such script requests with JSON and a 4xx, never a 303. */
(function () {
  "use strict";

  var script = document.currentScript;
  var text = script ? script.dataset : {};

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    document.addEventListener("submit", function (event) {
      var action = event.target.getAttribute("action") || "";
      if (action.indexOf("/accounts/logout/") !== -1 && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "sign-out" });
      }
    }, true);
  }

  var DB = "teamcoach-queue";
  var STORE = "writes";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function all() { return run("readonly", function (store) { return store.getAll(); }); }
  function add(item) { return run("readwrite", function (store) { return store.add(item); }); }
  function remove(id) { return run("readwrite", function (store) { return store.delete(id); }); }

  /* Pages other than the live screen (which shows the queue itself) get a plain notice. */
  function notice(detail) {
    if (document.getElementById("live")) return;
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.getElementById("offline-notice");
    if (!box) {
      box = document.createElement("p");
      box.id = "offline-notice";
      box.className = "notice";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    if (detail.conflicts && detail.conflicts.length) {
      box.className = "notice warning";
      box.textContent = text.textConflict + " " + detail.conflicts.map(function (c) { return c.message || c.label; }).join(" ");
    } else if (detail.queued) {
      box.textContent = text.textQueued;
    } else if (detail.sent) {
      box.textContent = text.textSent;
    }
  }

  function announce(detail) {
    notice(detail);
    document.dispatchEvent(new CustomEvent("teamcoach:queue", { detail: detail }));
  }

  /* POST one write; resolves {ok, status, message} or rejects when there is no connection. */
  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      credentials: "same-origin",
      headers: { "X-Requested-With": "live", "Accept": "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var body = type.indexOf("json") !== -1 ? response.json() : Promise.resolve({});
      return body.then(function (data) {
        return { ok: response.ok, status: response.status, message: data.message || "" };
      });
    });
  }

  var flushing = null;

  function flush() {
    if (flushing) return flushing;
    flushing = all().then(function (items) {
      var sent = 0;
      var conflicts = [];
      var chain = Promise.resolve();
      items.forEach(function (item) {
        chain = chain.then(function () {
          return post(item.url, item.fields).then(function (answer) {
            if (!answer.ok) conflicts.push({ label: item.label, message: answer.message, status: answer.status });
            else sent += 1;
            return remove(item.id);
          });
        });
      });
      return chain.then(function () {
        return { sent: sent, conflicts: conflicts, pending: 0 };
      }, function () {
        return all().then(function (left) { return { sent: sent, conflicts: conflicts, pending: left.length }; });
      });
    }).then(function (detail) {
      flushing = null;
      announce(detail);
      return detail;
    }, function (error) {
      flushing = null;
      throw error;
    });
    return flushing;
  }

  /* Send a write now, or queue it when there is no connection. */
  function send(url, fields, label) {
    var queue = function () {
      return add({ url: url, fields: fields, label: label, queuedAt: Date.now() }).then(function () {
        return all().then(function (left) {
          var detail = { queued: true, pending: left.length, sent: 0, conflicts: [] };
          announce(detail);
          return detail;
        });
      });
    };
    if (!navigator.onLine) return queue();
    return post(url, fields).then(function (answer) {
      return { queued: false, answer: answer };
    }, queue);
  }

  function formFields(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, String(value)]); });
    return fields;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  /* Availability edits made offline: queued like the live screen's writes, with the form's
     key and each answer as the page showed it (seen-<player>), so the server keeps an
     answer changed elsewhere meanwhile and says so (409), which the notice shows. The
     form then gets a fresh key and counts what was queued as seen, for the next edit. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var url = new URL(form.getAttribute("action") || location.href, location.href);
    if (!/\/availability\/$/.test(url.pathname)) return;
    event.preventDefault();
    var fields = formFields(form);
    send(url.href, fields, document.title);
    fields.forEach(function (field) {
      if (field[0].indexOf("answer-") !== 0) return;
      var seen = form.elements.namedItem("seen-" + field[0].slice(7));
      if (seen) seen.value = field[1];
    });
    if (form.elements.namedItem("key")) form.elements.namedItem("key").value = newKey();
  });

  window.addEventListener("online", function () { flush(); });
  window.teamcoachQueue = { send: send, flush: flush, pending: function () { return all().then(function (a) { return a.length; }); }, fields: formFields };
  if (navigator.onLine) {
    all().then(function (items) { if (items.length) flush(); }, function () {});
  }
})();
