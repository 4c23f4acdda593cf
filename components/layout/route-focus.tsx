"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * After a client-side navigation, moves keyboard focus to the new page's heading (or <main>), as a
 * full page load would: otherwise focus stays on the sidebar link that was clicked, and a screen
 * reader announces nothing. The first render is left alone (the browser handles a page load).
 */
export function RouteFocus() {
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById("main");
    // A dialog that opened on the new page (a revealed secret) keeps its focus.
    if (!main || document.querySelector("[role=alertdialog],[role=dialog]")) return;
    const heading = main.querySelector<HTMLElement>("h1");
    const target = heading ?? main;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }, [pathname]);
  return null;
}
