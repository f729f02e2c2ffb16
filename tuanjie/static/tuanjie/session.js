/* The warning before an idle session ends, with 继续使用 to keep it.
 *
 * The page says how many seconds its session has left (core/sessions.py, seconds_left). Every page of the same
 * person writes its end time to localStorage, so a tab left open learns that another tab kept the session alive
 * and does not warn for nothing. Two minutes before the end (a quarter of the idle time when that is shorter) a
 * bar counts down; 继续使用 posts to the keep-alive address, which moves the end a full idle time ahead. After the
 * end the bar says so: what was typed is safe in the draft (drafts.js), and sign-in returns to this page. */
(function () {
  "use strict";
  var body = document.body.dataset;
  if (!body.user || body.sessionLeft === undefined) return;

  var KEY = "tj-session-ends:" + body.user;
  var idle = parseInt(body.sessionIdle, 10) || 1800;
  var WARN_MS = Math.min(120, Math.max(1, Math.floor(idle / 4))) * 1000;
  var mine = Date.now() + parseInt(body.sessionLeft, 10) * 1000;
  var bar = null;

  function remember(ends) {
    mine = ends;
    try { localStorage.setItem(KEY, String(ends)); } catch (e) { /* private mode: this tab alone */ }
  }

  function ends() {
    var shared = parseInt(localStorage.getItem(KEY) || "0", 10);
    return Math.max(mine, shared || 0);
  }

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function show(expired, seconds) {
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "tj-session-bar alert alert-warning shadow mb-0 d-flex flex-wrap align-items-center gap-2";
      bar.setAttribute("role", "alert");
      bar.dataset.testid = "session-warning";
      document.body.appendChild(bar);
    }
    var state = expired ? "expired" : "warning";
    if (bar.dataset.state !== state) {
      bar.dataset.state = state;
      bar.textContent = "";
      var text = document.createElement("span");
      text.className = "me-auto";
      bar.appendChild(text);
      var action = document.createElement(expired ? "a" : "button");
      action.className = "btn btn-sm btn-danger";
      if (expired) {
        action.href = body.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
        action.textContent = "重新登录";
      } else {
        action.type = "button";
        action.textContent = "继续使用";
        action.addEventListener("click", keepAlive);
      }
      bar.appendChild(action);
    }
    bar.firstChild.textContent = expired
      ? "登录已因长时间未操作而失效。本页填写的内容已保存在本机，重新登录后会自动恢复。"
      : "您已较长时间未操作，登录将在 " + seconds + " 秒后失效。";
  }

  function hide() {
    if (bar) { bar.remove(); bar = null; }
  }

  function keepAlive() {
    fetch(body.keepAliveUrl, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) throw new Error("expired");
      return response.json();
    }).then(function (answer) {
      remember(Date.now() + answer.seconds_left * 1000);
      hide();
      tick();
    }).catch(function () {
      show(true, 0);
    });
  }

  var timer = null;
  function tick() {
    clearTimeout(timer);
    var left = ends() - Date.now();
    if (left <= 0) {
      show(true, 0);
      return;   // nothing more to count: only sign-in helps now
    }
    if (left <= WARN_MS) {
      show(false, Math.ceil(left / 1000));
      timer = setTimeout(tick, 1000);
    } else {
      hide();
      timer = setTimeout(tick, Math.min(left - WARN_MS, 15000));
    }
  }

  remember(mine);
  window.addEventListener("storage", function (event) { if (event.key === KEY) tick(); });
  tick();
})();
