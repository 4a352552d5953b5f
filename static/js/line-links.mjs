// Links to a line of a textarea (`<a href="#text" data-line="12">`): following one puts the
// caret at the start of that line and scrolls the line into view. Without this file the
// link still goes to the textarea. Listens on the document, so it runs after the GOV.UK
// error summary has moved focus to the textarea.

function lineStart(text, line) {
  let at = 0;
  for (let n = 1; n < line; n += 1) {
    const next = text.indexOf("\n", at);
    if (next === -1) return text.length;
    at = next + 1;
  }
  return at;
}

function goToLine(textarea, line) {
  const at = lineStart(textarea.value, line);
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(at, at);
  const height = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 3) * height);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-line]");
  if (!link) return;
  const id = (link.getAttribute("href") || "").replace(/^#/, "");
  const textarea = document.getElementById(id);
  const line = parseInt(link.dataset.line, 10);
  if (!textarea || textarea.tagName !== "TEXTAREA" || !(line > 0)) return;
  event.preventDefault();
  goToLine(textarea, line);
});
