// The projector's screen: the public view of one table or of every table, in large type.
// It is sent the public view alone, so it holds no delegation's private number.

import { draft, el, fill, line, motion, parties, phaseLine, section } from "./render.js";

export class ProjectorScreen {
  constructor(stage, connection, welcome, note) {
    this.tables = welcome.tables;
    this.messages = {};
    this.showing = this.tables.length > 1 ? "*" : this.tables[0];
    document.title = "Projector \u2014 negotiation";
    document.body.classList.add("projector-page");
    this.heading = el("h1", { id: "projector-title", text: "The negotiation" });
    this.nav = el("nav", { className: "tables-nav", "aria-label": "Tables" });
    this.boards = el("div", { className: "boards" });
    fill(stage, el("div", { className: "projector-head" }, this.heading, note || null, this.nav), this.boards);
    this.renderNav();
  }

  renderNav() {
    if (this.tables.length < 2) {
      fill(this.nav);
      return;
    }
    const choices = [["*", "All tables"], ...this.tables.map((t) => [t, "Table " + t])];
    fill(this.nav, choices.map(([id, words]) => {
      const button = el("button", { type: "button", className: "small", "aria-pressed": String(this.showing === id), text: words });
      button.addEventListener("click", () => {
        this.showing = id;
        this.renderNav();
        this.render();
      });
      return button;
    }));
  }

  update(message) {
    this.messages[message.table] = message;
    this.render();
  }

  render() {
    const shown = this.showing === "*" ? this.tables : [this.showing];
    this.boards.dataset.count = String(shown.length);
    const first = this.messages[shown[0]];
    if (first) this.heading.textContent = (first.view.public || first.view).title;
    fill(this.boards, shown.filter((t) => this.messages[t]).map((t) => this.board(this.messages[t], shown.length > 1)));
  }

  board(message, compact) {
    const pub = message.view.public || message.view;
    const id = "table-" + message.table;
    const part = section(id, "Table " + message.table);
    let floor;
    if (pub.outcome !== null) floor = pub.outcome;
    else if (pub.vote && pub.vote.waiting_for.length) floor = "Voting on " + pub.vote.on + ": " + pub.vote.waiting_for[0] + " to vote.";
    else floor = pub.holder ? pub.holder + " holds the floor." : "";
    if (message.status.paused && pub.outcome === null) floor += " Paused.";
    const recent = (pub.lines || []).slice(compact ? -4 : -8).map(line).reverse();
    const motionPart = section(id + "-motion", "The motion", 3);
    fill(motionPart.body, motion(pub));
    const draftPart = section(id + "-draft", "The draft", 3);
    fill(draftPart.body, draft(pub));
    const roomPart = section(id + "-room", "At the table", 3);
    fill(roomPart.body, parties(pub, message.status));
    const linesPart = section(id + "-lines", "Latest", 3);
    fill(linesPart.body, recent.length
      ? el("ol", { className: "transcript" }, recent)
      : el("p", { className: "quiet", text: "Nothing has happened yet." }));
    fill(part.body,
      el("p", { className: "subtitle", text: phaseLine(pub) }),
      el("p", { className: "turn", text: floor }),
      el("div", { className: "board-grid" },
        el("div", { className: "board-side" }, motionPart.node, roomPart.node, linesPart.node), draftPart.node));
    part.node.classList.add("board");
    return part.node;
  }
}
