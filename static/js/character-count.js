// A live count of the characters left in text boxes that carry data-character-limit.
// The limit is also stated in the page and enforced on the server; this only helps.
// The words come translated from the page (data-left, data-over).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-character-limit]").forEach(function (box) {
    var limit = parseInt(box.getAttribute("data-character-limit"), 10);
    var output = document.querySelector('[data-count-for="' + box.id + '"]');
    if (!output || !limit) {
      return;
    }
    var timer = null;
    function update() {
      var left = limit - box.value.replace(/\r\n/g, "\n").length;
      output.textContent =
        left >= 0
          ? left + " " + output.getAttribute("data-left")
          : -left + " " + output.getAttribute("data-over");
    }
    box.addEventListener("input", function () {
      // Screen readers hear the count once typing pauses, not at every key.
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  });
})();
