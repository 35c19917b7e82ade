// One WebSocket to the server this page came from, speaking docs/protocol.md: it says
// hello with the code, hands every message to the screen, and joins again by itself
// after a dropped connection or a server restart (50 ms, then twice as long, up to 2 s).
// Shared by every page (seat, projector, and any page added later).
//
// The server sends a table's view whole once, then only what changed ("view_delta",
// protocol 1.3): the view is put together again here, so that a screen is only ever
// handed whole "view" messages. A message that cannot be read is told to the screen as
// a notice in plain words (and a view that cannot be put together makes it join again,
// for whole views).

export const PROTOCOL = "1.3";

// The value at `path` in `node` replaced by `change(value)`: only the objects and arrays
// on the way are copied, so a view a screen holds never changes under it.
function replaced(node, path, change) {
  if (path.length === 0) return change(node);
  const [key, ...rest] = path;
  return withValue(node, key, replaced(valueAt(node, key), rest, change));
}

function isObject(node) {
  return node !== null && typeof node === "object" && !Array.isArray(node);
}

function valueAt(node, key) {
  if (isObject(node) && typeof key === "string" && Object.hasOwn(node, key)) return node[key];
  if (Array.isArray(node) && Number.isInteger(key) && key >= 0 && key < node.length) return node[key];
  throw new Error("no " + JSON.stringify(key) + " there");
}

function withValue(node, key, value) {
  if (isObject(node) && typeof key === "string") return { ...node, [key]: value };
  if (Array.isArray(node) && Number.isInteger(key) && key >= 0 && key < node.length) {
    const copy = node.slice();
    copy[key] = value;
    return copy;
  }
  throw new Error("no " + JSON.stringify(key) + " to set");
}

function withoutKey(node, key) {
  if (!isObject(node) || typeof key !== "string" || !Object.hasOwn(node, key)) {
    throw new Error("no " + JSON.stringify(key) + " to drop");
  }
  const copy = { ...node };
  delete copy[key];
  return copy;
}

// `view` with the changes of a view_delta made (src/simulator/net/deltas.py, the same rules).
export function applied(view, changes) {
  changes.forEach((change, index) => {
    try {
      const path = change.path;
      if (!Array.isArray(path)) throw new Error("its path is not a list");
      if (change.op === "splice") {
        const { at, remove, add } = change;
        if (!Number.isInteger(at) || !Number.isInteger(remove) || !Array.isArray(add)) {
          throw new Error("a splice needs at, remove and add");
        }
        view = replaced(view, path, (items) => {
          if (!Array.isArray(items) || at < 0 || remove < 0 || at + remove > items.length) {
            throw new Error("no items " + at + " to " + (at + remove));
          }
          return [...items.slice(0, at), ...add, ...items.slice(at + remove)];
        });
      } else if (path.length === 0) {
        if (change.op !== "set") throw new Error("only a set may change the whole view");
        view = change.value;
      } else if (change.op === "set") {
        view = replaced(view, path.slice(0, -1), (node) => withValue(node, path[path.length - 1], change.value));
      } else if (change.op === "drop") {
        view = replaced(view, path.slice(0, -1), (node) => withoutKey(node, path[path.length - 1]));
      } else {
        throw new Error("no change " + JSON.stringify(change.op));
      }
    } catch (error) {
      throw new Error("change " + (index + 1) + " of " + changes.length + " does not fit: " + error.message);
    }
  });
  return view;
}

export class Connection {
  constructor(code, handlers) {
    this.code = code;
    this.handlers = handlers; // {message(msg), state(word, detail)}
    this.socket = null;
    this.delay = 50;
    this.joined = false; // a welcome has come on some connection
    this.welcomed = null; // the socket the last welcome came on
    this.finished = false; // bye, or a code refused: never join again
    this.views = new Map(); // each table's latest view message, for the next view_delta
  }

  // Tell the screen that a message from the server could not be read.
  unreadable(problem) {
    this.handlers.message({
      type: "notice",
      table: null,
      text: "A message from the server could not be read (" + problem + "); the screen may be out of date. If it stays so, reload the page.",
    });
  }

  open() {
    if (this.finished) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/");
    this.socket = socket;
    this.views = new Map(); // a new connection starts from whole views
    this.handlers.state(this.joined ? "rejoining" : "joining");
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "hello", protocol: PROTOCOL, code: this.code }));
    });
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      if (this.socket !== socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        this.unreadable("it is not JSON");
        return;
      }
      if (!message || typeof message.type !== "string") {
        this.unreadable("it has no type");
        return;
      }
      if (message.type === "view_delta") {
        const base = this.views.get(message.table);
        try {
          if (!base) throw new Error("changes came for table " + message.table + " before its view");
          if (!Array.isArray(message.changes)) throw new Error("its changes are not a list");
          message = applied(base, message.changes);
        } catch (error) {
          this.unreadable(error.message + "; joining again for the whole view");
          socket.close();
          return;
        }
      }
      if (message.type === "view") {
        this.views.set(message.table, message);
      } else if (message.type === "welcome") {
        if (String(message.protocol).split(".")[0] !== PROTOCOL.split(".")[0]) {
          this.finish("version", "This page speaks protocol " + PROTOCOL + "; the server speaks " + message.protocol + ". Reload the page.");
          return;
        }
        this.joined = true;
        this.welcomed = socket;
        this.delay = 50;
        this.handlers.state("joined");
      } else if (message.type === "bye") {
        this.finish("bye", message.reason);
      } else if (message.type === "error" && this.welcomed !== socket &&
                 ["bad_code", "version", "too_many"].includes(message.error)) {
        this.finish(message.error, message.message);
      }
      this.handlers.message(message);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket || this.finished) return;
      this.socket = null;
      this.handlers.state("rejoining");
      const wait = this.delay;
      this.delay = Math.min(2000, this.delay * 2);
      setTimeout(() => this.open(), wait);
    });
  }

  finish(reason, detail) {
    this.finished = true;
    this.handlers.state("finished", detail || reason);
    if (this.socket) this.socket.close();
  }

  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }
}
