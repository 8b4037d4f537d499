// Progressive enhancement for the lineup form: picking a team fills in its usual
// team size when the coach has not typed one. The form works without this file.
(function () {
  "use strict";
  var select = document.querySelector(".lineup-form select[name=team]");
  var size = document.querySelector(".lineup-form input[name=show]");
  if (!select || !size) return;
  var typed = size.value !== "";
  size.addEventListener("input", function () { typed = size.value !== ""; });
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    if (!typed && option && option.dataset.size) size.value = option.dataset.size;
  });
})();
