// Shows every <time data-local datetime="...Z"> in the browser's own time zone and language.
// Without JavaScript the server's text stays: the same moment in UTC, saying so.
"use strict";

(function () {
  const full = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  const date = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
  for (const node of document.querySelectorAll("time[data-local]")) {
    const moment = new Date(node.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    node.textContent = (node.dataset.local === "date" ? date : full).format(moment);
    node.title = moment.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }
})();
