// Report page: the print button, the conversation unfolded for printing, and the optional coaching note.
"use strict";

(function () {
  // Printing (the button, or the browser's own menu) shows the whole conversation, then folds it back.
  const printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", () => window.print());
  }
  let folded = [];
  window.addEventListener("beforeprint", () => {
    folded = Array.from(document.querySelectorAll("details:not([open])"));
    for (const details of folded) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of folded) details.open = false;
    folded = [];
  });

  // The coaching note. The page is complete without it: when no note comes back (no model, or the
  // model failed), the section simply goes away.
  const section = document.getElementById("coach");
  if (!section) return;

  function fill(list, items) {
    for (const text of items) {
      const li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    }
  }

  fetch(section.getAttribute("data-review-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : { review: null }))
    .catch(() => ({ review: null }))
    .then((data) => {
      section.setAttribute("aria-busy", "false");
      const note = data && data.review;
      if (!note) { section.hidden = true; return; }
      section.querySelector(".coach__headline").textContent = note.headline;
      fill(section.querySelector(".coach__strengths"), note.strengths);
      fill(section.querySelector(".coach__next"), note.next_steps);
      section.querySelector(".coach__status").hidden = true;
      section.querySelector(".coach__body").hidden = false;
    });
})();
