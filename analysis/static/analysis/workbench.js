// Keys for the analysis workbench; the page works without them through its forms.
// j / k: next / previous answer; x: select or unselect the current answer;
// 1-9: apply that code (numbered in the code list) to the current answer only.
(function () {
  "use strict";
  var form = document.getElementById("wb-bulk");
  if (!form) {
    return;
  }
  var answers = Array.prototype.slice.call(form.querySelectorAll(".wb-answer"));
  if (!answers.length) {
    return;
  }
  var current = -1;

  function focusAnswer(index) {
    if (index < 0 || index >= answers.length) {
      return;
    }
    if (current >= 0) {
      answers[current].classList.remove("wb-current");
    }
    current = index;
    answers[current].classList.add("wb-current");
    answers[current].focus();
  }

  function box(article) {
    return article.querySelector("input[name='answer']");
  }

  function typing(target) {
    var name = target.tagName;
    return name === "INPUT" || name === "TEXTAREA" || name === "SELECT" || target.isContentEditable;
  }

  answers.forEach(function (article, index) {
    article.addEventListener("focusin", function () {
      if (current !== index) {
        if (current >= 0) {
          answers[current].classList.remove("wb-current");
        }
        current = index;
        article.classList.add("wb-current");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    if (event.key === "j") {
      focusAnswer(current + 1);
      event.preventDefault();
    } else if (event.key === "k") {
      focusAnswer(Math.max(current - 1, 0));
      event.preventDefault();
    } else if (event.key === "x" && current >= 0) {
      var checkbox = box(answers[current]);
      checkbox.checked = !checkbox.checked;
      event.preventDefault();
    } else if (/^[1-9]$/.test(event.key) && current >= 0) {
      var option = form.querySelector("#wb-code option[data-key='" + event.key + "']");
      if (!option) {
        return;
      }
      event.preventDefault();
      answers.forEach(function (article) {
        box(article).checked = false;
      });
      box(answers[current]).checked = true;
      form.querySelector("#wb-code").value = option.value;
      form.querySelector("#wb-action").value = "add";
      form.querySelector("#wb-scope-selected").checked = true;
      form.requestSubmit(document.getElementById("wb-apply"));
    }
  });
})();
