// Keys for the analysis workbench; the page works without them through its forms.
// j / k: next / previous answer; x: select or unselect the current answer;
// 1-9: apply that code (numbered in the code list) to the current answer only;
// c: type the start of a code's name, Enter applies it to the current answer, Escape
// goes back (announced through a live region). No key acts inside a form field.
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
      apply(option);
    } else if (event.key === "c" && typeahead) {
      event.preventDefault();
      typeahead.hidden = false;
      input.value = "";
      announce("");
      input.focus();
    }
  });

  function apply(option) {
    answers.forEach(function (article) {
      box(article).checked = false;
    });
    box(answers[current]).checked = true;
    form.querySelector("#wb-code").value = option.value;
    form.querySelector("#wb-action").value = "add";
    form.querySelector("#wb-scope-selected").checked = true;
    form.requestSubmit(document.getElementById("wb-apply"));
  }

  // Type-ahead: the first code (in the list's order) whose name starts with what was
  // typed, ignoring case and accents.
  var typeahead = document.getElementById("wb-typeahead");
  var input = document.getElementById("wb-typeahead-input");
  var announcer = document.getElementById("wb-announcer");
  if (!typeahead || !input || !announcer) {
    typeahead = null;
    return;
  }

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function announce(text) {
    announcer.textContent = text;
  }

  function match() {
    var typed = folded(input.value);
    if (!typed) {
      return null;
    }
    var options = form.querySelectorAll("#wb-code option[data-label]");
    for (var i = 0; i < options.length; i += 1) {
      if (folded(options[i].getAttribute("data-label")).indexOf(typed) === 0) {
        return options[i];
      }
    }
    return null;
  }

  function back() {
    if (current >= 0) {
      answers[current].focus();
    } else {
      document.body.focus();
    }
  }

  input.addEventListener("input", function () {
    var option = match();
    if (option) {
      form.querySelector("#wb-code").value = option.value;
      announce(typeahead.getAttribute("data-found").replace("{label}", option.getAttribute("data-label")));
    } else if (input.value.trim()) {
      announce(typeahead.getAttribute("data-none").replace("{typed}", input.value.trim()));
    } else {
      announce("");
    }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      input.value = "";
      announce("");
      back();
    } else if (event.key === "Enter") {
      // Never the bulk form's own submit: only a matched code, on the current answer.
      event.preventDefault();
      var option = match();
      if (!option) {
        announce(typeahead.getAttribute("data-none").replace("{typed}", input.value.trim()));
      } else if (current < 0) {
        announce(typeahead.getAttribute("data-need-answer"));
      } else {
        apply(option);
      }
    }
  });
})();
