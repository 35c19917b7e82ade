// The teacher's console: every table at a glance, and the chair's tools for the chosen
// table (or every table, where that makes sense), each sent as one `chair` message of
// docs/protocol.md, the same messages the terminal console sends. Ending, starting a
// table again, undoing, opening the final vote and releasing the debriefs ask first and
// name the table.
// Forms are never redrawn by a new view, so what the teacher is typing stays put; the
// rest is redrawn with the focus kept on the control that had it.

import { draft, el, fill, jump, line, motion, parties, phaseLine, section } from "./render.js";

function clockWords(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

// Fill ``node`` with what ``draw`` makes, only when ``key`` differs from the last time:
// a view that leaves a part of the page as it was does not draw that part again.
function redraw(node, key, draw) {
  if (node.dataset.drawn === key) return;
  node.dataset.drawn = key;
  fill(node, draw());
}

export class ConsoleScreen {
  constructor(stage, connection, welcome) {
    this.connection = connection;
    this.tables = welcome.tables;
    this.terms = welcome.terms;
    this.messages = {};
    this.received = {}; // when each table's view came (for its clock)
    this.codes = null;
    this.selected = this.tables[0];
    this.pendingSuggestion = null; // the form waiting for the facilitator's text
    this.handButtons = new Map(); // each seat's hand-over button, kept across views
    document.title = "Teacher's console \u2014 negotiation";
    document.body.classList.add("console-page");

    this.notices = el("div", { id: "console-notice", className: "console-notice", role: "status", "aria-live": "polite" });
    this.overview = section("overview", "Every table");
    this.cards = el("ul", { className: "cards" });
    fill(this.overview.body, this.cards);
    this.everyTable = section("every-table", "At every table");
    this.tablePanel = section("chosen", "Table " + this.selected);
    this.tools = el("div", { className: "buttons", role: "group", "aria-label": "The chair's tools" });
    this.formSlot = el("div", { id: "tool-form" });
    this.seatsList = el("ul", { className: "seats" });
    this.seatsPanel = section("seats", "Seats", 3);
    fill(this.seatsPanel.body, this.seatsList);
    this.motionPanel = section("motion", "The motion on the floor", 3);
    this.draftPanel = section("draft", "The draft", 3);
    this.satisfactionPanel = section("satisfaction", "Each delegation's satisfaction (teacher only)", 3);
    this.transcriptPanel = section("transcript", "Transcript, newest first", 3);
    this.codesPanel = section("codes", "Join codes and links");
    this.tableState = el("p", { id: "table-state", className: "turn" });
    fill(this.tablePanel.body, this.tableState, this.tools, this.formSlot,
      el("div", { className: "console-grid" },
        el("div", { className: "col-main" }, this.motionPanel.node, this.draftPanel.node),
        el("div", { className: "col-side" }, this.seatsPanel.node, this.satisfactionPanel.node, this.transcriptPanel.node)));
    this.buildEveryTable();
    const confirmTitle = el("h2", { id: "confirm-title" });
    this.confirmText = el("p", { id: "confirm-text" });
    this.confirmYes = el("button", { type: "button", className: "danger", id: "confirm-yes" });
    const confirmNo = el("button", { type: "button", className: "secondary", id: "confirm-no", text: "Cancel" });
    this.confirm = el("dialog", { id: "confirm", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-text" },
      confirmTitle, this.confirmText, el("div", { className: "form-buttons" }, this.confirmYes, confirmNo));
    this.confirmTitle = confirmTitle;
    confirmNo.addEventListener("click", () => this.confirm.close());
    this.confirmYes.addEventListener("click", () => {
      this.confirm.close();
      if (this.confirmed) this.confirmed();
    });

    fill(stage,
      el("div", { className: "seat-head" }, el("h1", { id: "console-title", text: "Teacher's console" }),
        el("nav", { className: "jumps", "aria-label": "On this page" },
          el("ul", {}, [["overview", "Every table"], ["chosen", "Chosen table"], ["every-table", "At every table"], ["codes", "Codes"]]
            .map(([id, words]) => el("li", {}, jump(id, words))))),
        this.notices),
      this.overview.node, this.tablePanel.node, this.everyTable.node, this.codesPanel.node, this.confirm);
    this.buildTools();
    this.renderCodes();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  // Redraw with the focus kept on the control (by its id) that had it.
  keepFocus(draw) {
    const id = document.activeElement ? document.activeElement.id : "";
    draw();
    if (id && document.activeElement !== document.getElementById(id)) {
      const again = document.getElementById(id);
      if (again) again.focus();
    }
  }

  say(text, problem) {
    const node = el("p", { className: problem ? "problem" : "", text });
    this.notices.append(node);
    while (this.notices.childElementCount > 3) this.notices.firstElementChild.remove();
  }

  send(action, table, fields) {
    const sent = this.connection.send({ type: "chair", action, table, ...(fields || {}) });
    if (!sent) this.say("Not sent: the connection is down; joining again\u2026", true);
    return sent;
  }

  // --- messages from the server -------------------------------------------------------

  update(message) {
    this.messages[message.table] = message;
    this.received[message.table] = Date.now();
    this.keepFocus(() => {
      this.renderCard(message.table);
      if (message.table === this.selected) this.renderTable();
    });
  }

  setCodes(message) {
    this.codes = message;
    this.keepFocus(() => {
      this.renderCodes();
      if (this.messages[this.selected]) this.renderSeats();
    });
  }

  notice(message) {
    this.say((message.table ? "Table " + message.table + ": " : "") + message.text);
  }

  refused(message) {
    this.say("Not done: " + message.message, true);
  }

  suggestion(message) {
    const form = this.pendingSuggestion;
    this.pendingSuggestion = null;
    if (!form || !form.isConnected || message.table !== form.dataset.table) return;
    const words = form.querySelector(".preview");
    if (message.kind === null) {
      words.textContent = "The facilitator would change nothing in the text now.";
      return;
    }
    let changed = 0;
    for (const [term, value] of Object.entries(message.values)) {
      const select = form.querySelector("#text-" + CSS.escape(term));
      if (!select) continue;
      const index = [...select.options].findIndex((o) => o.dataset.value === JSON.stringify(value));
      if (index >= 0) {
        select.selectedIndex = index;
        changed += 1;
      }
    }
    words.textContent = "The facilitator's text is filled in (" + changed + (changed === 1 ? " term" : " terms") +
      "): " + message.reason + ". Change any term, then table it.";
  }

  // --- every table at a glance -----------------------------------------------------------

  cardLines(message) {
    const pub = message.view.public;
    const status = message.status;
    const vote = pub.vote;
    let floor = pub.holder ? pub.holder + " holds the floor" : "";
    if (vote) floor = "voting on " + vote.on + (vote.waiting_for.length ? ", waiting for " + vote.waiting_for.slice(0, 3).join(", ") : "");
    if (pub.outcome !== null) floor = pub.outcome;
    const agreed = pub.terms.filter((t) => t.status === "agreed").length;
    const people = Object.values(status.seats).filter((s) => s.player === "human" || s.stand_in);
    const here = people.filter((s) => s.connected).length;
    const devices = people.reduce((n, s) => n + (s.devices || 0), 0);
    const away = Object.values(status.seats).filter((s) => s.stand_in).length;
    return [
      ["State", this.stateWords(message)],
      ["Chair", status.chair === "computer" ? "the computer facilitates" : "the teacher chairs"],
      ["Phase", phaseLine(pub)],
      ["Floor", floor || "\u2014"],
      ["Motion", pub.motion ? pub.motion.proposer + "\u2019s" : "none"],
      ["Agreed", agreed + " of " + pub.terms.length + " terms"],
      ["People", people.length === 0 ? "none: the computer plays every seat"
        : here + " of " + people.length + " here" + (devices > here ? " on " + devices + " devices" : "") +
          (away ? ", " + away + " away (the computer plays for them)" : "")],
    ];
  }

  finished(message) {
    const pub = message.view.public;
    return pub.outcome !== null || pub.phase === "over";
  }

  clockLeft(table) {
    const message = this.messages[table];
    if (!message || message.status.clock === null || this.finished(message)) return null;
    if (message.status.paused) return message.status.clock;
    return message.status.clock - (Date.now() - this.received[table]) / 1000;
  }

  stateWords(message) {
    if (this.finished(message)) return "finished";
    const left = this.clockLeft(message.table);
    const clock = left === null ? "" : ", " + clockWords(left) + " left in the round";
    return (message.status.paused ? "paused" : "running") + clock;
  }

  renderCard(table) {
    const message = this.messages[table];
    let card = document.getElementById("card-" + table);
    if (!card) {
      // built once: its buttons stay the same nodes while views come and go
      const choose = el("button", { type: "button", id: "choose-" + table, className: "small", text: "Table " + table });
      choose.addEventListener("click", () => this.choose(table));
      const pause = el("button", { type: "button", id: "pause-" + table, className: "small secondary" });
      pause.addEventListener("click", () => this.send(this.messages[table].status.paused ? "resume" : "pause", table));
      card = el("li", { id: "card-" + table, className: "card" },
        el("h3", { className: "card-title" }, choose, " ", pause),
        el("ul", { className: "facts", "aria-label": "Table " + table + " at a glance" }));
      card.dataset.table = table;
      const after = [...this.cards.children].find((c) => c.dataset.table > table);
      this.cards.insertBefore(card, after || null);
    }
    card.dataset.selected = String(table === this.selected);
    card.querySelector("#choose-" + CSS.escape(table)).setAttribute("aria-pressed", String(table === this.selected));
    const pause = card.querySelector("#pause-" + CSS.escape(table));
    pause.textContent = (message.status.paused ? "Resume " : "Pause ") + table;
    pause.disabled = this.finished(message);
    const lines = this.cardLines(message);
    redraw(card.querySelector(".facts"), JSON.stringify(lines), () => lines.map(([term, words]) =>
      el("li", { className: term === "State" ? "fact state" : "fact" }, el("span", { className: "label", text: term + ": " }), el("span", { className: "value", text: words }))));
  }

  tick() {
    for (const table of this.tables) {
      const message = this.messages[table];
      if (!message || message.status.paused || this.clockLeft(table) === null) continue;
      const state = document.querySelector("#card-" + CSS.escape(table) + " .state .value");
      if (state) state.textContent = this.stateWords(message);
      if (table === this.selected) this.renderState();
    }
  }

  choose(table) {
    this.selected = table;
    this.closeForm(false);
    this.keepFocus(() => {
      for (const t of this.tables) if (this.messages[t]) this.renderCard(t);
      this.tablePanel.heading.textContent = "Table " + table;
      this.renderTable();
      this.renderCodes();
    });
    this.say("Table " + table + " chosen.");
  }

  // --- the chosen table ---------------------------------------------------------------

  buildTools() {
    const tool = (id, words, act) => {
      const button = el("button", { type: "button", id: "tool-" + id, text: words });
      button.addEventListener("click", act);
      return button;
    };
    const t = () => this.selected;
    this.buttons = {
      pause: tool("pause", "Pause", () => this.send(this.message.status.paused ? "resume" : "pause", t())),
      chair: tool("chair", "Take the chair", () => this.send("chair", t(), { chair: this.message.status.chair === "computer" ? "teacher" : "computer" })),
      table_text: tool("table-text", "Table a text\u2026", () => this.openForm("table_text")),
      amend: tool("amend", "Amend the motion\u2026", () => this.openForm("amend")),
      call_vote: tool("call-vote", "Call the vote", () => this.send("call_vote", t())),
      agenda: tool("agenda", "Agenda\u2026", () => this.openForm("agenda")),
      inject: tool("inject", "Inject\u2026", () => this.openForm("inject")),
      round_time: tool("round-time", "Round time\u2026", () => this.openForm("round_time")),
      final_vote: tool("final-vote", "Final vote\u2026", () => {
        if (this.message.view.public.phase === "the openings") this.send("final_vote", t());
        else this.ask("final_vote", t());
      }),
      undo: tool("undo", "Undo\u2026", () => this.ask("undo", t())),
      end: tool("end", "End\u2026", () => this.ask("end", t())),
      restart: tool("restart", "Play again\u2026", () => this.ask("restart", t())),
    };
    for (const name of ["end", "restart", "undo"]) this.buttons[name].classList.add("danger");
    fill(this.tools, Object.values(this.buttons));
  }

  get message() {
    return this.messages[this.selected];
  }

  mayDo(kind) {
    return this.message ? this.message.may.find((m) => m.kind === kind) : undefined;
  }

  renderState() {
    const message = this.message;
    const pub = message.view.public;
    let floor = pub.holder ? pub.holder + " holds the floor." : "";
    if (pub.vote && pub.vote.waiting_for.length) floor = "Voting on " + pub.vote.on + ": waiting for " + pub.vote.waiting_for.join(", ") + ".";
    if (pub.outcome !== null) floor = pub.outcome;
    this.tableState.textContent = pub.title + " \u00b7 " + phaseLine(pub) + " \u00b7 " + this.stateWords(message) + ". " + floor;
  }

  renderTable() {
    const message = this.message;
    if (!message) return;
    const pub = message.view.public;
    const over = this.finished(message);
    this.renderState();
    const b = this.buttons;
    b.pause.textContent = message.status.paused ? "Resume" : "Pause";
    b.pause.disabled = over;
    b.chair.textContent = message.status.chair === "computer" ? "Take the chair" : "Give the chair to the computer";
    b.table_text.disabled = !this.mayDo("propose");
    b.amend.disabled = !this.mayDo("amend");
    b.call_vote.disabled = !this.mayDo("call_vote");
    b.agenda.disabled = !this.mayDo("set_agenda");
    b.inject.disabled = !message.view.injects.some((i) => !i.fired) || over;
    b.final_vote.disabled = !this.mayDo("advance_phase");
    b.final_vote.textContent = pub.phase === "the openings" ? "Open the negotiation" : "Final vote\u2026";
    b.end.disabled = !this.mayDo("end_session");
    b.undo.disabled = message.moves === 0;
    if (this.open && b[this.open] && b[this.open].disabled) {
      this.closeForm(false);
      this.say("Table " + this.selected + " has moved on: that tool is not open now.");
    }
    const table = this.selected + ":";
    redraw(this.motionPanel.body, table + JSON.stringify([pub.motion, pub.vote]), () => motion(pub));
    redraw(this.draftPanel.body, table + JSON.stringify(pub.terms), () => draft(pub));
    this.renderSeats();
    const sat = message.view.satisfaction || [];
    const walk = new Map((message.view.walk_away || []).map(([name, point]) => [name, point]));
    redraw(this.satisfactionPanel.body, table + JSON.stringify([sat, message.view.walk_away]), () => el("ul", { className: "parties" }, sat.map(([name, value, sign]) =>
      el("li", {}, el("span", { className: "party-name", text: name }),
        ": " + value.toFixed(2) + (walk.has(name) ? " (walk-away " + walk.get(name).toFixed(2) + ")" : "") +
        (sign ? ", could sign" : ", could not sign")))));
    const recent = (pub.lines || []).slice(-12).reverse();
    redraw(this.transcriptPanel.body, table + JSON.stringify(recent), () => recent.length
      ? el("ol", { className: "transcript" }, recent.map(line))
      : el("p", { className: "quiet", text: "Nothing has happened yet." }));
  }

  renderSeats() {
    const message = this.message;
    const table = this.selected;
    const codes = this.codes ? this.codes.tables[table] || {} : {};
    fill(this.seatsList, message.view.public.parties.map((party) => {
      const seat = message.status.seats[party.id];
      if (!seat) return el("li", { className: "seat-row" }, el("span", { className: "party-name", text: party.name }), " (observer)");
      let who = seat.stand_in ? "the computer, while its person is away" : seat.player === "human" ? "a person" : "the computer";
      if (seat.devices > 1) who += ", here on " + seat.devices + " devices";
      else if (seat.connected) who += ", here";
      else if (seat.player === "human") who += ", not here";
      const key = table + ":" + party.id;
      let hand = this.handButtons.get(key);
      if (!hand) {
        hand = el("button", { type: "button", className: "small secondary", id: "hand-" + party.id });
        hand.addEventListener("click", () => {
          const now = this.messages[table].status.seats[party.id];
          this.send("seat", table, { seat: party.id, player: now.player === "human" ? "computer" : "human" });
        });
        this.handButtons.set(key, hand);
      }
      hand.textContent = seat.player === "human" ? "Hand " + party.name + " to the computer" : "Hand " + party.name + " to a person";
      return el("li", { className: "seat-row" },
        el("p", {}, el("span", { className: "party-name", text: party.name }), ": " + who,
          codes[party.id] ? el("span", { className: "code-inline" }, " \u00b7 code ", el("code", { text: codes[party.id] })) : null),
        hand);
    }));
  }

  // --- forms ---------------------------------------------------------------------------

  closeForm(refocus) {
    const was = this.open;
    this.open = null;
    this.pendingSuggestion = null;
    fill(this.formSlot);
    if (refocus && was && this.buttons[was]) this.buttons[was].focus();
  }

  openForm(kind) {
    this.open = kind;
    const form = kind === "table_text" || kind === "amend" ? this.textForm(kind)
      : kind === "agenda" ? this.agendaForm()
      : kind === "inject" ? this.injectForm()
      : this.roundTimeForm();
    form.dataset.table = this.selected;
    fill(this.formSlot, form);
    const first = form.querySelector("select, input, button");
    if (first) first.focus();
  }

  formShell(title, fields, submitWords, onSubmit) {
    const cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
    cancel.addEventListener("click", () => this.closeForm(true));
    const form = el("form", { className: "move-form", id: "form-" + this.open, "aria-labelledby": "form-title" },
      el("h3", { id: "form-title", text: title }), fields,
      el("div", { className: "form-buttons" }, el("button", { type: "submit", id: "form-submit", text: submitWords }), cancel));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSubmit(form);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeForm(true);
    });
    return form;
  }

  textForm(kind) {
    const table = this.selected;
    const may = this.mayDo(kind === "amend" ? "amend" : "propose");
    const open = new Set(may ? may.terms : []);
    const current = new Map(this.message.view.public.terms.map((t) => [t.id, t.proposed !== null ? t.proposed : t.text]));
    const fields = (this.terms[table] || []).filter((t) => open.has(t.id)).map((term) => {
      const select = el("select", { id: "text-" + term.id, name: term.id },
        el("option", { value: "", text: "Leave as it is (" + (current.get(term.id) || "") + ")" }),
        term.choices.map((c) => {
          const option = el("option", { value: c.label, text: c.label });
          option.dataset.value = JSON.stringify(c.value);
          return option;
        }));
      return el("div", { className: "field" }, el("label", { for: "text-" + term.id, text: term.name }), select);
    });
    const words = el("p", { className: "preview", id: "suggestion-words", role: "status" });
    const suggest = el("button", { type: "button", className: "secondary", id: "suggest", text: "Fill in the facilitator\u2019s text" });
    const title = (kind === "amend" ? "Amend the motion at table " : "Table a text at table ") + table;
    const form = this.formShell(title, [el("div", { className: "form-buttons" }, suggest), words, fields],
      kind === "amend" ? "Amend the motion" : "Table this text", (f) => {
        const values = {};
        for (const select of f.querySelectorAll("select")) {
          const option = select.selectedOptions[0];
          if (option && option.dataset.value !== undefined) values[select.name] = JSON.parse(option.dataset.value);
        }
        if (Object.keys(values).length === 0) {
          words.textContent = "Choose a text for at least one term (or fill in the facilitator\u2019s).";
          return;
        }
        if (this.send(kind, table, { values })) {
          this.closeForm(true);
          this.say((kind === "amend" ? "Amendment sent" : "Text tabled") + " at table " + table + ".");
        }
      });
    suggest.addEventListener("click", () => {
      this.pendingSuggestion = form;
      words.textContent = "Asking the facilitator\u2026";
      this.send("suggest", table);
    });
    return form;
  }

  agendaForm() {
    const table = this.selected;
    const may = this.mayDo("set_agenda");
    const open = new Set(may ? may.terms : []);
    const boxes = (this.terms[table] || []).filter((t) => open.has(t.id)).map((term) =>
      el("div", { className: "check" },
        el("input", { type: "checkbox", id: "agenda-" + term.id, name: term.id }),
        el("label", { for: "agenda-" + term.id, text: term.name })));
    return this.formShell("The agenda at table " + table, [
      el("fieldset", {}, el("legend", { text: "Terms in focus (none ticked: every open term)" }), boxes),
    ], "Set the agenda", (f) => {
      const terms = [...f.querySelectorAll("input:checked")].map((b) => b.name);
      if (this.send("agenda", table, { terms })) this.closeForm(true);
    });
  }

  injectForm() {
    const table = this.selected;
    const injects = this.message.view.injects.filter((i) => !i.fired);
    const select = el("select", { id: "inject-choice" }, injects.map((i) => el("option", { value: i.id, text: i.title })));
    const about = el("div", { id: "inject-about", className: "preview", "aria-live": "polite" });
    const describe = () => {
      const chosen = injects.find((i) => i.id === select.value);
      if (!chosen) return;
      fill(about,
        el("p", {}, el("span", { className: "label", text: "Read out: " }), chosen.text),
        chosen.effects.length
          ? el("ul", { className: "effects", "aria-label": "What it does (teacher only)" }, chosen.effects.map((e) => el("li", { text: e })))
          : el("p", { className: "quiet", text: "It changes no delegation's numbers." }));
    };
    select.addEventListener("change", describe);
    describe();
    const everywhere = el("button", { type: "button", className: "secondary", id: "inject-all", text: "Fire at every table" });
    everywhere.addEventListener("click", () => {
      if (this.send("inject", "*", { inject: select.value })) this.closeForm(true);
    });
    const form = this.formShell("Fire an inject at table " + table, [
      el("div", { className: "field" }, el("label", { for: "inject-choice", text: "Inject" }), select), about,
    ], "Fire at table " + table, () => {
      if (this.send("inject", table, { inject: select.value })) this.closeForm(true);
    });
    form.querySelector(".form-buttons").insertBefore(everywhere, form.querySelector(".form-buttons .secondary"));
    return form;
  }

  roundTimeForm() {
    const status = this.message.status;
    const minutes = el("input", { type: "number", id: "round-minutes", min: "0", max: "120", step: "0.5",
      value: String((status.round_seconds || 0) / 60), "aria-describedby": "round-hint" });
    const timeUp = el("select", { id: "time-up" },
      el("option", { value: "vote", text: "put a motion on the floor to the vote, then pass the floor", selected: status.time_up === "vote" }),
      el("option", { value: "pass", text: "pass the floor without a vote", selected: status.time_up === "pass" }));
    const grace = el("input", { type: "number", id: "grace", min: "0", max: "3600", step: "5", value: String(status.grace ?? 60) });
    const scope = el("select", { id: "round-scope" },
      el("option", { value: this.selected, text: "table " + this.selected }),
      el("option", { value: "*", text: "every table" }));
    return this.formShell("Round time", [
      el("div", { className: "field" }, el("label", { for: "round-minutes", text: "Minutes per round" }),
        el("p", { id: "round-hint", className: "hint", text: "0: rounds are not timed. The current round's clock starts again." }), minutes),
      el("div", { className: "field" }, el("label", { for: "time-up", text: "When time is up" }), timeUp),
      el("div", { className: "field" }, el("label", { for: "round-scope", text: "At" }), scope),
      el("div", { className: "field" }, el("label", { for: "grace", text: "Seconds an empty seat waits before the computer plays it (every table)" }), grace),
    ], "Set", () => {
      const m = Number(minutes.value);
      const g = Number(grace.value);
      if (!Number.isFinite(m) || m < 0 || !Number.isFinite(g) || g < 0) {
        this.say("Give the minutes and seconds as numbers, 0 or more.", true);
        return;
      }
      this.send("round_time", scope.value, { seconds: m * 60, time_up: timeUp.value });
      if (g !== status.grace) this.send("grace", "*", { seconds: g });
      this.closeForm(true);
    });
  }

  // --- confirmations ---------------------------------------------------------------

  ask(action, table) {
    const where = table === "*" ? "every table" : "table " + table;
    const words = {
      end: ["End the session at " + where + "?", "It ends now, without a final vote. The log is kept.", "End " + where],
      restart: ["Play again at " + where + "?", "A new session starts in a new log, paused; the old one is kept.", "Play again at " + where],
      undo: ["Undo the last move at " + where + "?", "Everyone at the table is told, and the table pauses.", "Undo at " + where],
      release: ["Release the debriefs at " + where + "?", "Each seat is sent its own delegation's debrief, as the table stands: its brief revealed, what it got, the moments it was part of. Whoever joins a seat later gets it too.", "Release the debriefs at " + where],
      final_vote: ["Open the final vote at " + where + "?", "The negotiation closes and the final vote begins.", "Open the final vote at " + where],
    }[action];
    this.confirmTitle.textContent = words[0];
    this.confirmText.textContent = words[1];
    this.confirmYes.textContent = words[2];
    const back = document.activeElement;
    this.confirmed = () => {
      this.send(action, table);
      this.say(words[2] + ": sent.");
    };
    this.confirm.addEventListener("close", () => {
      if (back && back.isConnected) back.focus();
    }, { once: true });
    this.confirm.showModal();
    this.confirmYes.focus();
  }

  // --- every table at once, codes ------------------------------------------------------

  buildEveryTable() {
    const tool = (id, words, act, danger) => {
      const button = el("button", { type: "button", id: "all-" + id, className: danger ? "danger" : "secondary", text: words });
      button.addEventListener("click", act);
      return button;
    };
    fill(this.everyTable.body,
      el("div", { className: "buttons", role: "group", "aria-label": "At every table" },
        tool("pause", "Pause every table", () => this.send("pause", "*")),
        tool("resume", "Resume every table", () => this.send("resume", "*")),
        tool("teacher", "Chair every table myself", () => this.send("chair", "*", { chair: "teacher" })),
        tool("computer", "The computer facilitates every table", () => this.send("chair", "*", { chair: "computer" })),
        tool("final-vote", "Final vote at every table\u2026", () => this.ask("final_vote", "*")),
        tool("debriefs", "Write the debriefs", () => {
          if (this.send("debriefs", "*")) this.say("Writing every table's debrief\u2026");
        }),
        tool("release", "Release the debriefs to the seats\u2026", () => this.ask("release", "*"))),
      el("p", { className: "hint", text: "An inject or the round time at every table: choose Inject\u2026 or Round time\u2026 at any table." }));
  }

  renderCodes() {
    const body = this.codesPanel.body;
    if (!this.codes) {
      fill(body, el("p", { className: "quiet", text: "The codes come from the server\u2026" }));
      return;
    }
    const page = location.origin + "/";
    const row = (who, code, id) => {
      const renew = el("button", { type: "button", className: "small secondary", id: "renew-" + id, text: "New code for " + who });
      renew.addEventListener("click", () => {
        const [table, seat] = id.includes(":") ? id.split(":") : [this.selected, id];
        this.send("new_code", table, { seat });
      });
      return el("li", { className: "code-row" },
        el("p", {}, el("span", { className: "party-name", text: who }), ": ", el("code", { text: code })),
        el("p", { className: "link" }, el("a", { href: page + "#" + code, rel: "noreferrer", target: "_blank", text: page + "#" + code })),
        renew);
    };
    const names = new Map();
    for (const table of this.tables) {
      const message = this.messages[table];
      if (message) for (const p of message.view.public.parties) names.set(p.id, p.name);
    }
    const print = el("button", { type: "button", className: "secondary", id: "print-codes", text: "Print the codes and links" });
    print.addEventListener("click", () => window.print());
    fill(body,
      el("p", { className: "hint", text: "A new code stops the old one at once (its screens are told). The printable slips, with a QR code each, are join-slips.html in the class folder, as serve wrote them (a new code is not on them); this page prints the codes as they are now." }),
      print,
      el("ul", { className: "codes" }, row("the teacher", this.codes.chair, "chair"), row("the projector", this.codes.projector, "projector")),
      Object.entries(this.codes.tables).map(([table, seats]) =>
        el("div", { className: "codes-table" }, el("h3", { text: "Table " + table }),
          el("ul", { className: "codes" }, Object.entries(seats).map(([seat, code]) => row(names.get(seat) || seat, code, table + ":" + seat))))));
  }
}
