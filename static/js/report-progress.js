// Report runs page: updates the progress of queued and running runs without a reload.
// Without this file the page still shows each run's state; reloading refreshes it.
(function () {
  "use strict";
  var rows = document.querySelectorAll("tr[data-progress-url]");
  if (!rows.length || !window.fetch) {
    return;
  }
  var INTERVAL = 2000;

  function update(row) {
    fetch(row.getAttribute("data-progress-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var bar = row.querySelector("progress");
        bar.value = data.progress;
        bar.textContent = data.percent;
        row.querySelector(".js-percent").textContent = data.percent;
        row.querySelector(".js-note").textContent = data.note;
        var attempt = row.querySelector(".js-attempt");
        if (attempt && data.attempt_label) {
          attempt.textContent = data.attempt_label;
        }
        var life = row.querySelector(".js-life");
        if (life && data.last_sign_of_life) {
          life.textContent = data.last_sign_of_life;
        }
        var state = row.querySelector(".js-state");
        state.textContent = data.state_label;
        state.className = "status status-" + data.state + " js-state";
        if (data.finished) {
          // Links to the files and the publish or retry buttons come with the page.
          window.setTimeout(function () {
            window.location.reload();
          }, 1000);
        } else {
          window.setTimeout(function () {
            update(row);
          }, INTERVAL);
        }
      })
      .catch(function () {
        window.setTimeout(function () {
          update(row);
        }, INTERVAL * 3);
      });
  }

  rows.forEach(update);
})();
