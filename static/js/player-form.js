// Progressive enhancement for the player form: "Add another position" (or contact) adds
// a row in place instead of sending the form back to the server for one (which is what
// the button does without this file). The new row comes from the formset's empty form.
(function () {
  "use strict";
  document.querySelectorAll("[data-rows]").forEach(function (fieldset) {
    var button = fieldset.querySelector("[data-rows-add]");
    var rows = fieldset.querySelector("[data-rows-list]");
    var template = fieldset.querySelector("template[data-rows-template]");
    var total = fieldset.querySelector("input[name$=-TOTAL_FORMS]");
    var max = fieldset.querySelector("input[name$=-MAX_NUM_FORMS]");
    if (!button || !rows || !template || !total) return;

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      if (max && index + 1 >= parseInt(max.value, 10)) button.hidden = true;
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input");
      if (first) first.focus();
    });
  });
})();
