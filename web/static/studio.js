// Persona studio: live checking, preview, raw view, test drive, probe and publish for the editor page.
// One file, no build step, no inline script (the CSP allows scripts from 'self' only).
"use strict";

(function () {
  const root = document.querySelector("[data-editor]");
  if (!root) return;

  const form = root.querySelector("[data-persona-form]");
  const raw = root.querySelector("[data-raw]");
  const csrf = root.querySelector("[data-csrf]").value;
  const statusLine = root.querySelector("[data-status]");
  const statusList = root.querySelector("[data-status-list]");
  const state = {
    mode: root.dataset.mode === "raw" ? "raw" : "form",
    editing: root.dataset.editing || "",
    drive: [],
    timer: 0,
    seq: 0,
    rowIds: 0,
  };

  // ---------------------------------------------------------------- talking to the server

  async function api(path, body) {
    let response;
    try {
      response = await fetch("/api/studio/" + path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch (err) {
      return { ok: false, status: 0, data: { error: { message: "The studio could not be reached. Check your connection and try again." } } };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    return { ok: response.ok, status: response.status, data };
  }

  function problemOf(result) {
    return (result.data && result.data.error && result.data.error.message) || "Something went wrong; try again.";
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // ---------------------------------------------------------------- the form as a draft

  const value = (name) => {
    const field = form.querySelector(`[name="${name}"]`);
    return field ? field.value : "";
  };
  const rowsOf = (kind) => Array.from(form.querySelectorAll(`[data-rows="${kind}"] > [data-row]`));
  const key = (row, name) => row.querySelector(`[data-key="${name}"]`);

  function formDraft() {
    const facts = {};
    for (const area of form.querySelectorAll("textarea[data-topic]")) facts[area.dataset.topic] = area.value;
    return {
      id: value("id"), name: value("name"), pronouns: value("pronouns"), title: value("title"),
      organization: value("organization"), industry: value("industry"), location: value("location"),
      summary: value("summary"),
      style: { talkativeness: value("style.talkativeness"), warmth: value("style.warmth"), minutes: value("style.minutes") },
      greeting: value("greeting"), sign_off: value("sign_off"), facts, asked: JSON.parse(value("asked") || "{}"),
      insights: rowsOf("insights").map((row) => ({
        id: key(row, "id").value, topic: key(row, "topic").value, unlock: key(row, "unlock").value, text: key(row, "text").value,
      })),
      boundaries: rowsOf("boundaries").map((row) => ({
        about: key(row, "about").value,
        flags: Array.from(row.querySelectorAll('[data-key="flags"]:checked')).map((box) => box.value),
        triggers: key(row, "triggers").value,
        reply: key(row, "reply").value,
      })),
      backstory: value("backstory"),
    };
  }

  function draft() {
    return state.mode === "raw" ? { raw: raw.value } : { form: formDraft() };
  }

  function setValue(name, text) {
    const field = form.querySelector(`[name="${name}"]`);
    if (field) field.value = text;
  }

  function labelRow(row) {
    // Rows are cloned from a <template>: give each control its own id so its label names it.
    for (const fieldBox of row.querySelectorAll(".field")) {
      const control = fieldBox.querySelector("input:not([type=checkbox]), select, textarea");
      const label = fieldBox.querySelector(":scope > label");
      if (!control || !label) continue;
      state.rowIds += 1;
      control.id = `row-${state.rowIds}`;
      label.htmlFor = control.id;
    }
  }

  function addRow(kind, values) {
    const template = root.querySelector(`[data-row-template="${kind}"]`);
    const row = template.content.firstElementChild.cloneNode(true);
    form.querySelector(`[data-rows="${kind}"]`).appendChild(row);
    labelRow(row);
    if (values) {
      for (const [name, v] of Object.entries(values)) {
        if (name === "flags") {
          for (const flag of v) {
            let box = row.querySelector(`[data-key="flags"][value="${flag}"]`);
            if (!box) {
              const label = el("label", "check");
              box = el("input");
              box.type = "checkbox";
              box.dataset.key = "flags";
              box.value = flag;
              label.append(box, " " + flag.replace(/_/g, " "));
              row.querySelector(".field--checks").insertBefore(label, row.querySelector('.field--checks [data-error-key]'));
            }
            box.checked = true;
          }
        } else if (key(row, name)) {
          key(row, name).value = v;
        }
      }
    }
    return row;
  }

  function fillForm(data) {
    for (const name of ["id", "name", "pronouns", "title", "organization", "industry", "location", "summary", "greeting", "sign_off", "backstory"]) {
      setValue(name, data[name] || "");
    }
    setValue("style.talkativeness", data.style.talkativeness);
    setValue("style.warmth", data.style.warmth);
    setValue("style.minutes", data.style.minutes);
    for (const area of form.querySelectorAll("textarea[data-topic]")) area.value = data.facts[area.dataset.topic] || "";
    setValue("asked", JSON.stringify(data.asked || {}));
    for (const kind of ["insights", "boundaries"]) {
      for (const row of rowsOf(kind)) row.remove();
      for (const values of data[kind]) addRow(kind, values);
    }
    countPassages();
  }

  function countPassages() {
    for (const area of form.querySelectorAll("textarea[data-topic]")) {
      const n = area.value.split("\n").filter((line) => line.trim()).length;
      const badge = form.querySelector(`[data-count-for="facts.${area.dataset.topic}"]`);
      badge.textContent = n === 1 ? "1 passage" : `${n} passages`;
      badge.classList.toggle("fact-field__count--low", n < 3);
    }
  }

  // ---------------------------------------------------------------- checking as they type

  function clearMessages() {
    for (const node of root.querySelectorAll("[data-error-for], [data-warning-for], [data-error-key], [data-warning-key]")) {
      node.hidden = true;
      node.textContent = "";
    }
    for (const node of root.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    statusList.replaceChildren();
  }

  function slotFor(fieldKey, kind) {
    const attr = kind === "error" ? "data-error-for" : "data-warning-for";
    const direct = form.querySelector(`[${attr}="${fieldKey}"]`);
    if (direct) return direct;
    const parts = fieldKey.split(".");
    if ((parts[0] === "insights" || parts[0] === "boundaries") && parts.length >= 2) {
      const row = rowsOf(parts[0])[Number(parts[1])];
      const rowAttr = kind === "error" ? "data-error-key" : "data-warning-key";
      if (row) return row.querySelector(`[${rowAttr}="${parts[2] || "text"}"]`) || row.querySelector(`[data-error-key="${parts[2] || "text"}"]`);
    }
    return null;
  }

  function labelOf(fieldKey) {
    const parts = fieldKey.split(".");
    if (parts[0] === "insights" && parts.length > 1) return `Insight ${Number(parts[1]) + 1}`;
    if (parts[0] === "boundaries" && parts.length > 1) return `Boundary ${Number(parts[1]) + 1}`;
    const field = form.querySelector(`[data-field="${fieldKey}"] label`);
    return field ? field.childNodes[0].textContent.trim() : fieldKey;
  }

  function show(messages, kind) {
    let unplaced = 0;
    for (const [fieldKey, list] of Object.entries(messages)) {
      const text = list.join(" ");
      const slot = state.mode === "form" ? slotFor(fieldKey, kind) : null;
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
        if (kind === "error") {
          const control = slot.closest(".field").querySelector("input, select, textarea");
          if (control) control.setAttribute("aria-invalid", "true");
        }
      }
      if (!slot || state.mode === "raw") unplaced += 1;
      for (const message of list) {
        const item = el("li", kind === "error" ? "problem problem--error" : "problem problem--warning");
        if (fieldKey !== "raw") item.append(el("strong", null, labelOf(fieldKey) + ": "));
        item.append(message);
        statusList.appendChild(item);
      }
    }
    return unplaced;
  }

  async function check() {
    const seq = ++state.seq;
    const result = await api("validate", draft());
    if (seq !== state.seq) return null; // a newer check is on its way
    if (!result.ok) {
      statusLine.textContent = problemOf(result);
      return null;
    }
    const data = result.data;
    clearMessages();
    const errors = Object.values(data.errors).reduce((n, list) => n + list.length, 0);
    const warnings = Object.values(data.warnings).reduce((n, list) => n + list.length, 0);
    show(data.errors, "error");
    show(data.warnings, "warning");
    const rawErrors = root.querySelector("[data-raw-errors]");
    rawErrors.replaceChildren(...(data.errors.raw || []).map((m) => el("li", "problem problem--error", m)));
    statusLine.className = "status-line " + (errors ? "status-line--error" : warnings ? "status-line--warn" : "status-line--ok");
    statusLine.textContent = errors
      ? `${errors} problem${errors === 1 ? "" : "s"} to fix before publishing.`
      : warnings
        ? `Ready to publish, with ${warnings} suggestion${warnings === 1 ? "" : "s"}.`
        : "Ready to publish.";
    if (data.taken && !state.editing) {
      statusLine.textContent += " This id is already used by another persona: choose another.";
      statusLine.className = "status-line status-line--error";
    }
    if (data.preview && data.preview.card) {
      const holder = root.querySelector("[data-preview-card]");
      holder.innerHTML = data.preview.card; // rendered by our Jinja, autoescaped
      root.querySelector("[data-preview-greeting]").textContent = data.preview.greeting || "(no greeting yet)";
      state.greeting = data.preview.greeting;
    }
    if (data.raw && state.mode === "form") state.lastRaw = data.raw;
    if (data.form) state.lastForm = data.form;
    const id = state.mode === "form" ? value("id") : (data.form ? data.form.id : "");
    const file = root.querySelector("[data-publish-file]");
    if (file && id) file.textContent = `${id}.md`;
    return data;
  }

  function soon() {
    clearTimeout(state.timer);
    statusLine.textContent = "Checking…";
    state.timer = setTimeout(check, 400);
  }

  form.addEventListener("input", (event) => {
    if (event.target.matches("textarea[data-topic]")) countPassages();
    soon();
  });
  form.addEventListener("change", soon);
  raw.addEventListener("input", soon);

  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      const row = addRow(add.dataset.addRow);
      row.querySelector("input, textarea").focus();
      soon();
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      remove.closest("[data-row]").remove();
      soon();
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  // ---------------------------------------------------------------- tabs and the raw view

  const tabs = Array.from(root.querySelectorAll("[data-tab]"));

  function showTab(name) {
    for (const tab of tabs) {
      const on = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    }
  }

  // A slow switch (to the raw view, which asks the server first) must not undo a later click.
  let latestSwitch = 0;

  async function switchTo(name) {
    const mine = ++latestSwitch;
    if (name === "raw" && state.mode === "form") {
      // The raw view starts from the form: its exact file when valid, else the annotated template pre-filled.
      const checked = await check();
      if (checked && checked.raw) {
        raw.value = checked.raw;
      } else {
        const result = await api("notes", { form: formDraft(), notes: "" });
        if (result.ok) raw.value = result.data.text;
      }
      state.mode = "raw";
    } else if (name === "form" && state.mode === "raw") {
      const result = await api("validate", { raw: raw.value });
      if (!result.ok || !result.data.form) {
        statusLine.className = "status-line status-line--error";
        statusLine.textContent = "Fix the file's problems before switching to the form; they are listed under the file.";
        return;
      }
      fillForm(result.data.form);
      state.mode = "form";
    }
    if (mine !== latestSwitch) return; // another tab was chosen meanwhile
    showTab(name);
    if (name === "drive" && !state.drive.length) return resetDrive(); // it checks the draft itself
    check();
  }

  root.querySelector("[role=tablist]").addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (tab) switchTo(tab.dataset.tab);
  });
  root.querySelector("[role=tablist]").addEventListener("keydown", (event) => {
    const at = tabs.indexOf(document.activeElement);
    if (at < 0 || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
    const next = tabs[(at + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    switchTo(next.dataset.tab);
  });

  root.querySelector("[data-draft-notes]").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const result = await api("notes", { form: formDraft(), notes: root.querySelector("[data-notes]").value });
    button.disabled = false;
    if (!result.ok) return showImportNotes([problemOf(result)]);
    raw.value = result.data.text;
    state.mode = "raw";
    showImportNotes(result.data.errors.length ? ["The draft needs fixing: " + result.data.errors.join(" ")] : ["The draft is in the raw view. It is not saved until you publish."]);
    check();
  });

  root.querySelector("[data-card-file]").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    let card;
    try {
      card = JSON.parse(await file.text());
    } catch (err) {
      return showImportNotes(["That file is not JSON; a character card is a .json file."]);
    }
    const result = await api("import", { card });
    if (!result.ok) return showImportNotes([problemOf(result)]);
    raw.value = result.data.text;
    state.mode = "raw";
    showImportNotes(result.data.exact ? ["Imported exactly, as it was exported from Practice."] : result.data.warnings);
    check();
  });

  function showImportNotes(lines) {
    const list = root.querySelector("[data-import-warnings]");
    list.replaceChildren(...lines.map((line) => el("li", null, line)));
    list.hidden = !lines.length;
  }

  // ---------------------------------------------------------------- test drive

  const driveTurns = root.querySelector("[data-drive-turns]");
  const driveInput = root.querySelector("[data-drive-input]");

  function addTurn(role, text, extra) {
    const item = el("li", `turn turn--${role}`);
    item.append(el("p", "turn__who", role === "student" ? "You" : (value("name") || "Persona").split(" ")[0]));
    item.append(el("p", "turn__text", text));
    if (extra) item.append(extra);
    driveTurns.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  async function resetDrive() {
    state.drive = [];
    driveTurns.replaceChildren();
    const checked = await check();
    // A newer check may have overtaken this one: the last greeting seen is as good.
    const greeting = checked && checked.preview ? checked.preview.greeting : state.greeting;
    if (greeting) {
      state.drive.push({ role: "persona", text: greeting });
      addTurn("persona", greeting);
    }
  }

  root.querySelector("[data-drive-reset]").addEventListener("click", resetDrive);
  root.querySelector("[data-drive-form]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = driveInput.value.trim();
    if (!text) return;
    driveInput.value = "";
    addTurn("student", text);
    // The reply streams into its bubble as the persona writes it, as in the interview room.
    const reply = addTurn("persona", "");
    const replyText = reply.querySelector(".turn__text");
    reply.classList.add("turn--streaming");
    reply.setAttribute("aria-busy", "true");
    const failed = (message) => {
      reply.classList.add("turn--partial");
      replyText.textContent = message;
    };
    const history = state.drive.slice();
    let finished = false;
    try {
      const response = await fetch("/api/studio/drive", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream", "X-CSRF-Token": csrf },
        body: JSON.stringify({ draft: draft(), history, text }),
        credentials: "same-origin",
      });
      if (!response.ok) {
        let data = {};
        try { data = await response.json(); } catch (err) { data = {}; }
        failed(problemOf({ data }));
        finished = true;
        return;
      }
      await window.Practice.readEvents(response, (event, data) => {
        if (event === "notice") {
          reply.querySelector(".turn__who").after(el("p", "turn__notice", data.message));
        } else if (event === "delta") {
          replyText.textContent += data.text;
        } else if (event === "done") {
          finished = true;
          replyText.textContent = data.reply;
          const notes = el("p", "turn__note turn__note--info");
          notes.append(el("span", `form-badge form-badge--${data.form}`, data.form.replace(/_/g, " ")));
          notes.append(data.topics.length ? data.topics.join(", ") : "no topic");
          for (const insight of data.unlocked) notes.append(el("span", "flag flag--good", `unlocked: ${insight.id}`));
          reply.append(notes);
          state.drive.push({ role: "student", text }, { role: "persona", text: data.reply });
        } else if (event === "error") {
          finished = true;
          failed(data.message);
        }
      });
      if (!finished) failed("The reply stopped before it finished; ask again.");
    } catch (err) {
      failed("The studio could not be reached. Check your connection and try again.");
    } finally {
      reply.classList.remove("turn--streaming");
      reply.removeAttribute("aria-busy");
      reply.scrollIntoView({ block: "nearest" });
    }
  });
  driveInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      root.querySelector("[data-drive-form]").requestSubmit();
    }
  });

  // ---------------------------------------------------------------- probe

  root.querySelector("[data-run-probe]").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    const summary = root.querySelector("[data-probe-summary]");
    button.disabled = true;
    summary.textContent = "Running sixteen questions…";
    const result = await api("probe", draft());
    button.disabled = false;
    if (!result.ok) {
      summary.textContent = problemOf(result);
      return;
    }
    const data = result.data;
    summary.className = "probe-summary " + (data.flags ? "status-line--error" : "status-line--ok");
    summary.textContent = `${data.questions} questions · ${data.unlocked} of ${data.insights} insights unlocked · ` +
      (data.flags ? `${data.flags} answer${data.flags === 1 ? "" : "s"} flagged` : "nothing flagged");
    const rows = data.results.map((r) => {
      const row = el("tr", r.flags.length ? "probe__row probe__row--flagged" : "probe__row");
      const q = el("td");
      q.append(el("span", `kind kind--${r.kind}`, r.kind.replace(/_/g, " ")));
      for (const setup of r.setup) q.append(el("p", "probe__setup", `After: “${setup}”`));
      q.append(el("p", "probe__q", r.question));
      const a = el("td", "probe__a", r.answer);
      const d = el("td");
      const meta = el("p", "probe__meta");
      meta.append(el("span", `form-badge form-badge--${r.form}`, r.form.replace(/_/g, " ")), r.topics.join(", ") || "no topic");
      d.append(meta);
      if (r.unlocked.length) {
        for (const insight of r.unlocked) d.append(el("p", "flag flag--good", `Unlocked ${insight.id} (${insight.topic})`));
      } else {
        d.append(el("p", "muted small", "No insight unlocked"));
      }
      for (const flag of r.flags) {
        const box = el("div", "probe__flag");
        box.append(el("strong", null, flag.message));
        box.append(el("p", "small", `Said: “${flag.sentence}”`));
        box.append(el("p", "small muted", `File: “${flag.source}”`));
        d.append(box);
      }
      row.append(q, a, d);
      return row;
    });
    root.querySelector("[data-probe-rows]").replaceChildren(...rows);
    root.querySelector("[data-probe-table]").hidden = false;
  });

  // ---------------------------------------------------------------- publish

  root.querySelector("[data-publish]").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    const out = root.querySelector("[data-publish-result]");
    button.disabled = true;
    const result = await api("publish", { draft: draft(), editing: state.editing });
    button.disabled = false;
    out.replaceChildren();
    if (!result.ok) {
      out.append(el("p", "notice notice--error", problemOf(result)));
      check();
      return;
    }
    const data = result.data;
    const renamedFrom = data.still_published;
    state.editing = data.id;
    root.dataset.editing = data.id;
    history.replaceState(null, "", data.edit_url);
    const done = el("div", "notice notice--ok");
    done.append(el("p", null, `Published ${data.id}.md. Students see it in the gallery now.`));
    if (renamedFrom) {
      done.append(el("p", null,
        `The id changed, so this is a new persona: ${renamedFrom}.md is still in the gallery, and students' past ` +
        `interviews with it keep their reports. To retire it, delete ${renamedFrom}.md from the persona folder.`));
    }
    const links = el("p", "small");
    const gallery = el("a", null, "Open the gallery");
    gallery.href = data.gallery_url;
    const past = el("a", null, "Compare versions");
    past.href = data.history_url;
    links.append(gallery, " · ", past);
    done.append(links);
    out.append(done);
  });

  // ---------------------------------------------------------------- start

  for (const kind of ["insights", "boundaries"]) rowsOf(kind).forEach(labelRow);
  countPassages();
  const wanted = (location.hash || "").slice(1);
  if (["raw", "drive", "probe"].includes(wanted)) switchTo(wanted);
  else check();
})();
