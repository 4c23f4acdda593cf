"use client";

// Code a page needs only once someone works with it (form checks, dialogs) is fetched at the first
// focus or pointer press anywhere on the page, not with the page: first visits stay light, and the
// code is there well before the first submit or dialog.
const tasks = new Set<() => void>();
let armed = false;

function runAll() {
  window.removeEventListener("focusin", runAll, true);
  window.removeEventListener("pointerdown", runAll, true);
  window.removeEventListener("keydown", runAll, true);
  armed = false;
  const due = [...tasks];
  tasks.clear();
  for (const task of due) task();
}

/** Runs `task` at the next focus, pointer press or key press on the page (once; a key press counts for an autofocused field). */
export function onFirstInteraction(task: () => void): void {
  if (typeof window === "undefined") return;
  tasks.add(task);
  if (armed) return;
  armed = true;
  window.addEventListener("focusin", runAll, true);
  window.addEventListener("pointerdown", runAll, true);
  window.addEventListener("keydown", runAll, true);
}
