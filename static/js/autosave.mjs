// Autosave for a questionnaire section: progressive enhancement only.
//
// A form with `data-autosave-url` is posted (fetch, the whole form: its CSRF
// token and the `revision` it started from included) a few seconds after the
// last change. The server answers with JSON: the new revision (written back
// into the form, so the next save starts from it), the ids of newly saved
// gaps (written into their hidden fields, so they are updated rather than
// added again), and a message that is announced in the form's status region
// ("Saved at 14:03"). Nothing is kept in browser storage.
//
// A real submit (the buttons) waits for an autosave in flight, so it carries
// the latest revision. When the session has ended, or somebody else changed
// the same answers, autosave stops and says so; the buttons still work.

const DELAY_MS = 3000;
const RETRY_MS = 15000;

class Autosave {
  constructor(form) {
    this.form = form;
    this.url = form.getAttribute("data-autosave-url");
    this.status = form.querySelector("[role=status]");
    this.revision = form.querySelector("[data-revision]");
    this.timer = null;
    this.inFlight = null;
    this.dirty = false;
    this.stopped = false;
  }

  start() {
    const changed = () => this.changed();
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    // MOJ "add another" removes items without an input event.
    this.form.addEventListener("click", (event) => {
      if (event.target.closest(".moj-add-another__remove-button")) {
        window.setTimeout(changed, 0);
      }
    });
    this.form.addEventListener("submit", (event) => this.beforeSubmit(event));
    document.addEventListener("app:timeout", (event) => this.onTimeout(event));
    window.addEventListener("pagehide", () => this.saveOnLeaving());
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) window.location.reload(); // back from the cache: fetch the saved state
    });
  }

  changed() {
    if (this.stopped) return;
    this.dirty = true;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.save(), DELAY_MS);
  }

  async save() {
    if (this.inFlight) await this.inFlight;
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  async send() {
    let response;
    let data = {};
    try {
      response = await fetch(this.url, {
        method: "POST",
        body: new FormData(this.form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      data = await response.json();
    } catch {
      if (response && response.redirected) return this.signedOut({});
      return this.retry("Not saved yet: the connection failed. Trying again shortly.");
    }
    if (response.ok && data.revision !== null && data.revision !== undefined) {
      return this.saved(data);
    }
    return this.failed(data);
  }

  saved(data) {
    this.revision.value = String(data.revision);
    for (const [name, id] of Object.entries(data.gap_ids || {})) {
      const field = this.form.elements.namedItem(name);
      if (field && !field.value) field.value = id;
    }
    if (data.status !== "unchanged") this.say(data.message);
    document.dispatchEvent(new CustomEvent("app:activity"));
  }

  failed(data) {
    if (data.status === "signed_out") return this.signedOut(data);
    if (data.status === "conflict") {
      return this.stop("Not saved: someone else has changed these answers. Choose “Save draft” to compare their answers with yours.");
    }
    if (data.status === "invalid_token" || data.status === "refused") {
      return this.stop(data.message || "Not saved. Choose “Save draft” to save your answers.");
    }
    return this.retry("Not saved, try again: something went wrong. Trying again shortly.");
  }

  signedOut(data) {
    this.stopped = true;
    this.say(data.message || "You have been signed out, so your latest changes were not saved.");
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = data.sign_in || window.location.href;
    link.textContent = "Sign in to save them";
    this.status.append(" ", link);
  }

  stop(message) {
    this.stopped = true;
    this.say(message);
  }

  retry(message) {
    this.dirty = true;
    this.say(message);
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.save(), RETRY_MS);
  }

  say(message) {
    if (this.status && message) this.status.textContent = message;
  }

  beforeSubmit(event) {
    window.clearTimeout(this.timer);
    if (this.inFlight) {
      // Let the autosave finish first, so this submit carries the revision it produced.
      event.preventDefault();
      const submitter = event.submitter;
      this.inFlight.then(() => this.form.requestSubmit(submitter || undefined));
      return;
    }
    this.stopped = true;
    this.dirty = false;
  }

  onTimeout(event) {
    if (!this.dirty || this.stopped) return;
    // About to be signed out with changes not yet saved: post them the ordinary way.
    // If the session has already ended, the server keeps them until the user signs in.
    event.preventDefault();
    const save = this.form.querySelector("button[name=action][value=save]");
    this.form.requestSubmit(save || undefined);
  }

  saveOnLeaving() {
    if (!this.dirty || this.stopped || !navigator.sendBeacon) return;
    this.dirty = false;
    navigator.sendBeacon(this.url, new FormData(this.form));
  }
}

for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  new Autosave(form).start();
}
