// Fills the optional coaching note on the report page. The page is complete without it:
// when no note comes back (no model, or the model failed), the section simply goes away.
(function () {
  "use strict";
  var section = document.getElementById("coach");
  if (!section) return;

  function fill(list, items) {
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  fetch(section.getAttribute("data-review-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : { review: null }; })
    .catch(function () { return { review: null }; })
    .then(function (data) {
      section.setAttribute("aria-busy", "false");
      var note = data && data.review;
      if (!note) { section.hidden = true; return; }
      section.querySelector(".coach__headline").textContent = note.headline;
      fill(section.querySelector(".coach__strengths"), note.strengths);
      fill(section.querySelector(".coach__next"), note.next_steps);
      section.querySelector(".coach__status").hidden = true;
      section.querySelector(".coach__body").hidden = false;
    });
})();
