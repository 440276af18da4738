// Gallery: filter the persona cards by field (industry). Without JavaScript every card shows.
"use strict";

(function () {
  // On a phone the four steps start folded, so the first professional fits on the first screen.
  const guide = document.querySelector("[data-guide]");
  if (guide && window.matchMedia("(max-width: 540px)").matches) guide.open = false;

  const filter = document.querySelector("[data-filter]");
  const cards = Array.from(document.querySelectorAll("[data-cards] > li"));
  const status = document.querySelector("[data-filter-status]");
  if (!filter || !cards.length) return;
  filter.hidden = false;

  filter.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-industry]");
    if (!button) return;
    const wanted = button.dataset.industry;
    for (const chip of filter.querySelectorAll("button[data-industry]")) {
      chip.setAttribute("aria-pressed", String(chip === button));
    }
    let shown = 0;
    for (const card of cards) {
      const match = !wanted || card.dataset.industry === wanted;
      card.hidden = !match;
      if (match) shown += 1;
    }
    if (status) status.textContent = `${shown} professional${shown === 1 ? "" : "s"} shown` + (wanted ? ` in ${wanted}` : "");
  });
})();
