"use client";

import NextLink from "next/link";
import { useState, type ComponentProps } from "react";

/**
 * The portal's one link: next/link (client-side navigation), but it prefetches its page only once the
 * admin shows intent — the pointer over it, keyboard focus, a touch — not as soon as it scrolls into
 * view. Every page here is dynamic and per admin, so a viewport prefetch is a server request that is
 * never shared: one view of /clients fired about 45 of them (its 25 rows, sort headers, pagination,
 * the navigation), several times the cost of the page itself (docs/decisions/016). Next.js's
 * prefetching guide gives this pattern ("Hover-triggered prefetch"); `prefetch={false}` still turns
 * prefetching off altogether.
 */
export function Link({ prefetch, onMouseEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof NextLink>) {
  const [intent, setIntent] = useState(false);
  const showingIntent =
    <E,>(handler?: (event: E) => void) =>
    (event: E) => {
      setIntent(true);
      handler?.(event);
    };
  return (
    <NextLink
      {...props}
      prefetch={intent ? prefetch : false}
      onMouseEnter={showingIntent(onMouseEnter)}
      onFocus={showingIntent(onFocus)}
      onTouchStart={showingIntent(onTouchStart)}
    />
  );
}
