// Building the page from what the server sends. Every text goes in as text (never as
// markup), so nothing a scenario, a statement or a name says can become part of the page.
// The public parts of a table (the draft, the motion, the delegations, the transcript)
// are drawn here, the same way for a seat and for the projector.

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function section(id, title, level = 2) {
  const heading = el("h" + level, { id: id + "-title", text: title });
  const body = el("div", { className: "section-body" });
  const node = el("section", { id, className: "panel", "aria-labelledby": id + "-title" }, heading, body);
  return { node, heading, body };
}

// A link to a part of the page that moves the focus there without touching the address's
// fragment (which holds the code, for reloading the page).
export function jump(id, words) {
  const link = el("a", { href: "#" + id + "-title", text: words });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const heading = document.getElementById(id + "-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    heading.scrollIntoView();
  });
  return link;
}

export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

export function joinNames(names) {
  if (!names || names.length === 0) return "nobody";
  if (names.length === 1) return names[0];
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

const STATUS_WORDS = { agreed: "Agreed", open: "Open", "on the agenda": "On the agenda" };
const STATUS_MARKS = { agreed: "\u2713", open: "\u25cb", "on the agenda": "\u25b6" };

// The draft, term by term: its text now, what the motion would make it, and who holds
// each public stance on it (every delegation named).
export function draft(publicView) {
  return el("ul", { className: "terms" },
    publicView.terms.map((term) =>
      el("li", { className: "term", "data-status": term.status },
        el("h3", { className: "term-name" },
          el("span", { className: "mark", "aria-hidden": "true", text: STATUS_MARKS[term.status] || "" }),
          " ", term.name, " ",
          el("span", { className: "badge", text: STATUS_WORDS[term.status] || term.status })),
        el("p", { className: "term-text" }, el("span", { className: "label", text: "Draft: " }), term.text),
        term.proposed !== null
          ? el("p", { className: "term-proposed" }, el("span", { className: "label", text: "Motion: " }), term.proposed)
          : null,
        term.stances.length
          ? el("ul", { className: "stances", "aria-label": "Public stances on " + term.name },
              term.stances.map((group) =>
                el("li", {}, el("span", { className: "stance-text", text: group.text }), " \u2014 ", joinNames(group.parties))))
          : el("p", { className: "quiet", text: "No public stances yet." }))));
}

// The motion on the floor and who stands where on it, or the vote under way.
export function motion(publicView) {
  const parts = [];
  const m = publicView.motion;
  if (m === null) {
    parts.push(el("p", { className: "quiet", text: "No motion on the floor." }));
  } else {
    parts.push(el("p", {}, el("strong", { text: m.proposer }), " proposes" +
      (m.amendments ? " (amended " + m.amendments + (m.amendments === 1 ? " time)" : " times)") : "") + ":"));
    parts.push(el("ul", { className: "motion-terms" },
      m.terms.map(([name, text]) => el("li", {}, el("span", { className: "label", text: name + ": " }), text))));
    parts.push(el("ul", { className: "standing" },
      el("li", { className: "for" }, el("span", { className: "mark", "aria-hidden": "true", text: "+" }), " For: ", joinNames(m.backing)),
      el("li", { className: "against" }, el("span", { className: "mark", "aria-hidden": "true", text: "\u2212" }), " Against: ", joinNames(m.opposing)),
      el("li", { className: "abstain" }, el("span", { className: "mark", "aria-hidden": "true", text: "=" }), " Abstaining: ", joinNames(m.abstaining))));
  }
  const v = publicView.vote;
  if (v !== null) {
    parts.push(el("p", { className: "vote" }, el("strong", { text: "Vote on " + v.on + ". " }),
      v.waiting_for.length ? "Still to vote: " + joinNames(v.waiting_for) + "." : "Every ballot is cast."));
    if (v.ballots.length) {
      parts.push(el("ul", { className: "ballots" }, v.ballots.map(([who, ballot]) => el("li", { text: who + ": " + ballot }))));
    }
  }
  return parts;
}

// The delegations at the table: here or walked out, what each declared on the motion,
// and (from the status) whether a person or the computer plays it.
export function parties(publicView, status) {
  return el("ul", { className: "parties" },
    publicView.parties.map((party) => {
      const seat = status && status.seats ? status.seats[party.id] : null;
      const notes = [];
      if (!party.in_room) notes.push("walked out");
      if (party.observer) notes.push("observer");
      if (party.declared) notes.push(party.declared);
      if (seat) notes.push(seat.player === "computer" ? "computer" : seat.connected ? "here" : "away");
      return el("li", { className: party.id === publicView.holder_id ? "party holding" : "party" },
        party.id === publicView.holder_id ? el("span", { className: "mark", "aria-hidden": "true", text: "\u25b6 " }) : null,
        el("span", { className: "party-name", text: party.name }),
        notes.length ? " (" + notes.join(", ") + ")" : "",
        party.id === publicView.holder_id ? el("span", { className: "visually-hidden", text: " holds the floor" }) : null);
    }));
}

// One transcript line: a move, what the rules did, or an inject with its prompt.
export function line(item) {
  const node = el("li", { className: "line line-" + item.kind },
    el("span", { className: "move-number", text: item.move ? "#" + item.move : "" }),
    item.kind === "inject" ? el("strong", { text: "Inject: " + item.text }) : el("span", { text: item.text }));
  if (item.kind === "inject" && item.prompt) node.append(el("p", { className: "prompt", text: item.prompt }));
  return node;
}

export function phaseLine(publicView) {
  let words = publicView.phase;
  if (publicView.round) words += " \u00b7 round " + publicView.round + " of " + publicView.round_limit;
  return words;
}

// A line that a screen reader says when it next can (new transcript lines, the floor).
export function announce(text) {
  const region = document.getElementById("announce");
  if (!region) return;
  region.append(el("p", { text }));
  while (region.childElementCount > 5) region.firstElementChild.remove();
}

export function percent(share) {
  return Math.round(share * 100) + "%";
}

// A delegation's own debrief arrives as Markdown of a few plain shapes (headings,
// paragraphs, bold, quotes, lists, tables): drawn here as elements holding text, never
// as markup. Headings start at ``level`` (the page's h1 is the delegation's name).
const ESCAPED = /\\([\\`*_{}\[\]()#+\-.!|>])/g;

function inline(text) {
  const parts = text.replace(ESCAPED, "\u0000$1").split("**");
  return parts.map((part, index) => {
    const plain = part.replace(/\u0000(.)/g, "$1");
    return index % 2 === 1 ? el("strong", { text: plain }) : plain;
  });
}

function cells(row) {
  const marked = row.replace(ESCAPED, "\u0000$1").trim().replace(/^\|/, "").replace(/\|$/, "");
  return marked.split("|").map((cell) => cell.replace(/\u0000(.)/g, "\\$1").trim());
}

function table(rows) {
  const [head, ...body] = rows.filter((row) => !/^\s*\|?\s*:?-{3,}/.test(row)).map(cells);
  return el("table", { className: "stack" },
    el("thead", {}, el("tr", {}, head.map((cell) => el("th", { scope: "col" }, inline(cell))))),
    el("tbody", {}, body.map((row) => el("tr", {},
      row.map((cell, index) => el("td", { "data-label": head[index] || "" }, inline(cell)))))));
}

export function markdown(text, level = 2) {
  const nodes = [];
  const lines = text.split("\n");
  let index = 0;
  while (index < lines.length) {
    const current = lines[index];
    const heading = /^(#{1,4})\s+(.*)$/.exec(current);
    if (!current.trim()) {
      index += 1;
    } else if (heading) {
      const depth = Math.min(6, level + heading[1].length - 1);
      nodes.push(el("h" + depth, {}, inline(heading[2])));
      index += 1;
    } else {
      const kind = current.startsWith("|") ? "table" : /^- /.test(current) ? "ul"
        : /^\d+\. /.test(current) ? "ol" : current.startsWith("> ") ? "quote" : "p";
      const block = [];
      while (index < lines.length && lines[index].trim() && !/^#{1,4}\s/.test(lines[index])) {
        const next = lines[index];
        const same = kind === "table" ? next.startsWith("|") : kind === "ul" ? /^- /.test(next)
          : kind === "ol" ? /^\d+\. /.test(next) : kind === "quote" ? next.startsWith("> ")
          : !next.startsWith("|") && !/^(- |\d+\. |> )/.test(next);
        if (!same) break;
        block.push(next);
        index += 1;
      }
      if (kind === "table") nodes.push(table(block));
      else if (kind === "ul" || kind === "ol") {
        nodes.push(el(kind, {}, block.map((item) => el("li", {}, inline(item.replace(/^(- |\d+\. )/, ""))))));
      } else if (kind === "quote") {
        nodes.push(el("blockquote", {}, el("p", {}, inline(block.map((b) => b.slice(2)).join(" ")))));
      } else nodes.push(el("p", {}, inline(block.join(" "))));
    }
  }
  return nodes;
}
