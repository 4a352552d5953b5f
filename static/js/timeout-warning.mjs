// Warns before the idle timeout signs the user out, with a one-click
// "Stay signed in" (WCAG 2.2.1), on every signed-in page. Progressive
// enhancement: the dialog markup is a closed <dialog> (templates/_timeout_warning.html,
// included by base.html), invisible and inert without JavaScript.
//
// The server signs a session out after `data-idle-seconds` without a request.
// Every request resets that clock, including autosaves (which announce
// themselves with an "app:activity" event). `data-warn-seconds` before the
// end, a modal dialog opens with focus on "Stay signed in"; Escape also
// stays. Staying posts to the keep-alive address. When the time runs out the
// page fires "app:timeout" (autosave posts any unsaved changes the ordinary
// way, so the server can keep them) or else asks for this page again (a GET,
// even when the page answered a POST), which leads to the sign-in page, with a
// message, and back here.

const ANNOUNCE_AT = [120, 60, 30, 10];

function spoken(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

function samePageAgain() {
  // Without the fragment: assigning the same address with a fragment would only scroll.
  const url = new URL(window.location.href);
  url.hash = "";
  return url.href;
}

class TimeoutWarning {
  constructor(dialog) {
    this.dialog = dialog;
    this.idleMs = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
    this.warnMs = Number(dialog.getAttribute("data-warn-seconds")) * 1000;
    this.url = dialog.getAttribute("data-keep-alive-url");
    this.token = dialog.getAttribute("data-csrf-token");
    this.countdown = dialog.querySelector("[data-timeout-countdown]");
    this.announcer = dialog.querySelector("[data-timeout-announce]");
    this.stay = dialog.querySelector("[data-timeout-stay]");
    this.timer = null;
    this.ticker = null;
    this.announced = new Set();
  }

  start() {
    if (!(this.idleMs > 0)) return;
    this.stay.addEventListener("click", () => this.keepAlive());
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault(); // Escape means "stay signed in", not "ignore"
      this.keepAlive();
    });
    document.addEventListener("app:activity", () => this.restart());
    this.restart();
  }

  restart() {
    if (this.dialog.open) this.close();
    this.deadline = Date.now() + this.idleMs;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.open(), Math.max(0, this.idleMs - this.warnMs));
  }

  open() {
    this.returnFocus = document.activeElement;
    this.announced.clear();
    this.dialog.showModal();
    this.stay.focus();
    this.tick();
    this.ticker = window.setInterval(() => this.tick(), 1000);
  }

  tick() {
    const seconds = Math.max(0, Math.round((this.deadline - Date.now()) / 1000));
    this.countdown.textContent = spoken(seconds);
    const due = ANNOUNCE_AT.find((mark) => seconds <= mark && !this.announced.has(mark));
    if (due !== undefined) {
      // Every mark already reached counts as said (a short warning starts below several).
      ANNOUNCE_AT.filter((mark) => mark >= seconds).forEach((mark) => this.announced.add(mark));
      this.announcer.textContent = `You will be signed out in ${spoken(seconds)}.`;
    }
    if (seconds <= 0) this.expire();
  }

  close() {
    window.clearInterval(this.ticker);
    this.dialog.close();
    this.announcer.textContent = "";
    if (this.returnFocus && document.contains(this.returnFocus)) this.returnFocus.focus();
  }

  async keepAlive() {
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": this.token },
        credentials: "same-origin",
      });
      if (response.ok && !response.redirected) {
        this.restart();
        return;
      }
    } catch {
      // fall through: we could not reach the server
    }
    this.expire();
  }

  expire() {
    window.clearInterval(this.ticker);
    window.clearTimeout(this.timer);
    const event = new CustomEvent("app:timeout", { cancelable: true });
    if (document.dispatchEvent(event)) window.location.assign(samePageAgain());
  }
}

const dialog = document.getElementById("timeout-warning");
if (dialog && typeof dialog.showModal === "function") {
  new TimeoutWarning(dialog).start();
}
