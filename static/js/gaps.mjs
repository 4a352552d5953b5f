// Identified gaps with MOJ "add another": progressive enhancement only.
//
// The server marks each gap item (templates/questionnaire/_fields.html):
// - data-gap-carried: a gap carried from an earlier round. It can only be
//   closed, never removed, so it has no Remove button. MOJ Frontend gives the
//   first item one whenever there are several; this takes it away again.
// - data-gap-new: a gap first identified in this response and already saved.
//   It can be removed even when it is the only one (MOJ Frontend removes the
//   button of a lone item); removing it deletes it on the next save.
// A gap added in the page is new: it is a copy of the first item, so it loses
// the first item's marks and its status, update and closing note fields, and
// every field starts empty. MOJ Frontend clears the values it copies, but a
// clone takes a select's choice from the markup (the saved area's "selected"
// option), so the new gap would get the first gap's area: clear it here.

const ITEM = ".moj-add-another__item";
const REMOVE = "moj-add-another__remove-button";

function removeButton(item) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `govuk-button govuk-button--secondary ${REMOVE}`;
  const legend = item.querySelector("legend");
  button.textContent = `Remove ${legend ? legend.textContent.trim().toLowerCase() : "gap"}`;
  return button;
}

function tidy(list) {
  for (const item of list.querySelectorAll(ITEM)) {
    if (item.hasAttribute("data-gap-carried")) {
      for (const button of item.querySelectorAll(`.${REMOVE}`)) button.remove();
    } else if (item.hasAttribute("data-gap-new") && !item.querySelector(`.${REMOVE}`)) {
      const container = item.querySelector(".moj-add-another__remove-button-container");
      (container || item).append(removeButton(item));
    }
  }
}

function empty(item) {
  for (const select of item.querySelectorAll("select")) {
    for (const option of select.options) option.removeAttribute("selected");
    const blank = Array.from(select.options).find((option) => option.value === "");
    select.selectedIndex = blank ? blank.index : -1;
  }
  for (const field of item.querySelectorAll("input, textarea")) {
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = false;
      field.removeAttribute("checked");
    } else if (field.type !== "button" && field.type !== "submit") {
      field.value = "";
      field.defaultValue = "";
    }
  }
}

function onAdded(event) {
  const item = event.target.closest(ITEM);
  if (!item) return;
  item.removeAttribute("data-gap-carried");
  item.removeAttribute("data-gap-new");
  for (const part of item.querySelectorAll(".app-gaps__carried-only")) part.remove();
  empty(item);
  tidy(item.closest(".app-gaps"));
}

for (const list of document.querySelectorAll(".app-gaps[data-module='moj-add-another']")) {
  tidy(list);
  list.addEventListener("moj-add-another:add-item", onAdded);
  list.addEventListener("moj-add-another:remove-item", () => tidy(list));
}
