/* The installable app in the page: registers the service worker (/sw.js), tells it who is signed in (so it keeps
 * this person's pages and deletes anyone else's), and on sign-out deletes what this device keeps of the person:
 * the cached pages and the records still waiting to sync (after asking, when there are any; drafts.js asks about
 * drafts the same way). window.tuanjie.pwa.ready() resolves once the worker keeps this person's working pages. */
(function () {
  "use strict";
  var tuanjie = window.tuanjie = window.tuanjie || {};
  var user = document.body.dataset.user || "";
  var worker = navigator.serviceWorker;

  function within(ms, promise) {
    return Promise.race([promise, new Promise(function (resolve) { setTimeout(resolve, ms, false); })]);
  }

  function tell(message) {
    return worker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var reply = new MessageChannel();
        reply.port1.onmessage = function () { resolve(true); };
        registration.active.postMessage(message, [reply.port2]);
      });
    });
  }

  var ready = Promise.resolve(false);
  if (worker) {
    worker.register(document.body.dataset.workerUrl || "/sw.js").catch(function () { /* no worker: online only */ });
    if (user) ready = tell({type: "person", person: user});
  }
  tuanjie.pwa = {ready: function () { return ready; }};

  function forgetPages() {
    var told = worker ? tell({type: "person", person: ""}) : Promise.resolve();
    var gone = window.caches ? caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("tj-pages-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    }) : Promise.resolve();
    return Promise.all([told, gone]);
  }

  // Before drafts.js (capture): the queue may hold records never sent; signing out would delete them.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-logout]")) return;
    var waiting = tuanjie.queue ? tuanjie.queue.known : 0;
    if (waiting && !window.confirm("本机还有 " + waiting + " 条记录尚未同步到服务器，退出登录后将被删除、不会保存。确定退出吗？")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // After drafts.js (bubbling): when nobody said no, delete the person's pages and queue, then sign out.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-logout]") || event.defaultPrevented || form.dataset.cleared) return;
    event.preventDefault();
    var queueGone = tuanjie.queue && user ? tuanjie.queue.destroy(user) : Promise.resolve();
    // Bounded: a worker that never became active, or another tab holding the queue open, must not block sign-out.
    within(3000, Promise.all([forgetPages(), queueGone])).catch(function () { /* sign out all the same */ }).then(function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  });
})();
