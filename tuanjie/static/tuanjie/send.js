/* Sending a form from the field (the contract shared with the offline queue, queue.js; README "Field capture"):
 *
 *   window.tuanjie.send(form, formData, {key, onProgress}) → Promise<{status, body, url}>
 *
 * posts through XMLHttpRequest (so upload progress is known) with the headers Idempotency-Key (the IETF draft's
 * sf-string), Accept: application/json and X-CSRFToken, and rejects with {network: true} when no answer came.
 * `form` is a form element or {action, method}. Called for a form element, a request that cannot go (offline
 * before sending, or cut off) is handed to window.tuanjie.queue.add(...) when the queue is on the page, and then
 * rejects with {network: true, queued: true}; the queue's own replays pass {action, method}, never re-queued.
 *
 * On the pages: a form with files, or marked data-send, is submitted through it, with a progress bar per file
 * and a busy submit button (disabled, spinner, percentage); files above RESUMABLE_BYTES (after photos.js resized
 * the photos) go first through the resumable upload endpoint named by the input's data-resumable (tus 1.0,
 * npm tus-js-client), and the form carries the finished uploads' ids as <name>_uploads. A JSON success follows
 * its `redirect`; a refusal (422) shows the server's Chinese messages at the fields, keeping every file chosen;
 * an HTML answer (a server without JSON answers) is shown as the page; a post the server did not take because
 * the session or its CSRF token had expired is sent again by the browser itself, so the server's pages for those
 * (sign-in that brings the draft back) answer it. Every other POST form's button goes busy on submit, so nothing
 * is sent twice. */
(function () {
  "use strict";
  var tj = window.tuanjie = window.tuanjie || {};
  var script = document.currentScript;
  var TUS_URL = script && script.dataset.tus ? new URL(script.dataset.tus, document.baseURI).href : null;
  var RESUMABLE_BYTES = 2 * 1024 * 1024;
  var TUS_CHUNK_BYTES = 512 * 1024;      // one PATCH each: a cut connection loses at most this much

  function csrfToken(form) {
    var field = form && form.querySelector && form.querySelector("[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (e) { /* no header on this page */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function target(form) {
    var isForm = form instanceof HTMLFormElement;
    var action = isForm ? (form.getAttribute("action") ? form.action : location.href) : form.action;
    var method = ((isForm ? form.getAttribute("method") : form.method) || "POST").toUpperCase();
    return {isForm: isForm, action: new URL(action, document.baseURI).href, method: method};
  }

  function entriesOf(formData) {
    var entries = [];
    formData.forEach(function (value, name) { entries.push([name, value]); });
    return entries;
  }

  function queueIt(form, formData, key, where) {
    var queue = tj.queue;
    if (!queue || !where.isForm) return Promise.reject({network: true});
    var heading = document.querySelector("main h1");
    return Promise.resolve(queue.add({
      action: where.action, method: where.method, entries: entriesOf(formData), key: key,
      label: form.dataset.queueLabel || (heading ? heading.textContent.trim() : document.title),
    })).then(function () {
      form.dispatchEvent(new CustomEvent("tj:queued", {bubbles: true, detail: {key: key}}));
      return Promise.reject({network: true, queued: true});
    });
  }

  function send(form, formData, options) {
    options = options || {};
    var where = target(form);
    var key = options.key || newKey();
    if (navigator.onLine === false) return queueIt(form, formData, key, where);
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(where.method, where.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("Idempotency-Key", '"' + key + '"');
      xhr.setRequestHeader("X-CSRFToken", csrfToken(where.isForm ? form : null));
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      if (options.onProgress) {
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) options.onProgress(event.loaded, event.total);
        };
      }
      xhr.onload = function () {
        var type = xhr.getResponseHeader("Content-Type") || "";
        var body = xhr.responseText;
        if (type.indexOf("json") >= 0) {
          try { body = JSON.parse(body); } catch (e) { /* left as text */ }
        }
        resolve({status: xhr.status, body: body, url: xhr.responseURL, type: type});
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { reject({network: true}); };
      xhr.send(formData);
    }).catch(function (failure) {
      if (failure && failure.network) return queueIt(form, formData, key, where);
      throw failure;
    });
  }

  tj.send = send;

  // --- the pages' forms ---------------------------------------------------------------------------------------

  function submitButton(form, submitter) {
    return submitter || form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  }

  function busy(button, text) {
    if (!button) return;
    if (button.tjIdle === undefined) button.tjIdle = button.innerHTML;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.dataset.testid = button.dataset.testid || "busy-button";
    button.classList.add("tj-busy");
    button.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ' +
      '<span data-testid="busy-text">' + (text || "正在保存…") + "</span>";
  }

  function idle(button) {
    if (!button || button.tjIdle === undefined) return;
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.classList.remove("tj-busy");
    button.innerHTML = button.tjIdle;
    delete button.tjIdle;
  }

  function notice(form, kind, text) {
    var box = form.querySelector(".tj-send-notice");
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.dataset.testid = "send-notice";
      form.insertBefore(box, form.firstChild);
    }
    box.className = "tj-send-notice alert alert-" + kind;
    box.textContent = text;
    box.scrollIntoView({block: "center"});
    return box;
  }

  function clearErrors(form) {
    form.querySelectorAll(".tj-sent-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    var box = form.querySelector(".tj-send-notice");
    if (box) box.remove();
  }

  function showErrors(form, body) {
    var errors = (body && body.errors) || {};
    var general = [];
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var messages = [].concat(errors[name]).map(function (m) { return typeof m === "string" ? m : m.message; });
      var field = name === "__all__" ? null : form.elements[name];
      if (field && field.length !== undefined && !(field instanceof HTMLSelectElement)) field = field[0];
      if (!field) { general = general.concat(messages); return; }
      field.classList.add("is-invalid");
      var anchor = field.closest(".tj-choices, .input-group") || field;
      if (field.tjFileList) anchor = field.tjFileList;
      messages.forEach(function (message) {
        var note = document.createElement("div");
        note.className = "invalid-feedback d-block tj-sent-error";
        note.textContent = message;
        anchor.insertAdjacentElement("afterend", note);
        anchor = note;
      });
      first = first || field;
    });
    var summary = (body && body.message) || "保存没有成功，请按提示修改后再保存";
    var box = notice(form, "danger", summary);
    general.forEach(function (message) {
      var line = document.createElement("div");
      line.className = "tj-sent-error";
      line.textContent = message;
      box.appendChild(line);
    });
    if (first) first.focus({preventScroll: true});
  }

  function showPage(result) {
    // A server that answers HTML (a redirect followed, or the form again): show it as the browser would have.
    document.open();
    document.write(result.body);
    document.close();
    if (result.url) history.replaceState(null, "", result.url);
  }

  function fileRows(form) {
    var rows = [];
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      Array.prototype.forEach.call(input.files || [], function (file, index) {
        var row = form.querySelector('[data-tj-progress-for="' + CSS.escape(input.name + ":" + index) + '"]');
        rows.push({input: input, file: file, bar: row && row.querySelector(".progress")});
      });
    });
    return rows;
  }

  function progress(row, fraction) {
    if (!row.bar) return;
    var percent = Math.max(0, Math.min(100, Math.round(fraction * 100)));
    row.bar.hidden = false;
    row.bar.setAttribute("aria-valuenow", String(percent));
    row.bar.firstChild.style.width = percent + "%";
    if (percent === 100) row.bar.firstChild.classList.replace("bg-danger", "bg-success");
  }

  var tusLibrary = null;
  function loadTus() {
    if (window.tus) return Promise.resolve(window.tus);
    if (!tusLibrary) {
      tusLibrary = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = TUS_URL;
        tag.onload = function () { resolve(window.tus); };
        tag.onerror = function () { tusLibrary = null; reject({network: true}); };
        document.head.appendChild(tag);
      });
    }
    return tusLibrary;
  }

  // Large files go ahead in resumable chunks; resolves with their upload ids, each put on its row.
  function uploadResumable(form, rows, report) {
    var big = rows.filter(function (row) {
      return row.input.dataset.resumable && row.file.size > RESUMABLE_BYTES && TUS_URL;
    });
    if (!big.length) return Promise.resolve([]);
    return loadTus().then(function (tus) {
      return big.reduce(function (chain, row) {
        return chain.then(function () {
          if (row.uploadId) return;
          return new Promise(function (resolve, reject) {
            var upload = new tus.Upload(row.file, {
              endpoint: new URL(row.input.dataset.resumable, document.baseURI).href,
              chunkSize: TUS_CHUNK_BYTES,
              retryDelays: [0, 1000, 3000, 5000, 10000],
              metadata: {filename: row.file.name, filetype: row.file.type || "application/octet-stream"},
              headers: {"X-CSRFToken": csrfToken(form)},
              removeFingerprintOnSuccess: true,
              onProgress: function (sent, total) { row.sent = sent; progress(row, sent / total); report(); },
              onSuccess: function () {
                row.uploadId = upload.url.replace(/\/$/, "").split("/").pop();
                resolve();
              },
              onError: function (error) {
                var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
                var message = error.originalResponse ? error.originalResponse.getBody() : "";
                reject(status ? {status: status, body: {message: message || "文件没能上传，请重试"}} : {network: true});
              },
            });
            upload.findPreviousUploads().then(function (previous) {
              if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
              upload.start();
            });
          });
        });
      }, Promise.resolve()).then(function () { return big; });
    });
  }

  function formDataFor(form, submitter, resumed) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (e) { data = new FormData(form); }
    resumed.forEach(function (row) {
      // The file went ahead by itself: the form names it by its upload id instead of carrying it again.
      var kept = data.getAll(row.input.name).filter(function (value) { return value !== row.file; });
      data.delete(row.input.name);
      kept.forEach(function (value) { data.append(row.input.name, value); });
      data.append(row.input.name + "_uploads", row.uploadId);
    });
    return data;
  }

  function keyOf(form) {
    var field = form.querySelector("[name=idempotency_key]");
    if (field && field.value) return field.value;
    if (!form.dataset.tjKey) form.dataset.tjKey = newKey();
    return form.dataset.tjKey;
  }

  function submitThrough(form, submitter) {
    var button = submitButton(form, submitter);
    busy(button, "正在准备…");
    clearErrors(form);
    form.dataset.sending = "1";
    var photos = tj.photos ? tj.photos.ready(form) : Promise.resolve();
    var rows = [];
    var shown = function (fraction) { busy(button, "正在保存 " + Math.round(fraction * 100) + "%"); };
    return photos.then(function () {
      rows = fileRows(form);
      var total = rows.reduce(function (sum, row) { return sum + row.file.size; }, 0) || 1;
      var report = function () {
        shown(rows.reduce(function (sum, row) { return sum + (row.sent || 0); }, 0) / total);
      };
      shown(0);
      // With no network the resumable upload cannot start, and a cut-off one would leave the record nowhere: the
      // record then goes to the offline queue whole, its files inside it (the queue sends them with the form).
      var ahead = navigator.onLine === false ? Promise.resolve([]) : uploadResumable(form, rows, report).catch(
        function (failure) {
          if (!(failure && failure.network) || !tj.queue) throw failure;
          return queueIt(form, formDataFor(form, submitter, []), keyOf(form), target(form));
        });
      return ahead.then(function (resumed) {
        var direct = rows.filter(function (row) { return resumed.indexOf(row) < 0; });
        var directBytes = direct.reduce(function (sum, row) { return sum + row.file.size; }, 0);
        return send(form, formDataFor(form, submitter, resumed), {
          key: keyOf(form),
          onProgress: function (loaded, all) {
            var fileBytes = loaded * (directBytes / Math.max(all, 1));   // the form's text parts are small
            direct.forEach(function (row) {
              row.sent = Math.max(0, Math.min(row.file.size, fileBytes));
              progress(row, row.file.size ? row.sent / row.file.size : 1);
              fileBytes -= row.file.size;
            });
            report();
          },
        });
      });
    }).then(function (result) {
      var body = result.body;
      if (sessionEnded(result)) {
        // Not taken: the browser posts it itself, so the server's own answer runs (sign-in with a note that the
        // draft is kept, or the page that keeps the input after an expired CSRF token). The photos are small now.
        form.dataset.send = "off";
        delete form.dataset.sending;
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        return;
      }
      if (body && typeof body === "object") {
        if (body.ok) {
          busy(button, "已保存");
          saved(body.message);
          location.assign(body.redirect || result.url);
          return;
        }
        idle(button);
        delete form.dataset.sending;
        if (result.status === 422) {
          showErrors(form, body);
        } else {
          notice(form, "danger", body.message || "保存没有成功（" + result.status + "）");
        }
        return;
      }
      showPage(result);
    }, function (failure) {
      idle(button);
      delete form.dataset.sending;
      if (failure && failure.queued) {
        notice(form, "info", "网络不通：这条记录已存入本机的待同步列表，联网后会自动提交，不会重复。");
      } else if (failure && failure.network) {
        notice(form, "warning", "网络不通，记录还没有保存。填写的内容和照片都还在，请联网后再点保存。");
      } else if (failure && failure.status) {
        notice(form, "danger", (failure.body && failure.body.message) || "保存没有成功，请重试");
      } else {
        notice(form, "danger", "保存没有成功：" + (failure && failure.message ? failure.message : "未知错误"));
        throw failure;
      }
    });
  }

  function sessionEnded(result) {
    var body = result.body;
    if (body && typeof body === "object") return Boolean(body.login || body.csrf);
    var login = document.body.dataset.loginUrl;
    return Boolean(login && result.url && new URL(result.url).pathname === new URL(login, location.href).pathname);
  }

  // A JSON success carries its message instead of leaving it for the next page: that page shows it, and the draft
  // of what was saved goes now (drafts.js noted its key in sessionStorage when the form was submitted).
  var FLASH = "tj-sent-message";
  function saved(message) {
    var draft = sessionStorage.getItem("tj-draft-sent");
    if (draft) localStorage.removeItem(draft);
    sessionStorage.removeItem("tj-draft-sent");
    if (message) sessionStorage.setItem(FLASH, message);
  }

  var flash = sessionStorage.getItem(FLASH);
  if (flash) {
    sessionStorage.removeItem(FLASH);
    var main = document.querySelector("main");
    if (main) {
      var alert = document.createElement("div");
      alert.className = "alert alert-success";
      alert.setAttribute("role", "status");
      alert.dataset.testid = "saved-message";
      alert.textContent = flash;
      main.insertBefore(alert, main.firstChild);
    }
  }

  function hasFiles(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.hasAttribute("hx-post") || form.dataset.send === "off") return;
    if (form.dataset.sending) { event.preventDefault(); return; }      // a second tap while the first is on its way
    if (form.hasAttribute("data-send") || hasFiles(form)) {
      event.preventDefault();
      submitThrough(form, event.submitter);
      return;
    }
    // An ordinary post: the browser sends it; the button only goes busy once no other script stopped it (a
    // confirm that was declined), and after the form's data were taken, so the button's own value goes along.
    setTimeout(function () {
      if (event.defaultPrevented) return;
      form.dataset.sending = "1";
      busy(submitButton(form, event.submitter));
    }, 0);
  });

  // Back to a page kept in the browser's memory: its buttons are usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll(".tj-busy").forEach(idle);
    });
  });
})();
