// The landing page: a code from the link (its fragment, which never leaves the browser in
// a request) or typed in; then the screen the code's role is given. The connection state
// is always shown ("joining…", "joined", "joining again…").

import { Connection } from "./connection.js";
import { el, fill } from "./render.js";
import { ConsoleScreen } from "./console.js";
import { ProjectorScreen } from "./projector.js";
import { SeatScreen } from "./seat.js";

const landing = document.getElementById("landing");
const stage = document.getElementById("stage");
const form = document.getElementById("join-form");
const input = document.getElementById("code");
const problem = document.getElementById("join-problem");
const linkState = document.getElementById("link-state");
const button = document.getElementById("join-button");

let connection = null;
let screen = null;
let joinedAs = null;

const STATES = {
  joining: "Joining\u2026",
  joined: "Connected",
  rejoining: "Connection lost: joining again\u2026",
};

function codeFromLink() {
  const fragment = decodeURIComponent(location.hash.replace(/^#/, ""));
  const code = fragment.startsWith("code=") ? fragment.slice(5) : fragment;
  return /^[A-Za-z0-9 -]{4,40}$/.test(code) ? code : "";
}

function showLanding(words) {
  stage.hidden = true;
  landing.hidden = false;
  button.disabled = false;
  problem.textContent = words || "";
  document.title = "Join the negotiation";
  if (words) input.focus();
}

function setState(state, detail) {
  linkState.dataset.state = state;
  if (state === "finished") {
    linkState.textContent = "Not connected";
    if (screen === null) showLanding(detail);
    else {
      stage.prepend(el("p", { className: "problem", role: "alert", text: "Disconnected: " + detail + " Reload the page to join again." }));
    }
    return;
  }
  linkState.textContent = STATES[state] || state;
}

function welcome(message) {
  const who = message.role + ":" + (message.table || "") + ":" + (message.seat || "");
  if (screen !== null && joinedAs === who) return; // joined again after a drop: same screen
  joinedAs = who;
  landing.hidden = true;
  stage.hidden = false;
  fill(stage);
  if (message.role === "seat") {
    screen = new SeatScreen(stage, connection, message);
  } else if (message.role === "chair") {
    screen = new ConsoleScreen(stage, connection, message);
  } else {
    screen = new ProjectorScreen(stage, connection, message, null);
  }
  document.getElementById("main").focus();
}

function received(message) {
  switch (message.type) {
    case "welcome":
      welcome(message);
      break;
    case "view":
      if (screen) screen.update(message);
      break;
    case "ack":
      if (screen && screen.ack) screen.ack(message);
      break;
    case "preview":
      if (screen && screen.preview) screen.preview(message);
      break;
    case "codes":
      if (screen && screen.setCodes) screen.setCodes(message);
      break;
    case "suggestion":
      if (screen && screen.suggestion) screen.suggestion(message);
      break;
    case "notice":
      if (screen && screen.notice) screen.notice(message);
      break;
    case "error":
      if (screen === null) problem.textContent = message.message;
      else if (screen.refused) screen.refused(message);
      break;
    default:
      break;
  }
}

function join(code) {
  if (connection) connection.finish("left", "");
  screen = null;
  joinedAs = null;
  problem.textContent = "";
  button.disabled = true;
  connection = new Connection(code, { message: received, state: setState });
  connection.open();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = input.value.trim();
  if (!/^[A-Za-z0-9 -]{4,40}$/.test(code)) {
    problem.textContent = "A join code has ten letters and digits, like k7mqx-3hr9t.";
    input.focus();
    return;
  }
  history.replaceState(null, "", "#" + code);
  join(code);
});

// Another link opened in the same tab changes only the fragment: join with its code.
window.addEventListener("hashchange", () => {
  const code = codeFromLink();
  if (code && (!connection || code !== connection.code)) location.reload();
});

const linked = codeFromLink();
if (linked) {
  input.value = linked;
  join(linked);
}
