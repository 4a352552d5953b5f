// Shows and hides questionnaire questions that have a `show_if` condition
// as the respondent answers.
//
// Each conditional question's container carries `data-show-if`: JSON with
// the controlling question's id (`question`), its answer field's name
// (`field`) and one operator (`equals`, `in`, `answered`, `at_most`,
// `at_least`), as rendered by templates/questionnaire/_fields.html.
//
// Progressive enhancement: without JavaScript every question is shown with a
// note saying when to answer it, and the server drops the answers to hidden
// questions either way. Load as a module from a static file (strict CSP):
//   <script type="module" src="/static/js/show-if.js"></script>

const CONTAINER = "[data-show-if]";
const NOTE = ".app-show-if__note";
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const started = new WeakSet();

function parseCondition(container) {
  try {
    const condition = JSON.parse(container.getAttribute("data-show-if") || "");
    return condition && typeof condition.field === "string" ? condition : null;
  } catch {
    return null;
  }
}

function controlsNamed(root, name) {
  return Array.from(document.getElementsByName(name)).filter((el) => root.contains(el));
}

// The controlling question's current answer: a string, a list (checkboxes),
// or undefined when its field is not on this page (the server decided).
function readValue(root, name) {
  const inputs = controlsNamed(root, name);
  if (inputs.length === 0) {
    const parts = ["day", "month", "year"].map((part) => controlsNamed(root, `${name}-${part}`)[0]);
    if (parts.some((part) => !part)) {
      return undefined;
    }
    const typed = parts.map((part) => part.value.trim());
    return typed.every(Boolean) ? typed.join("-") : "";
  }
  const first = inputs[0];
  if (first.type === "radio") {
    const checked = inputs.find((input) => input.checked);
    return checked ? checked.value : "";
  }
  if (first.type === "checkbox") {
    return inputs.filter((input) => input.checked).map((input) => input.value);
  }
  return (first.value || "").trim();
}

function toNumber(value) {
  const text = String(value).replace(/[,\s]/g, "");
  return NUMBER.test(text) ? Number(text) : null;
}

function same(expected, actual) {
  if (typeof expected === "number") {
    return toNumber(actual) === expected;
  }
  return String(expected) === String(actual);
}

function isAnswered(value) {
  return !(value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0));
}

// Mirrors Condition.holds in forms/format/definition.py.
export function holds(condition, value) {
  const answered = isAnswered(value);
  if ("answered" in condition) {
    return answered === Boolean(condition.answered);
  }
  if (!answered) {
    return false;
  }
  const values = Array.isArray(value) ? value : [value];
  if ("equals" in condition) {
    return values.some((v) => same(condition.equals, v));
  }
  if ("in" in condition) {
    return condition.in.some((expected) => values.some((v) => same(expected, v)));
  }
  const number = toNumber(value);
  if (number === null) {
    return false;
  }
  if ("at_most" in condition) {
    return number <= condition.at_most;
  }
  if ("at_least" in condition) {
    return number >= condition.at_least;
  }
  return true;
}

function controllerHidden(root, questionId) {
  for (const el of root.querySelectorAll("[data-question-id]")) {
    if (el.getAttribute("data-question-id") === questionId) {
      return el.hidden;
    }
  }
  return false;
}

// Containers are visited in document order and conditions only name earlier
// questions, so a question whose controller was just hidden is hidden too.
export function update(root = document) {
  for (const container of root.querySelectorAll(CONTAINER)) {
    const condition = parseCondition(container);
    if (!condition) {
      continue;
    }
    const value = readValue(root, condition.field);
    if (value === undefined) {
      continue;
    }
    const show = !controllerHidden(root, condition.question) && holds(condition, value);
    container.hidden = !show;
    container.querySelectorAll(NOTE).forEach((note) => {
      note.hidden = true;
    });
  }
}

export function initShowIf(root = document) {
  if (started.has(root) || !root.querySelector(CONTAINER)) {
    return;
  }
  started.add(root);
  update(root);
  root.addEventListener("change", () => update(root));
  root.addEventListener("input", () => update(root));
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => initShowIf(document));
  } else {
    initShowIf(document);
  }
}
