// "Copy" buttons: <button data-copy="element-id" data-copied="Copied" hidden> copies the
// element's data-secret (or its text without spaces) to the clipboard. Hidden until
// this file runs: without JavaScript the text is there to select by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.dataset.secret || source.textContent.replace(/\s+/g, "");
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = button.dataset.copied || label;
        window.setTimeout(function () { button.textContent = label; }, 3000);
      });
    });
  });
})();
