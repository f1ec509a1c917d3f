// Keyboard shortcuts for the moderation queue, as a progressive enhancement: every
// action is also a plain button or checkbox in each item, and the page works the
// same without this script. j/k move between items, p publishes, r refuses with the
// last reason used, h hides with it, e asks for a second opinion, x ticks the item,
// ? opens the list of shortcuts. Nothing fires while typing in a field. Each move and
// action is announced through the polite live region.
(function () {
  "use strict";
  var list = document.querySelector("[data-keyboard-queue]");
  var announcer = document.getElementById("queue-announcer");
  var help = document.getElementById("keyboard-help");
  if (!list || !announcer) {
    return;
  }
  var items = Array.prototype.slice.call(list.querySelectorAll(":scope > li"));
  var texts = JSON.parse(list.getAttribute("data-keyboard-texts") || "{}");
  var current = -1;
  var LAST_REASON = "moderation-last-reason";

  function say(message) {
    // Clear first so that the same message twice is read twice.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = message;
    }, 50);
  }

  function titleOf(item) {
    var title = item.querySelector(".queue-item-title");
    return title ? title.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function move(index) {
    if (!items.length) {
      return;
    }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0 && items[current]) {
      items[current].classList.remove("is-current");
    }
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    var article = item.querySelector("article");
    article.setAttribute("tabindex", "-1");
    article.focus();
    say(
      (texts.position || "%(n)s / %(total)s")
        .replace("%(n)s", String(current + 1))
        .replace("%(total)s", String(items.length)) +
        " – " +
        titleOf(item)
    );
  }

  function control(name) {
    if (current < 0) {
      say(texts.choose || "");
      return null;
    }
    return items[current].querySelector('[data-shortcut="' + name + '"]');
  }

  function refuse(name) {
    var button = control(name);
    if (!button) {
      return;
    }
    var select = button.form.querySelector("[data-reason]");
    var last = window.sessionStorage.getItem(LAST_REASON);
    if (!select.value && last) {
      select.value = last;
    }
    if (!select.value) {
      select.focus();
      say(texts.reason || "");
      return;
    }
    say(button.textContent.replace(/\s+/g, " ").trim());
    button.click();
  }

  // Remember the reason of every refusal or hiding, for the next `r` or `h`.
  list.addEventListener("submit", function (event) {
    var select = event.target.querySelector("[data-reason]");
    if (select && select.value) {
      window.sessionStorage.setItem(LAST_REASON, select.value);
    }
  });

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return (
      tag === "input" ||
      tag === "textarea" ||
      tag === "select" ||
      target.isContentEditable
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (typing(event.target)) {
      return;
    }
    var button;
    switch (event.key) {
      case "j":
        move(current + 1);
        break;
      case "k":
        move(current < 0 ? 0 : current - 1);
        break;
      case "p":
        button = control("p");
        if (button) {
          say(button.textContent.replace(/\s+/g, " ").trim());
          button.click();
        }
        break;
      case "r":
        refuse("r");
        break;
      case "h":
        refuse("h");
        break;
      case "e":
        button = control("e");
        if (button) {
          var note = button.form.querySelector("input[name=note]");
          note.focus();
          say(texts.escalate || "");
        }
        break;
      case "x":
        button = current >= 0 ? items[current].querySelector("[data-select]") : null;
        if (button) {
          button.checked = !button.checked;
          say(button.checked ? texts.ticked || "" : texts.unticked || "");
        } else {
          say(texts.choose || "");
        }
        break;
      case "?":
        if (help) {
          help.open = !help.open;
          if (help.open) {
            help.querySelector("summary").focus();
          }
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  document.documentElement.classList.add("has-queue-keys");
})();
