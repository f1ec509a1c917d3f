// After a failed submit, move focus to the error summary (first in <main>), so a
// keyboard or screen-reader user starts from what went wrong. Without JavaScript
// the summary is still the first thing in the content.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
