// A delegation's own screen: whose turn it is, the moves it may make now (as buttons,
// with keys on a laptop), the forms for them (a proposal's preview comes from the
// server), the motion, the draft, its own brief and numbers, and the transcript.

import { announce, draft, el, fill, joinNames, jump, line, markdown, motion, parties, percent, phaseLine, section } from "./render.js";

const MOVES = {
  propose: ["Propose\u2026", "p"],
  amend: ["Amend\u2026", "a"],
  support: ["Support", "y"],
  oppose: ["Oppose", "n"],
  abstain: ["Abstain", "b"],
  call_vote: ["Call the vote", "v"],
  concede: ["Concede\u2026", "c"],
  statement: ["Speak\u2026", "s"],
  pass: ["Pass", "x"],
  walk_out: ["Walk out\u2026", "w"],
  return: ["Return to the room", "r"],
};
const BALLOTS = { support: "Vote for", oppose: "Vote against", abstain: "Abstain" };
const FORMS = new Set(["propose", "amend", "concede", "statement", "walk_out"]);

export class SeatScreen {
  constructor(stage, connection, welcome) {
    this.connection = connection;
    this.welcome = welcome;
    this.choices = new Map((welcome.terms[welcome.table] || []).map((t) => [t.id, t]));
    this.message = null;
    this.open = null; // the kind of move whose form is open
    this.previewKey = null;
    this.lastMove = null;
    this.holder = undefined;
    this.newestFirst = true;
    document.title = welcome.name + " \u2014 negotiation";
    document.body.classList.add("seat-page");

    this.title = el("h1", { id: "seat-title", text: welcome.name });
    this.subtitle = el("p", { className: "subtitle" });
    this.turn = el("p", { id: "turn", className: "turn", tabindex: "-1" });
    this.told = el("p", { id: "notice", className: "notice", role: "status" });
    this.buttons = el("div", { className: "buttons", role: "group", "aria-label": "Moves you may make now" });
    this.formSlot = el("div", { id: "move-form" });
    this.moveStatus = el("p", { id: "move-status", className: "move-status", role: "status" });
    this.actions = section("actions", "Your moves");
    fill(this.actions.body, this.buttons, this.formSlot, this.moveStatus);
    this.motionPanel = section("motion", "The motion on the floor");
    this.draftPanel = section("draft", "The draft");
    this.briefPanel = section("brief", "Your brief (yours alone)");
    this.partiesPanel = section("parties", "At the table");
    this.transcriptPanel = section("transcript", "Transcript");
    this.order = el("button", { type: "button", className: "small", "aria-pressed": "true", text: "Newest first" });
    this.order.addEventListener("click", () => {
      this.newestFirst = !this.newestFirst;
      this.order.setAttribute("aria-pressed", String(this.newestFirst));
      this.renderTranscript();
    });
    this.lines = el("ol", { className: "transcript", "aria-label": "What has happened" });
    fill(this.transcriptPanel.body, this.order, this.lines);

    const jumps = [["actions", "Moves"], ["motion", "Motion"], ["draft", "Draft"], ["brief", "Brief"], ["transcript", "Transcript"]];
    const nav = el("nav", { className: "jumps", "aria-label": "On this page" },
      el("ul", {}, jumps.map(([id, words]) => el("li", {}, jump(id, words)))));
    fill(stage,
      el("div", { className: "seat-head" }, this.title, this.subtitle, nav, this.turn, this.told),
      el("div", { className: "seat-grid" },
        el("div", { className: "col-main" }, this.actions.node, this.motionPanel.node, this.draftPanel.node),
        el("div", { className: "col-side" }, this.briefPanel.node, this.partiesPanel.node, this.transcriptPanel.node)));
    document.addEventListener("keydown", (event) => this.key(event));
  }

  get publicView() {
    return this.message.view.public;
  }

  mayDo(kind) {
    return this.message ? this.message.may.find((m) => m.kind === kind) : undefined;
  }

  // --- messages from the server -------------------------------------------------------

  update(message) {
    if (message.table !== this.welcome.table) return;
    const first = this.message === null;
    this.message = message;
    const pub = this.publicView;
    const seat = message.status.seats[this.welcome.seat];
    const devices = seat ? seat.devices : 0;
    this.subtitle.textContent = pub.title + " \u00b7 table " + message.table + " \u00b7 " + phaseLine(pub) +
      (devices > 1 ? " \u00b7 " + devices + " devices on this seat" : "");
    this.renderTurn(first);
    this.renderButtons();
    if (this.open && !this.mayDo(this.open)) {
      this.closeForm();
      this.moveStatus.textContent = "The floor has moved on; that move is not open now.";
    }
    fill(this.motionPanel.body, motion(pub));
    fill(this.draftPanel.body, draft(pub));
    this.renderBrief();
    fill(this.partiesPanel.body, parties(pub, message.status));
    this.renderTranscript(first);
  }

  ack() {
    const inForm = this.formSlot.contains(document.activeElement);
    this.closeForm();
    this.moveStatus.textContent = "Saved: your move is in the record.";
    if (inForm) this.turn.focus(); // the focus stays in the page, at what happens next
  }

  refused(message) {
    const words = message.error === "stale"
      ? "The table moved on before your move arrived; look again and make it again."
      : message.message;
    this.moveStatus.textContent = "Not made: " + words;
  }

  notice(message) {
    if (message.table && message.table !== this.welcome.table) return;
    this.told.textContent = message.text;
  }

  // The teacher has released the debriefs: this delegation's own, above its brief.
  debrief(message) {
    if (message.table !== this.welcome.table) return;
    if (!this.debriefPanel) {
      this.debriefPanel = section("debrief", "Your debrief");
      this.briefPanel.node.before(this.debriefPanel.node);
    }
    fill(this.debriefPanel.body, markdown(message.text, 2).slice(1));
    announce("Your debrief is ready: it is above your brief.");
  }

  preview(answer) {
    const output = document.getElementById("preview");
    if (!output || JSON.stringify(answer.values) !== this.previewKey) return;
    const changed = this.changedCount();
    const head = changed + (changed === 1 ? " term" : " terms") + " changed. ";
    if (answer.satisfaction === null) {
      fill(output, el("p", { text: head + "That is not a text your delegation can weigh." }));
      return;
    }
    const parts = [el("p", { text: head + "Your satisfaction with this text: " + answer.satisfaction.toFixed(2) +
      " (walk-away " + Number(answer.walk_away).toFixed(2) + ") \u2014 it " + answer.verdict + "." })];
    if (answer.red_lines && answer.red_lines.length) {
      parts.push(el("ul", { className: "refusals", "aria-label": "Red lines crossed" },
        answer.red_lines.map((r) => el("li", { text: r }))));
    }
    if (answer.outside && answer.outside.length) {
      const n = answer.outside.length;
      parts.push(el("details", { className: "outside" },
        el("summary", { text: n + (n === 1 ? " term is" : " terms are") + " outside what you could accept" }),
        el("ul", { className: "refusals" }, answer.outside.map((r) => el("li", { text: r })))));
    }
    fill(output, parts);
  }

  // --- drawing ----------------------------------------------------------------------------

  renderTurn(first) {
    const pub = this.publicView;
    const status = this.message.status;
    const seat = status.seats[this.welcome.seat];
    let words;
    let mine = false;
    if (pub.outcome !== null) words = "The session is over. " + pub.outcome;
    else if (seat && seat.player === "computer") words = "The computer plays your seat for now; the teacher can hand it back to you.";
    else if (this.message.may.length) {
      mine = true;
      words = pub.vote ? "Your vote: choose below." : "It is your turn: choose a move below.";
    } else if (pub.vote && pub.vote.waiting_for.length) words = "Waiting for " + pub.vote.waiting_for[0] + " to vote.";
    else if (pub.holder) words = "Waiting for " + pub.holder + ".";
    else words = "Waiting.";
    if (status.paused && pub.outcome === null) words += " The teacher has paused the table.";
    this.turn.textContent = words;
    this.turn.dataset.mine = String(mine);
    if (!first && pub.holder !== this.holder) {
      announce(mine ? "Your turn." : pub.holder ? "The floor passes to " + pub.holder + "." : words);
    }
    this.holder = pub.holder;
  }

  renderButtons() {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.kind : null;
    const voting = this.publicView.vote !== null;
    const buttons = this.message.may.filter((m) => MOVES[m.kind]).map((m) => {
      const [label, key] = MOVES[m.kind];
      const words = voting && BALLOTS[m.kind] ? BALLOTS[m.kind] : label;
      const button = el("button", { type: "button", className: "move", "data-kind": m.kind, "aria-keyshortcuts": key,
        "aria-expanded": FORMS.has(m.kind) ? String(this.open === m.kind) : null },
        words, el("kbd", { "aria-hidden": "true", text: key }));
      button.addEventListener("click", () => this.choose(m.kind));
      return button;
    });
    fill(this.buttons, buttons.length ? buttons : el("p", { className: "quiet", text: "No move is yours to make now." }));
    if (focused) {
      const again = this.buttons.querySelector('[data-kind="' + focused + '"]');
      if (again) again.focus();
    }
  }

  renderBrief() {
    const brief = this.message.view.brief;
    const sign = brief.could_sign ? "You could sign the draft as it stands." : "You could not sign the draft as it stands.";
    const parts = [
      el("p", { className: "numbers" },
        "Your satisfaction with the draft: ", el("strong", { text: brief.satisfaction.toFixed(2) }),
        " (walk-away " + brief.walk_away.toFixed(2) + "). ", sign),
    ];
    if (brief.motion_satisfaction !== null) {
      parts.push(el("p", { className: "numbers", text: "If the motion passed: " + brief.motion_satisfaction.toFixed(2) + "." }));
    }
    parts.push(el("p", { className: "summary", text: brief.summary }));
    parts.push(el("ul", { className: "positions" }, brief.positions.map((p) =>
      el("li", { className: "position" },
        el("h3", { text: p.term }),
        el("p", {}, el("span", { className: "label", text: "Priority: " }), percent(p.share) + " of what you care about ",
          el("meter", { min: "0", max: "1", value: String(p.share), "aria-label": p.term + " priority" })),
        el("p", {}, el("span", { className: "label", text: "Ideally: " }), p.ideal),
        el("p", {}, el("span", { className: "label", text: "You could accept: " }), p.acceptable),
        p.red_lines.length
          ? el("ul", { className: "red-lines", "aria-label": "Red lines on " + p.term },
              p.red_lines.map((r) => el("li", {}, el("span", { className: "label", text: "Red line: " }), r)))
          : null))));
    fill(this.briefPanel.body, parts);
  }

  renderTranscript(first) {
    if (!this.message) return;
    const items = this.publicView.lines || [];
    const nodes = items.map(line);
    if (this.newestFirst) nodes.reverse();
    fill(this.lines, nodes);
    const last = items.length ? items[items.length - 1] : null;
    const lastKey = last ? last.move + ":" + last.text : null;
    if (first === false && lastKey !== this.lastMove) {
      const start = items.findIndex((i) => i.move + ":" + i.text === this.lastMove);
      const fresh = items.slice(start + 1).slice(-3);
      for (const item of fresh) announce(item.kind === "inject" ? "Inject: " + item.text : item.text);
    }
    if (first !== undefined) this.lastMove = lastKey;
  }

  // --- making moves -------------------------------------------------------------------

  key(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !this.message) return;
    const target = event.target;
    if (target && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) {
      if (event.key === "Escape" && this.open) this.closeForm(true);
      return;
    }
    if (event.key === "Escape" && this.open) {
      this.closeForm(true);
      return;
    }
    for (const m of this.message.may) {
      if (MOVES[m.kind] && MOVES[m.kind][1] === event.key) {
        event.preventDefault();
        this.choose(m.kind);
        return;
      }
    }
  }

  choose(kind) {
    if (!this.mayDo(kind)) return;
    if (FORMS.has(kind)) {
      this.openForm(kind);
    } else {
      this.send({ kind });
    }
  }

  send(move) {
    const sent = this.connection.send({ type: "move", seen: this.message.moves, move });
    this.moveStatus.textContent = sent ? "Sending\u2026" : "Not connected: the move was not sent. Joining again\u2026";
  }

  closeForm(refocus) {
    const kind = this.open;
    this.open = null;
    this.previewKey = null;
    fill(this.formSlot);
    this.renderButtons();
    if (refocus && kind) {
      const button = this.buttons.querySelector('[data-kind="' + kind + '"]');
      if (button) button.focus();
    }
  }

  openForm(kind) {
    this.open = kind;
    this.renderButtons();
    const form = kind === "propose" || kind === "amend" ? this.packageForm(kind)
      : kind === "concede" ? this.concedeForm()
      : kind === "statement" ? this.statementForm()
      : this.walkOutForm();
    fill(this.formSlot, form);
    const first = form.querySelector("select, textarea, input, button");
    if (first) first.focus();
  }

  formShell(title, fields, submitWords, onSubmit) {
    const cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
    cancel.addEventListener("click", () => this.closeForm(true));
    const form = el("form", { className: "move-form", "aria-labelledby": "form-title" },
      el("h3", { id: "form-title", text: title }), fields,
      el("div", { className: "form-buttons" }, el("button", { type: "submit", text: submitWords }), cancel));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSubmit(form);
    });
    return form;
  }

  packageForm(kind) {
    const may = this.mayDo(kind);
    const pub = this.publicView;
    const byId = new Map(pub.terms.map((t) => [t.id, t]));
    this.base = {};
    const rows = may.terms.map((id) => {
      const term = this.choices.get(id);
      const now = byId.get(id);
      const base = kind === "amend" && now.proposed !== null ? now.proposed : now.text;
      this.base[id] = base;
      const select = el("select", { id: "term-" + id, name: id },
        term.choices.map((c, i) => el("option", { value: String(i), selected: c.label === base, text: c.label })));
      select.addEventListener("change", () => this.askPreview());
      return el("div", { className: "field" }, el("label", { for: "term-" + id, text: term.name }), select);
    });
    const output = el("output", { id: "preview", className: "preview", "aria-live": "polite", for: may.terms.map((id) => "term-" + id).join(" ") });
    const form = this.formShell(kind === "amend" ? "Amend the motion" : "Table a proposal",
      [el("p", { className: "hint", text: "Choose a text for each term you want to change. The preview shows your own satisfaction; nobody else sees it." }), rows, output],
      "Table it", () => {
        const values = this.chosenValues(true);
        if (Object.keys(values).length === 0) {
          this.moveStatus.textContent = "Change at least one term's text first.";
          return;
        }
        this.send({ kind, values });
      });
    setTimeout(() => this.askPreview(), 0);
    return form;
  }

  chosenValues(changedOnly) {
    const values = {};
    const may = this.mayDo(this.open);
    if (!may) return values;
    for (const id of may.terms) {
      const select = document.getElementById("term-" + id);
      if (!select) continue;
      const choice = this.choices.get(id).choices[Number(select.value)];
      if (!changedOnly || choice.label !== this.base[id]) values[id] = choice.value;
    }
    return values;
  }

  changedCount() {
    return Object.keys(this.chosenValues(true)).length;
  }

  askPreview() {
    const values = this.chosenValues(false);
    this.previewKey = JSON.stringify(values);
    this.connection.send({ type: "preview", values });
  }

  concedeForm() {
    const may = this.mayDo("concede");
    const termSelect = el("select", { id: "concede-term" },
      may.terms.map((id) => el("option", { value: id, text: this.choices.get(id).name })));
    const toSelect = el("select", { id: "concede-to" });
    const fillTo = () => {
      const term = this.choices.get(termSelect.value);
      fill(toSelect, term.choices.map((c, i) => el("option", { value: String(i), text: c.label })));
    };
    termSelect.addEventListener("change", fillTo);
    fillTo();
    return this.formShell("Concede: move your public stance", [
      el("div", { className: "field" }, el("label", { for: "concede-term", text: "Term" }), termSelect),
      el("div", { className: "field" }, el("label", { for: "concede-to", text: "Your new stance" }), toSelect),
    ], "Concede", () => {
      const term = this.choices.get(termSelect.value);
      this.send({ kind: "concede", term: term.id, to: term.choices[Number(toSelect.value)].value });
    });
  }

  statementForm() {
    const box = el("textarea", { id: "statement-text", rows: "4", maxlength: "1500" });
    return this.formShell("Make a statement", [
      el("div", { className: "field" }, el("label", { for: "statement-text", text: "What does your delegation say?" }), box),
    ], "Say it", () => {
      const text = box.value.trim();
      if (!text) {
        this.moveStatus.textContent = "Write what your delegation says first.";
        return;
      }
      this.send({ kind: "statement", text });
    });
  }

  walkOutForm() {
    return this.formShell("Walk out of the room?", [
      el("p", { text: "Your delegation leaves the room; it may return on a later turn." }),
    ], "Walk out", () => this.send({ kind: "walk_out" }));
  }
}
