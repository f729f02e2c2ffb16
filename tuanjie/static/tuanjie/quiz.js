/* The answer sheet on a weak network: every answer is kept in the browser as it is given (localStorage), the
   sheet is sent in the background with one Idempotency-Key, and sent again whenever the network comes back until
   the server answers, so a phone that drops its connection loses nothing and hands the sheet in once (the server
   marks a sheet once; a repeat gets the first result). Without this script the form still posts normally. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-quiz-sheet]");
  if (!form) { return; }
  var token = form.getAttribute("data-quiz-sheet");
  var ANSWERS = "tj-quiz:" + token, KEY = "tj-quiz-key:" + token, SENDING = "tj-quiz-send:" + token;
  var offline = document.querySelector("[data-offline]");
  var sendingNote = form.querySelector("[data-sending]");
  var button = form.querySelector("button");
  var retryIn = 3000, busy = false, timer = null;

  function get(name) { try { return localStorage.getItem(name); } catch (e) { return null; } }
  function put(name, value) { try { localStorage.setItem(name, value); } catch (e) { /* private mode: none kept */ } }
  function drop(name) { try { localStorage.removeItem(name); } catch (e) { /* nothing kept */ } }
  function inputs() { return form.querySelectorAll("input[name^='q']"); }

  function save() {
    var data = {};
    inputs().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.value) { data[el.name] = [el.value]; }
    });
    put(ANSWERS, JSON.stringify(data));
  }

  function restore() {
    var data;
    try { data = JSON.parse(get(ANSWERS) || "{}"); } catch (e) { data = {}; }
    inputs().forEach(function (el) {
      var given = data[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") { el.checked = given.indexOf(el.value) >= 0; }
      else if (given.length) { el.value = given[0]; }
    });
  }

  function key() {
    var found = get(KEY);
    if (!found) {
      found = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
        : String(Date.now()) + "-" + Math.random().toString(16).slice(2);
      put(KEY, found);
    }
    return found;
  }

  function later() {
    if (offline) { offline.hidden = false; }
    clearTimeout(timer);
    timer = setTimeout(send, retryIn);
    retryIn = Math.min(retryIn * 2, 60000);
  }

  function refused(message) {
    busy = false;
    drop(SENDING);
    if (sendingNote) { sendingNote.hidden = false; sendingNote.textContent = message || "提交未成功，请稍后再试"; }
    if (button) { button.disabled = false; }
  }

  function send() {
    if (busy) { return; }
    busy = true;
    put(SENDING, "1");
    if (button) { button.disabled = true; }
    if (sendingNote) { sendingNote.hidden = false; }
    fetch(form.getAttribute("action") || location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "Idempotency-Key": key() }
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      if (answer.body && answer.body.ok) {
        [ANSWERS, KEY, SENDING].forEach(drop);
        location.assign(answer.body.redirect);
        return;
      }
      if (answer.status >= 500) { busy = false; later(); return; }
      refused(answer.body && answer.body.message);
    }).catch(function () { busy = false; later(); });
  }

  restore();
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  form.addEventListener("submit", function (event) { event.preventDefault(); save(); send(); });
  window.addEventListener("online", function () { retryIn = 3000; if (get(SENDING)) { busy = false; send(); } });
  if (get(SENDING)) { send(); }   // sent before the page was reloaded, and not yet answered

  var clock = document.querySelector("[data-seconds-left]");
  if (clock) {
    var left = parseInt(clock.getAttribute("data-seconds-left"), 10), shown = clock.querySelector("[data-clock]");
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      shown.textContent = Math.floor(s / 60) + "分" + ("0" + (s % 60)).slice(-2) + "秒";
      if (s === 0) { save(); send(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
}());
