// Progressive enhancement for the team form's formation picker: when the sport changes,
// show that sport's formations at once (without this file they appear after saving).
(function () {
  "use strict";
  var picker = document.querySelector("[data-formation-picker]");
  var sport = document.getElementById("id_sport");
  if (!picker || !sport) return;
  var groups = picker.querySelectorAll("[data-sport]");
  var hint = picker.querySelector(".formation-sport-hint");
  if (hint) hint.hidden = true;

  sport.addEventListener("change", function () {
    groups.forEach(function (group) {
      var current = group.dataset.sport === sport.value;
      group.hidden = !current;
      group.querySelectorAll("input").forEach(function (input) {
        input.disabled = !current;
        if (!current) input.checked = false;
      });
      if (current && !group.querySelector("input:checked")) {
        group.querySelector("input").checked = true; // the usual one
      }
    });
  });
})();
