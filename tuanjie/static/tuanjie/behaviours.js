// Small page behaviours that were inline event handlers (the Content-Security-Policy runs no inline script):
//   <select data-autosubmit>   sends its form when the choice changes
//   <button data-print>        prints the page
//   <div data-tj-width="42">   a bar drawn 42 % wide (the CSSOM is allowed where style="" attributes are not)
(function () {
  'use strict';
  function widths(root) {
    root.querySelectorAll('[data-tj-width]').forEach(function (el) {
      var value = parseFloat(el.getAttribute('data-tj-width'));
      if (!isNaN(value)) el.style.width = Math.max(0, Math.min(100, value)) + '%';
    });
  }
  document.addEventListener('change', function (event) {
    var el = event.target.closest ? event.target.closest('[data-autosubmit]') : null;
    if (el && el.form) { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); }
  });
  document.addEventListener('click', function (event) {
    var el = event.target.closest ? event.target.closest('[data-print]') : null;
    if (el) { event.preventDefault(); window.print(); }
  });
  document.addEventListener('DOMContentLoaded', function () { widths(document); });
  document.addEventListener('htmx:afterSwap', function (event) { widths(event.target); });
  if (document.readyState !== 'loading') widths(document);
})();
