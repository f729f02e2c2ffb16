/* Nothing typed is lost: every form that posts keeps a draft in this browser while the person types.
 *
 * A draft lives in localStorage under tj-draft:<user>:<page address>:<form>, so it outlives a closed tab, a lost
 * connection and an expired session (sign-in returns to the page, and the draft comes back with a note). It is
 * cleared when the save succeeded: submitting remembers which draft was sent (sessionStorage), and the next page
 * clears it if it carries a success message (base.html marks those with data-tj-saved). A page that comes back
 * with errors shows what was posted, which equals the draft, so nothing is restored over it.
 *
 * Passwords, files and the CSRF token are never kept. Forms opt out with data-draft="off". Drafts hold what a
 * household told its cadre, so they do not outlive their use on a shared device: signing out deletes the person's
 * drafts (after asking, if there are any), and any draft is forgotten after 14 days.
 * A form whose rows are added by script (formset_rows.js) hears "tj:draft-restoring" first, to add the rows. */
(function () {
  "use strict";
  var user = document.body.dataset.user;
  if (!user || !window.localStorage) return;

  var PREFIX = "tj-draft:" + user + ":";
  var PENDING = "tj-draft-sent";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  var SKIPPED_TYPES = ["password", "file", "submit", "button", "reset", "image"];
  var MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function kept(el) {
    if (!el.name || el.disabled || SKIPPED_TYPES.indexOf(el.type) >= 0) return false;
    return el.name !== "csrfmiddlewaretoken" && !MANAGEMENT.test(el.name);
  }

  function read(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        fields[el.name] = fields[el.name] || [];
        if (el.checked) fields[el.name].push(el.value);
      } else if (el.type === "select-multiple") {
        fields[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  // What the person sees differs from the draft (hidden fields such as the edit-version token do not count).
  function differs(form, fields) {
    var now = read(form);
    return Object.keys(fields).some(function (name) {
      var el = form.querySelector('[name="' + CSS.escape(name) + '"]');
      var value = fields[name];
      if (!el) return value !== "" && !(Array.isArray(value) && !value.length);   // a row still to be added
      return el.type !== "hidden" && !same(now[name], value);
    });
  }

  function write(form, fields) {
    Object.keys(fields).forEach(function (name) {
      var value = fields[name];
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (el) {
        if (!kept(el)) return;
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = value.indexOf(el.value) >= 0;
        } else if (el.type === "select-multiple") {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
        } else {
          el.value = value;
        }
      });
    });
  }

  function note(form, key) {
    var box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    box.dataset.testid = "draft-restored";
    var text = document.createElement("span");
    text.className = "me-auto";
    text.textContent = "已恢复您上次未提交的内容";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = "丢弃草稿";
    discard.addEventListener("click", function () {
      localStorage.removeItem(key);
      form.dataset.draftDiscarded = "1";
      location.replace(location.href);   // the page as the server gives it, without the draft
    });
    box.appendChild(text);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  function load(key) {
    try {
      var draft = JSON.parse(localStorage.getItem(key) || "null");
      return draft && draft.fields ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function forget_old() {
    var now = Date.now();
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key && key.indexOf("tj-draft:") === 0) {
        var draft = load(key);
        if (!draft || now - (draft.at || 0) > MAX_AGE_MS) localStorage.removeItem(key);
      }
    }
  }

  // The draft sent by the previous page: gone if that save succeeded, kept otherwise (errors, expired session).
  var sent = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (sent && document.querySelector("[data-tj-saved]")) localStorage.removeItem(sent);
  forget_old();

  var logout = document.querySelector("form[data-logout]");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      var mine = Object.keys(localStorage).filter(function (key) { return key.indexOf(PREFIX) === 0; });
      if (!mine.length) return;
      if (!window.confirm("本机还保存着您尚未提交的内容，退出登录后将被删除。确定退出吗？")) {
        event.preventDefault();
        return;
      }
      mine.forEach(function (key) { localStorage.removeItem(key); });
    });
  }

  var forms = Array.prototype.filter.call(document.querySelectorAll("main form"), function (form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post" && form.dataset.draft !== "off" &&
      !form.querySelector("input[type=password]");
  });

  function keyOf(form) {
    return PREFIX + location.pathname + location.search + ":" + (form.id || forms.indexOf(form));
  }
  // A form put in the offline queue (queue.js) is kept there; its draft would only offer it a second time.
  (window.tuanjie = window.tuanjie || {}).drafts = {
    forget: function (form) { localStorage.removeItem(keyOf(form)); form.dataset.draftDiscarded = "1"; }
  };

  forms.forEach(function (form) {
    var key = keyOf(form);
    var timer = null;

    function save() {
      clearTimeout(timer);
      timer = null;
      if (form.dataset.draftDiscarded) return;
      localStorage.setItem(key, JSON.stringify({at: Date.now(), fields: read(form)}));
    }

    var draft = load(key);
    if (draft && differs(form, draft.fields)) {
      form.dispatchEvent(new CustomEvent("tj:draft-restoring", {detail: {names: Object.keys(draft.fields)}}));
      write(form, draft.fields);
      note(form, key);
    }

    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
    form.addEventListener("change", save);
    form.addEventListener("tj:rows-changed", save);
    form.addEventListener("submit", function () {
      if (timer) save();
      if (localStorage.getItem(key)) sessionStorage.setItem(PENDING, key);
    });
    window.addEventListener("pagehide", function () { if (timer) save(); });
  });
})();
