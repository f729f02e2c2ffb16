/* Records saved without a network wait on this device and are sent, each exactly once, when it returns.
 *
 * A record is the form's fields and files (files as Blobs, so they survive closing the browser) in IndexedDB,
 * one database per person (tj-queue-<user>): another person signing in on the device neither sees nor sends them.
 * Every record carries the Idempotency-Key it was made with and is always re-sent with that key, so an upload cut
 * off half-way and sent again is saved once (the server replays its first answer, CONTRACT.md). The answer
 * decides: saved → gone from the queue with 已同步; refused (422/403/409) → kept with the server's message, to fix
 * or discard; signed out (401) → kept until sign-in; no answer or a server fault → kept, tried again later with
 * back-off. Nothing leaves the queue but a saved record or one the person chose to discard.
 *
 * Sending starts on page load, on the `online` event, on a back-off timer and from Background Sync in the service
 * worker (sw.js imports this file; there is no page there, so only the part below "The queue" runs). A Web Lock
 * keeps two tabs from sending at once. The CSRF token may be days old: each round reads the cookie afresh and
 * asks the keep-alive address whether the session still holds before sending any photo.
 *
 * window.tuanjie.queue.add({action, method, entries, key, label}) is called by send.js (or, without it, by the
 * offline capture at the end of this file) for forms marked data-queue. */
(function (root) {
  "use strict";
  var idb = root.idb;
  var inPage = typeof document !== "undefined";
  var tuanjie = root.tuanjie = root.tuanjie || {};
  var STATES = {waiting: "等待同步", sending: "正在同步", refused: "未被接受", login: "请重新登录后同步"};
  var KEPT_DONE = 20;
  var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("tj-queue") : null;

  // --- The queue ------------------------------------------------------------------------------------------------

  var dbs = {};
  function open(user) {
    if (!dbs[user]) {
      dbs[user] = idb.openDB("tj-queue-" + user, 1, {
        upgrade: function (db) {
          db.createObjectStore("records", {keyPath: "key"});
          db.createObjectStore("done", {keyPath: "key"});   // the last few saved, so the page can say so
        }
      });
    }
    return dbs[user];
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // FormData pairs → storable pairs; a file becomes {file: Blob, name}, as a File's name is lost in some stores.
  // An empty file input gives an empty nameless file, which a fresh form would not send: it is left out.
  function storable(entries) {
    return entries.filter(function (pair) {
      var value = pair[1];
      return !(typeof Blob !== "undefined" && value instanceof Blob && !value.size && !value.name);
    }).map(function (pair) {
      var value = pair[1];
      if (typeof Blob !== "undefined" && value instanceof Blob) {
        return [pair[0], {file: value, name: value.name || "photo.jpg"}];
      }
      return [pair[0], String(value)];
    });
  }

  function formData(record, token) {
    var data = new FormData();
    record.entries.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key") return;
      if (value && typeof value === "object") {
        data.append(name, value.file, value.name);
      } else {
        data.append(name, value);
      }
    });
    if (token) data.append("csrfmiddlewaretoken", token);
    data.append("idempotency_key", record.key);   // the same key as the header, for a server reading either
    return data;
  }

  function announce(detail) {
    if (channel) channel.postMessage(detail);
    if (inPage) root.dispatchEvent(new CustomEvent("tj:queue-changed", {detail: detail}));
  }

  function sameRequest(a, b) {
    var shape = function (entries) {
      return JSON.stringify(entries.map(function (pair) {
        var v = pair[1];
        return [pair[0], v && typeof v === "object" ? [v.name, v.file.size] : v];
      }).filter(function (pair) { return pair[0] !== "csrfmiddlewaretoken" && pair[0] !== "idempotency_key"; }));
    };
    return shape(a) === shape(b);
  }

  async function add(record) {
    var user = record.user || (inPage && document.body.dataset.user);
    if (!user) throw new Error("not signed in");
    var db = await open(user);
    var stored = {
      key: record.key || newKey(),
      action: record.action,
      method: (record.method || "POST").toUpperCase(),
      entries: storable(record.entries || []),
      label: record.label || "待同步记录",
      at: Date.now(), state: "waiting", message: "", tries: 0, next_at: 0, errors: null
    };
    // A form read offline from the worker's copy of its page carries that copy's key every time: a different
    // record under a key already queued or already sent is a new request and gets its own key (the same record
    // sent again keeps it, and replaces its queued copy).
    var queuedAs = await db.get("records", stored.key);
    if ((queuedAs && !sameRequest(queuedAs.entries, stored.entries)) || await db.get("done", stored.key)) {
      stored.key = newKey();
    }
    await db.put("records", stored);
    announce({type: "added", key: stored.key});
    ask_background_sync();
    return stored;
  }

  async function list(user) {
    var records = await (await open(user)).getAll("records");
    return records.sort(function (a, b) { return a.at - b.at; });
  }

  async function recent(user) {
    var done = await (await open(user)).getAll("done");
    return done.sort(function (a, b) { return b.synced_at - a.synced_at; });
  }

  async function get(user, key) {
    return (await open(user)).get("records", key);
  }

  async function update(user, key, changes) {
    var db = await open(user);
    var record = await db.get("records", key);
    if (!record) return null;
    Object.assign(record, changes);
    await db.put("records", record);
    return record;
  }

  async function discard(user, key) {
    await (await open(user)).delete("records", key);
    announce({type: "discarded", key: key});
  }

  async function saved(user, record, body) {
    var db = await open(user);
    var tx = db.transaction(["records", "done"], "readwrite");
    tx.objectStore("records").delete(record.key);
    tx.objectStore("done").put({key: record.key, label: record.label, at: record.at, synced_at: Date.now(),
                                redirect: (body && body.redirect) || "", message: (body && body.message) || ""});
    await tx.done;
    var done = await recent(user);
    await Promise.all(done.slice(KEPT_DONE).map(function (old) { return db.delete("done", old.key); }));
  }

  function backoff(tries) {
    return Math.min(300, 5 * Math.pow(2, Math.max(0, tries - 1))) * 1000;
  }

  // --- Sending --------------------------------------------------------------------------------------------------

  async function cookieToken() {
    if (inPage) {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (match) return decodeURIComponent(match[1]);
      try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
    }
    if (root.cookieStore) {
      var cookie = await root.cookieStore.get("csrftoken");
      return cookie ? cookie.value : "";
    }
    return "";
  }

  // "signed-in" | "signed-out" | "offline": asked once per round, before any record (and its photos) is sent.
  async function session(keepAliveUrl, token) {
    try {
      var response = await fetch(keepAliveUrl, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: {"X-CSRFToken": token, "Accept": "application/json"}
      });
      if (response.ok) return "signed-in";
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) return "signed-out";
      return "offline";   // a server fault: as good as no network, try later
    } catch (e) {
      return "offline";
    }
  }

  async function post(record, token) {
    var body = formData(record, token);
    if (inPage && tuanjie.send) {
      // {action, method} rather than a form: send.js queues what a form fails to send, never a replay.
      var result;
      try {
        result = await tuanjie.send({action: record.action, method: record.method}, body, {key: record.key});
      } catch (failure) {
        if (failure && failure.network) return {network: true};
        throw failure;
      }
      if (result.body && typeof result.body === "object") return {status: result.status, body: result.body};
      var to = result.url ? new URL(result.url, location.href).pathname : "";
      return {status: result.status, body: null, to: to,
              redirected: !!to && to !== new URL(record.action, location.href).pathname};
    }
    var response;
    try {
      response = await fetch(record.action, {
        method: record.method, body: body, credentials: "same-origin",
        headers: {"Idempotency-Key": '"' + record.key + '"', "Accept": "application/json", "X-CSRFToken": token}
      });
    } catch (e) {
      return {network: true};
    }
    var answer = null;
    try { answer = await response.clone().json(); } catch (e) { answer = null; }
    return {status: response.status, body: answer, redirected: response.redirected,
            to: response.redirected ? new URL(response.url).pathname : ""};
  }

  // What one answer means for the record: [state or "saved", message]. A 409 usually says the same key's first
  // request is still being worked on (an upload cut off on the phone's side while the server went on): tried
  // again a few times before it counts as a refusal, since "fixing" it would give it a new key and a second record.
  var CONFLICT_RETRIES = 3;
  function outcome(answer, tries) {
    var body = answer.body || {};
    if (answer.network) return ["waiting", "暂无网络，联网后自动同步"];
    if (!answer.body && answer.status === 200) {
      // A form that answers with a page, not JSON: a redirect after the post means it saved, unless to sign-in.
      if (answer.redirected && /^\/login\//.test(answer.to)) return ["login", "请重新登录后同步"];
      if (answer.redirected) return ["saved", ""];
      return ["refused", "服务器未接受这条记录，请打开修改后再保存"];
    }
    if (answer.status >= 200 && answer.status < 300 && body.ok !== false) return ["saved", body.message];
    if (answer.status === 401 || body.csrf) return ["login", "请重新登录后同步"];
    if (answer.status === 409 && tries < CONFLICT_RETRIES) {
      return ["waiting", (body.message || "服务器正在处理这条记录") + "（稍后自动重试）"];
    }
    if (answer.status === 422 || answer.status === 403 || answer.status === 409) {
      return ["refused", body.message || "服务器未接受这条记录（" + answer.status + "），请修改后再同步"];
    }
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
      return ["refused", body.message || "服务器未接受这条记录（" + answer.status + "），请修改后再同步"];
    }
    // 5xx, 408, 429: keep it and try later.
    return ["waiting", body.message || "服务器暂时无法保存（" + (answer.status || "无应答") + "），稍后自动重试"];
  }

  async function round(user, keepAliveUrl, force) {
    var now = Date.now();
    var due = (await list(user)).filter(function (r) {
      return r.state !== "refused" && (force || r.state === "login" || (r.next_at || 0) <= now);
    });
    if (!due.length) return {synced: []};
    var token = await cookieToken();
    var state = await session(keepAliveUrl, token);
    if (state !== "signed-in") {
      for (var i = 0; i < due.length; i++) {
        var tries = (due[i].tries || 0) + (state === "offline" ? 1 : 0);
        await update(user, due[i].key, state === "offline"
          ? {state: "waiting", message: "暂无网络，联网后自动同步", tries: tries, next_at: Date.now() + backoff(tries)}
          : {state: "login", message: "请重新登录后同步"});
      }
      announce({type: "changed"});
      return {synced: []};
    }
    token = await cookieToken();   // the keep-alive may have set a new cookie
    var synced = [];
    for (var j = 0; j < due.length; j++) {
      var record = await update(user, due[j].key, {state: "sending", message: ""});
      if (!record) continue;   // discarded meanwhile
      announce({type: "changed"});
      var answer = await post(record, token);
      var result = outcome(answer, (record.tries || 0) + 1);
      if (result[0] === "saved") {
        await saved(user, record, answer.body);
        synced.push({label: record.label, message: result[1] || ""});
        continue;
      }
      var t = (record.tries || 0) + 1;
      await update(user, record.key, {
        state: result[0], message: result[1], tries: t, status: answer.status || 0,
        errors: (answer.body && answer.body.errors) || null,
        next_at: result[0] === "waiting" ? Date.now() + backoff(t) : 0
      });
      if (answer.network) {
        // The network went away mid-round: the rest wait too, without each spending its own timeout.
        for (var k = j + 1; k < due.length; k++) {
          await update(user, due[k].key, {state: "waiting", message: result[1], next_at: Date.now() + backoff(t)});
        }
        break;
      }
    }
    announce({type: "changed", synced: synced});
    return {synced: synced};
  }

  // One round for the person; only one tab (or the worker) at a time, the others skip it.
  function sync(options) {
    options = options || {};
    var user = options.user || (inPage && document.body.dataset.user);
    var keepAliveUrl = options.keepAliveUrl || (inPage && document.body.dataset.keepAliveUrl);
    if (!user || !keepAliveUrl) return Promise.resolve({synced: []});
    var run = function () { return round(user, keepAliveUrl, options.force); };
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request("tj-queue-" + user, {ifAvailable: true}, function (lock) {
        return lock ? run() : {synced: [], busy: true};
      });
    }
    return run();
  }

  function ask_background_sync() {
    if (!inPage || !root.navigator.serviceWorker) return;
    root.navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("tj-queue");
    }).catch(function () { /* not offered: the page's own triggers remain */ });
  }

  async function destroy(user) {
    if (dbs[user]) { (await dbs[user]).close(); delete dbs[user]; }
    await idb.deleteDB("tj-queue-" + user);
  }

  tuanjie.queue = {add: add, list: list, recent: recent, get: get, discard: discard, sync: sync, destroy: destroy,
                   states: STATES, newKey: newKey, known: 0};
  if (!inPage) return;

  // --- In the page: the badge, the notices, the queue page, fixing a refused record, offline capture ------------

  var user = document.body.dataset.user;
  if (!user) return;
  var queue = tuanjie.queue;
  var queueUrl = document.body.dataset.queueUrl;
  var timer = null;

  function notice(text, kind) {
    var main = document.querySelector("main");
    if (!main) return;
    var box = document.createElement("div");
    box.className = "alert alert-" + (kind || "success") + " alert-dismissible fade show";
    box.setAttribute("role", "status");
    box.dataset.testid = "queue-notice";
    box.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    box.appendChild(close);
    main.insertBefore(box, main.firstChild);
  }

  async function refresh() {
    var records = await list(user);
    queue.known = records.length;
    var badge = document.querySelector("[data-tj-queue-badge]");
    if (badge) {
      badge.hidden = !records.length;
      badge.querySelector("[data-tj-queue-count]").textContent = String(records.length);
      badge.classList.toggle("tj-queue-refused", records.some(function (r) { return r.state === "refused"; }));
    }
    var box = document.querySelector("[data-tj-queue-list]");
    if (box) draw(box, records, await recent(user));
    schedule(records);
  }

  function schedule(records) {
    clearTimeout(timer);
    var next = records.filter(function (r) { return r.state === "waiting" || r.state === "sending"; })
      .map(function (r) { return r.next_at || 0; });
    if (!next.length) return;
    var wait = Math.max(1000, Math.min.apply(null, next) - Date.now());
    timer = setTimeout(run, Math.min(wait, 300000));
  }

  function when(ms) {
    // The product's one date style (core/dates.py): 12月1日 15:33 within the year, 2025年12月1日 15:33 before it.
    var d = new Date(ms), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = (d.getMonth() + 1) + "月" + d.getDate() + "日 " + pad(d.getHours()) + ":" + pad(d.getMinutes());
    return d.getFullYear() === new Date().getFullYear() ? day : d.getFullYear() + "年" + day;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, className, testid, onClick) {
    var b = el("button", "btn btn-sm " + className, text);
    b.type = "button";
    b.dataset.testid = testid;
    b.addEventListener("click", onClick);
    return b;
  }

  function draw(box, records, done) {
    box.textContent = "";
    if (!records.length) {
      box.appendChild(el("p", "text-muted", "本机没有待同步的记录。"));
    }
    records.forEach(function (record) {
      var item = el("div", "tj-card p-3 mb-2");
      item.dataset.testid = "queued-record";
      item.dataset.state = record.state;
      var head = el("div", "d-flex flex-wrap gap-2 align-items-baseline");
      head.appendChild(el("strong", "me-auto", record.label));
      head.appendChild(el("span", "badge " + (record.state === "refused" ? "text-bg-danger" : "text-bg-secondary"),
                          STATES[record.state] || record.state));
      item.appendChild(head);
      item.appendChild(el("div", "small text-muted", "记录于 " + when(record.at)));
      if (record.message) {
        var message = el("div", record.state === "refused" ? "text-danger mt-1" : "mt-1", record.message);
        message.dataset.testid = "queued-message";
        item.appendChild(message);
      }
      var actions = el("div", "d-flex gap-2 mt-2");
      if (record.state !== "refused") {
        actions.appendChild(button("立即同步", "btn-outline-danger", "queued-sync", function () { run(true); }));
      } else {
        actions.appendChild(button("修改", "btn-danger", "queued-fix", function () {
          location.href = record.action + "#tj-queue=" + encodeURIComponent(record.key);
        }));
      }
      actions.appendChild(button("丢弃", "btn-outline-secondary", "queued-discard", async function () {
        if (!window.confirm("确定丢弃“" + record.label + "”吗？丢弃后这条记录不会保存到服务器，也无法恢复。")) return;
        await discard(user, record.key);
        refresh();
      }));
      item.appendChild(actions);
      box.appendChild(item);
    });
    if (done.length) {
      box.appendChild(el("h2", "h6 mt-4 text-muted", "最近已同步"));
      var ul = el("ul", "list-unstyled small");
      done.forEach(function (d) {
        var li = el("li", "mb-1");
        li.dataset.testid = "synced-record";
        li.appendChild(el("span", "", "已同步 · " + d.label + " · " + when(d.synced_at) + " "));
        if (d.redirect) {
          var a = el("a", "", "查看");
          a.href = d.redirect;
          li.appendChild(a);
        }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
  }

  function run(force) {
    return sync({force: force === true}).then(function (result) {
      (result.synced || []).forEach(function (s) { notice("已同步：" + s.label); });
      return refresh();
    }).catch(function (error) {
      notice("同步时出错：" + (error && error.message ? error.message : error) + "。记录仍保存在本机。", "danger");
      return refresh();
    });
  }
  queue.run = run;

  function labelFor(form) {
    var label = form.dataset.queueLabel || document.title.split(" · ")[0];
    var field = form.dataset.queueTitle && form.elements[form.dataset.queueTitle];
    var text = "";
    if (field && field.tagName === "SELECT" && field.selectedIndex >= 0 && field.value) {
      text = field.options[field.selectedIndex].text;
    } else if (field && field.value) {
      text = field.value;
    }
    return text ? label + "：" + text.slice(0, 40) : label;
  }
  queue.labelFor = labelFor;

  function entriesOf(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) { entries.push([name, value]); });
    return entries;
  }

  function action(form) {
    var url = new URL(form.getAttribute("action") || location.href, location.href);
    return url.pathname + url.search;
  }

  // A queued record's values back in its form, to fix what the server refused (files as they were queued).
  function fill(form, record) {
    var values = {};
    record.entries.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    form.dispatchEvent(new CustomEvent("tj:draft-restoring", {detail: {names: Object.keys(values)}}));
    Object.keys(values).forEach(function (name) {
      var wanted = values[name];
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (input) {
        if (input.name === "csrfmiddlewaretoken" || input.name === "idempotency_key") return;
        if (input.type === "checkbox" || input.type === "radio") {
          input.checked = wanted.indexOf(input.value) >= 0;
        } else if (input.type === "file") {
          var files = new DataTransfer();
          wanted.forEach(function (v) {
            if (v && v.file && v.file.size) files.items.add(new File([v.file], v.name, {type: v.file.type}));
          });
          input.files = files.files;
        } else if (input.tagName === "SELECT" && input.multiple) {
          Array.prototype.forEach.call(input.options, function (o) { o.selected = wanted.indexOf(o.value) >= 0; });
        } else {
          input.value = wanted[0];   // hidden ones too: the rows' count, which the rows added above agree with
        }
      });
    });
    var box = el("div", "alert alert-warning");
    box.dataset.testid = "queue-fixing";
    box.setAttribute("role", "status");
    box.textContent = "正在修改待同步记录“" + record.label + "”。服务器的意见：" + (record.message || "无") +
      "。改好后点保存，记录会重新排队并同步。";
    form.parentNode.insertBefore(box, form);
    form.dataset.queueKey = record.key;
  }

  async function queueForm(form, fixing) {
    var entries = entriesOf(form);
    if (fixing) {
      // Changed values are a new request, so a new key: the server refused the old one and so saved nothing.
      var db = await open(user);
      var old = await db.get("records", fixing);
      var tx = db.transaction("records", "readwrite");
      tx.store.delete(fixing);
      tx.store.put(Object.assign({}, old, {key: newKey(), entries: storable(entries), label: labelFor(form),
                                           at: Date.now(), state: "waiting", message: "", tries: 0, next_at: 0,
                                           errors: null}));
      await tx.done;
      announce({type: "added"});
      ask_background_sync();
    } else {
      var hidden = form.querySelector("[name=idempotency_key]");
      await add({action: action(form), method: "POST", entries: entries, label: labelFor(form),
                 key: hidden && hidden.value});
    }
    if (tuanjie.drafts) tuanjie.drafts.forget(form);
    sessionStorage.setItem("tj-queue-notice", navigator.onLine ? "已放入待同步队列，正在同步" :
      "暂无网络：已保存在本机的待同步队列，联网后自动同步");
  }

  // Offline capture for forms marked data-queue: send.js does it when it is on the page (and also queues a send
  // that got no answer); without it, a submit with no network goes to the queue instead of an error page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-queue]")) return;
    var fixing = form.dataset.queueKey;
    if (!fixing && (tuanjie.send || navigator.onLine)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    queueForm(form, fixing).then(function () {
      if (fixing) {
        location.href = queueUrl;
      } else {
        location.replace(location.href.split("#")[0]);   // a fresh form (from the worker's copy when offline)
      }
    }, function (error) {
      notice("未能保存到本机：" + (error && error.message ? error.message : error) + "。请勿关闭页面，稍后再试。", "danger");
    });
  }, true);

  // send.js queued a form it could not send: the record is named as this file names it, the draft goes, and the
  // person gets a fresh form with the same notice as a record queued here (the next visit is a new record).
  document.addEventListener("tj:queued", function (event) {
    var form = event.target;
    if (tuanjie.drafts && form.matches && form.matches("main form")) tuanjie.drafts.forget(form);
    var named = event.detail && event.detail.key
      ? update(user, event.detail.key, {label: labelFor(form)}) : Promise.resolve();
    named.then(function () {
      sessionStorage.setItem("tj-queue-notice", navigator.onLine ? "已放入待同步队列，正在同步" :
        "暂无网络：已保存在本机的待同步队列，联网后自动同步");
      location.replace(location.href.split("#")[0]);
    });
  });

  var pending = sessionStorage.getItem("tj-queue-notice");
  if (pending) {
    sessionStorage.removeItem("tj-queue-notice");
    notice(pending, "info");
  }

  var hash = /^#tj-queue=(.+)$/.exec(location.hash);
  if (hash) {
    get(user, decodeURIComponent(hash[1])).then(function (record) {
      var form = document.querySelector("main form[data-queue]");
      if (record && form) fill(form, record);
    });
  }

  if (channel) {
    channel.onmessage = function (event) {
      ((event.data && event.data.synced) || []).forEach(function (s) { notice("已同步：" + s.label); });
      refresh();
    };
  }
  window.addEventListener("online", function () { run(true); });
  if (root.navigator.serviceWorker) {
    root.navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") refresh();
    });
  }
  refresh().then(function () { if (queue.known) run(); });
})(self);
