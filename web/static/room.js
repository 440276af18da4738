// Interview room: send questions with fetch(), read the reply as server-sent events, update the meter.
// The page works without this file (plain form posts); this makes replies stream in.
"use strict";

(function () {
  const room = document.querySelector("[data-room]");
  if (!room) return;
  const sessionId = room.dataset.session;
  const personaName = room.dataset.personaName;
  const turns = room.querySelector("[data-turns]");
  const composer = room.querySelector("[data-composer]");
  const textarea = room.querySelector("[data-message]");
  const sendButton = room.querySelector("[data-send]");
  const announcer = room.querySelector("[data-announcer]");
  const errorBox = room.querySelector("[data-error]");
  const errorText = room.querySelector("[data-error-text]");
  const retryForm = room.querySelector("[data-retry-form]");
  const hintsToggle = room.querySelector("[data-hints-toggle]");
  const side = room.querySelector("[data-side]");
  const progress = room.querySelector("[data-progress]");
  let busy = false;

  // Below this width the progress panel is not beside the conversation but stuck above it, folded
  // to one line (time left, topics, "End interview") that opens into the whole meter.
  const narrow = window.matchMedia("(max-width: 959px)");
  if (narrow.matches) progress.open = false;
  const motion = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";

  // Scroll so that the item shows between what is stuck to the top (the folded meter, on a phone)
  // and the composer stuck to the bottom: its end too if it fits, but never at the cost of its start.
  function reveal(item, behavior = motion) {
    const top = (narrow.matches ? side.getBoundingClientRect().bottom : 0) + 8;
    const bottom = composer.getBoundingClientRect().top - 8;
    const rect = item.getBoundingClientRect();
    let delta = 0;
    if (rect.bottom > bottom) delta = rect.bottom - bottom;
    if (rect.top - delta < top) delta = rect.top - top;
    if (Math.abs(delta) > 1) window.scrollBy({ top: delta, behavior });
  }

  // Hints are off by default ("realistic mode"); the choice is remembered in this browser.
  const HINTS_KEY = "practice.hints";
  function setHints(on) {
    room.dataset.hints = on ? "on" : "off";
    hintsToggle.checked = on;
  }
  setHints(localStorage.getItem(HINTS_KEY) === "on");
  hintsToggle.addEventListener("change", () => {
    localStorage.setItem(HINTS_KEY, hintsToggle.checked ? "on" : "off");
    setHints(hintsToggle.checked);
  });

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    const text = textarea.value.trim();
    if (!text) {
      showError("Type a question first.", false);
      textarea.focus();
      return;
    }
    const studentItem = addTurn("student", text);
    textarea.value = "";
    run(`/api/sessions/${sessionId}/messages`, { text }, studentItem, null, text);
  });

  retryForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    const last = turns.lastElementChild;
    const reuse = last && last.classList.contains("turn--persona") && last.classList.contains("turn--partial") ? last : null;
    run(`/api/sessions/${sessionId}/retry`, null, null, reuse, null);
  });

  function addTurn(role, text) {
    const item = document.createElement("li");
    item.className = `turn turn--${role}`;
    const who = document.createElement("p");
    who.className = "turn__who";
    who.textContent = role === "student" ? "You" : personaName;
    const body = document.createElement("div");
    body.className = "turn__text";
    body.textContent = text;
    item.append(who, body);
    turns.append(item);
    reveal(item);
    return item;
  }

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    sendButton.textContent = on ? `${personaName} is answering…` : "Send";
  }

  function showError(message, canRetry) {
    errorText.textContent = message;
    retryForm.hidden = !canRetry;
    errorBox.hidden = false;
  }

  async function run(url, body, studentItem, reuseItem, typed) {
    setBusy(true);
    errorBox.hidden = true;
    const reply = reuseItem || addTurn("persona", "");
    const replyText = reply.querySelector(".turn__text");
    replyText.textContent = "";
    reply.classList.remove("turn--partial");
    reply.querySelector(".turn__note")?.remove();
    reply.querySelector(".turn__notice")?.remove();
    reply.classList.add("turn--streaming");
    reply.setAttribute("aria-busy", "true");
    let finished = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: body ? JSON.stringify(body) : null,
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        const message = problem?.error?.message || `The server answered ${response.status}.`;
        reply.remove();
        const refused = response.status === 422 || response.status === 429
          || ["session_question_limit", "session_budget_spent"].includes(problem?.error?.code);
        if (refused && studentItem) {
          // Nothing was stored: give the student their words back to fix.
          studentItem.remove();
          textarea.value = typed;
        }
        showError(message, response.status === 409 && problem?.error?.code === "reply_pending");
        finished = true;
        return;
      }
      await window.Practice.readEvents(response, (event, data) => {
        if (event === "notice") {
          showNotice(reply, data.message);
        } else if (event === "delta") {
          replyText.textContent += data.text;
        } else if (event === "done") {
          finished = true;
          replyText.textContent = data.persona.text;
          if (data.persona.notice) showNotice(reply, data.persona.notice);
          if (studentItem) decorateStudent(studentItem, data.student);
          updateMeter(data.coverage);
          announcer.textContent = `${personaName}: ${data.persona.text}`;
          reveal(reply);
        } else if (event === "error") {
          finished = true;
          markPartial(reply, data.partial);
          showError(data.message, true);
        }
      });
      if (!finished) {
        markPartial(reply, { text: replyText.textContent });
        showError("The connection dropped before the reply finished. Your question is saved.", true);
      }
    } catch (error) {
      markPartial(reply, { text: replyText.textContent });
      showError("We couldn't reach the server. Your question may be saved; retry, or reload the page.", true);
    } finally {
      reply.classList.remove("turn--streaming");
      reply.removeAttribute("aria-busy");
      setBusy(false);
      textarea.focus({ preventScroll: true });
    }
  }

  // A one-line note above the reply, e.g. that the AI service is down and practice continues offline.
  function showNotice(item, message) {
    let notice = item.querySelector(".turn__notice");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "turn__notice";
      notice.setAttribute("role", "status");
      item.querySelector(".turn__who").after(notice);
    }
    notice.textContent = message;
  }

  function markPartial(item, partial) {
    if (!partial || !partial.text) {
      item.remove();
      return;
    }
    item.classList.add("turn--partial");
    item.querySelector(".turn__text").textContent = partial.text;
    if (!item.querySelector(".turn__note")) {
      const note = document.createElement("p");
      note.className = "turn__note";
      note.textContent = "This reply was cut off.";
      item.append(note);
    }
  }

  function decorateStudent(item, turn) {
    const analysis = turn.analysis;
    if (!analysis || analysis.form !== "closed" || !analysis.rewrite) return;
    const hint = document.createElement("p");
    hint.className = "hint";
    const label = document.createElement("span");
    label.className = "hint__label";
    label.textContent = "Try it open:";
    hint.append(label, ` “${analysis.rewrite}”`);
    item.append(hint);
  }

  function updateMeter(coverage) {
    room.querySelector("[data-minutes-left]").textContent = coverage.minutes_left;
    room.querySelector("[data-summary-minutes]").textContent = `${coverage.minutes_left} min left`;
    room.querySelector("[data-summary-topics]").textContent = `${coverage.covered.length} of ${coverage.topics.length} topics`;
    room.querySelector("[data-questions]").textContent = coverage.questions;
    room.querySelector("[data-open-share]").textContent =
      coverage.open_share === null ? "–" : `${Math.round(coverage.open_share * 100)}%`;
    const bar = room.querySelector("[data-timebar]");
    bar.value = Math.min(coverage.elapsed_minutes, coverage.minutes);
    bar.textContent = `${Math.round(coverage.elapsed_minutes)} of ${coverage.minutes} minutes used`;
    if (coverage.minutes_left <= 3) bar.dataset.late = "";
    room.querySelector("[data-covered-count]").textContent = `${coverage.covered.length} of ${coverage.topics.length}`;
    for (const topic of coverage.topics) {
      const item = room.querySelector(`[data-topic="${topic.id}"]`);
      if (!item) continue;
      const was = item.classList.contains("topic--covered");
      item.classList.toggle("topic--covered", topic.covered);
      item.classList.toggle("topic--fresh", topic.covered && !was);
      item.querySelector("[data-topic-state]").textContent = topic.covered ? ": covered" : ": not yet";
    }
  }

  // On load: the composer has the focus, and the newest reply shows from its start.
  textarea.focus({ preventScroll: true });
  const newest = turns.lastElementChild;
  if (newest) {
    window.scrollTo(0, document.documentElement.scrollHeight);
    reveal(newest, "auto");
  }
})();
