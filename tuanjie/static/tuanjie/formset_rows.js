/* Rows a form may have any number of (a Django formset): "add" clones the row template, "remove" drops a row.
 *
 * Markup: a container [data-formset="<prefix>"] holding the rows, a <template data-formset-row> whose fields use
 * __prefix__ as the row number, an [data-formset-add] button, and in each row a [data-formset-remove] button.
 * Removed rows leave a gap in the numbering, which Django's formset reads as an empty row and skips. Before a
 * draft is restored (drafts.js) the rows it names are added, so their values have somewhere to go. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var form = box.closest("form");
    var total = form.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
    var template = form.querySelector("template[data-formset-row]");
    var pattern = new RegExp("^" + prefix + "-(\\d+)-");

    function add(number) {
      var row = document.createElement("div");
      row.innerHTML = template.innerHTML.replace(/__prefix__/g, String(number));
      var item = row.firstElementChild;
      box.appendChild(item);
      total.value = String(Math.max(parseInt(total.value, 10) || 0, number + 1));
      return item;
    }

    form.querySelectorAll("[data-formset-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        var item = add(parseInt(total.value, 10) || 0);
        var first = item.querySelector("select, input, textarea");
        if (first) first.focus();
        form.dispatchEvent(new CustomEvent("tj:rows-changed"));
      });
    });

    box.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-remove]");
      if (!button) return;
      button.closest("[data-formset-item]").remove();
      form.dispatchEvent(new CustomEvent("tj:rows-changed"));
    });

    form.addEventListener("tj:draft-restoring", function (event) {
      var wanted = {};
      event.detail.names.forEach(function (name) {
        var match = pattern.exec(name);
        if (match && !form.querySelector('[name="' + CSS.escape(name) + '"]')) wanted[match[1]] = true;
      });
      Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; }).forEach(add);
    });
  });
})();
