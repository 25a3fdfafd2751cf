// Staff pages: a "Copy" button next to each freshly created link (the field stays selectable without it).
(function () {
  "use strict";
  document.querySelectorAll("input[data-copy]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-primary mt-2";
    button.textContent = input.dataset.copyLabel;
    var status = document.createElement("span");
    status.className = "ms-2 small";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      input.select();
      var done = function () { status.textContent = input.dataset.copiedLabel; };
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      else done();
    });
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", button);
  });
})();
