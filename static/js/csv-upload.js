// CSV import: show upload progress for large files, then the server's preview.
// Without JavaScript the form posts normally; this only adds the progress bar.
(function () {
  "use strict";
  var form = document.getElementById("csv-upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var box = form.querySelector(".upload-progress");
  var bar = form.querySelector("progress");
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) return; // let the server explain
    event.preventDefault();
    box.hidden = false;
    bar.value = 0;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the server checks the rows
    });
    xhr.addEventListener("load", function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      form.submit();
    });
    xhr.send(new FormData(form));
  });
})();
