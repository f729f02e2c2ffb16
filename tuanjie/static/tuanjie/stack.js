// Tables marked tj-stack become one card per row on a phone (app.css); each cell is labelled with its column's
// heading here, so the templates keep one plain table for every width.
(function () {
  function label(root) {
    root.querySelectorAll("table.tj-stack").forEach(function (table) {
      var heads = [];
      table.querySelectorAll("thead tr:last-child > *").forEach(function (th) {
        for (var i = 0; i < (th.colSpan || 1); i++) heads.push(th.textContent.trim());
      });
      table.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
        var at = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (at > 0 && heads[at] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[at]);
          at += cell.colSpan || 1;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (e) { label(e.target); });
})();
