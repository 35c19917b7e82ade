// One WebSocket to the server this page came from, speaking docs/protocol.md: it says
// hello with the code, hands every message to the screen, and joins again by itself
// after a dropped connection or a server restart (50 ms, then twice as long, up to 2 s).
// Shared by every page (seat, projector, and any page added later).

export const PROTOCOL = "1.2";

export class Connection {
  constructor(code, handlers) {
    this.code = code;
    this.handlers = handlers; // {message(msg), state(word, detail)}
    this.socket = null;
    this.delay = 50;
    this.joined = false; // a welcome has come on some connection
    this.welcomed = null; // the socket the last welcome came on
    this.finished = false; // bye, or a code refused: never join again
  }

  open() {
    if (this.finished) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/");
    this.socket = socket;
    this.handlers.state(this.joined ? "rejoining" : "joining");
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "hello", protocol: PROTOCOL, code: this.code }));
    });
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!message || typeof message.type !== "string") return;
      if (message.type === "welcome") {
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
