/* The ballot's running sums: each budget part shows what the ticked projects
 * cost against its sum, and a project that would take it over cannot be
 * ticked. The server (voting.ballot_cast) is the real check. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-ballot]");
  if (!form) return;
  var language = document.documentElement.lang || "fi";
  var money = new Intl.NumberFormat(language, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  var template = form.getAttribute("data-sum-template");

  function update(part) {
    var budget = parseInt(part.getAttribute("data-budget"), 10);
    var boxes = part.querySelectorAll("input[data-cost]");
    var sum = 0;
    boxes.forEach(function (box) { if (box.checked) sum += parseInt(box.getAttribute("data-cost"), 10); });
    boxes.forEach(function (box) {
      var cost = parseInt(box.getAttribute("data-cost"), 10);
      box.disabled = !box.checked && sum + cost > budget;
    });
    part.querySelector("[data-sum]").textContent = template
      .replace("{sum}", money.format(sum))
      .replace("{budget}", money.format(budget))
      .replace("{left}", money.format(budget - sum));
  }

  form.querySelectorAll("fieldset[data-budget]").forEach(function (part) {
    part.addEventListener("change", function () { update(part); });
    update(part);
  });
})();
