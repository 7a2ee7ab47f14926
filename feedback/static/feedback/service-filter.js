/* A search box above the service list: typing hides the services (and groups) whose
 * name does not contain the words. The <select> works alone without this script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-service-picker]").forEach(function (box) {
    var select = box.querySelector("select");
    if (!select) return;
    var id = select.id + "-filter";
    var label = document.createElement("label");
    label.className = "hds-text-input__label";
    label.htmlFor = id;
    label.textContent = box.getAttribute("data-filter-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "hds-text-input__input";
    input.setAttribute("autocomplete", "off");
    var status = document.createElement("p");
    status.className = "hds-text-input__helper-text";
    status.setAttribute("aria-live", "polite");
    box.insertBefore(status, box.firstChild);
    box.insertBefore(input, box.firstChild);
    box.insertBefore(label, box.firstChild);

    function normal(text) { return text.toLocaleLowerCase(); }

    input.addEventListener("input", function () {
      var words = normal(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      select.querySelectorAll("optgroup").forEach(function (group) {
        var any = false;
        group.querySelectorAll("option").forEach(function (option) {
          var text = normal(option.textContent + " " + group.label);
          var match = words.every(function (word) { return text.indexOf(word) !== -1; });
          option.hidden = !match;
          option.disabled = !match && !option.selected;
          if (match) { any = true; shown += 1; }
        });
        group.hidden = !any;
      });
      status.textContent = shown ? "" : box.getAttribute("data-no-match");
    });
  });
})();
