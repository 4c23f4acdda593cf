"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/** How long to wait for the new page's heading (its loading state shows first). */
const WAIT_MS = 5000;

/**
 * After a client-side navigation, moves keyboard focus to the new page's heading (or <main>), as a
 * full page load would: otherwise focus stays on the sidebar link that was clicked, and a screen
 * reader announces nothing. The pathname changes while the loading state (app/(portal)/loading.tsx)
 * still shows, so it waits for the page's <h1> to appear. The first render is left alone (the
 * browser handles a page load); a dialog that opened on the new page (a revealed secret) keeps
 * its focus, and so does anything the person focused meanwhile.
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
    if (!main) return;
    const left = document.activeElement;
    const movedOn = () => document.activeElement !== left && document.activeElement !== document.body && document.activeElement !== main;
    const focus = (target: HTMLElement) => {
      if (document.querySelector("[role=alertdialog],[role=dialog]") || movedOn()) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
    };
    const heading = main.querySelector<HTMLElement>("h1");
    if (heading) {
      focus(heading);
      return;
    }
    focus(main);
    const observer = new MutationObserver(() => {
      const h1 = main.querySelector<HTMLElement>("h1");
      if (!h1) return;
      observer.disconnect();
      if (document.activeElement === main || document.activeElement === document.body) focus(h1);
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = window.setTimeout(() => observer.disconnect(), WAIT_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [pathname]);
  return null;
}
