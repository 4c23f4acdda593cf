"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import type { Principal } from "@/lib/auth/permissions";
import { navItemsFor } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ principal }: { principal: Principal }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-1">
      {navItemsFor(principal).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              // On narrow screens the menu is a <details>: close it once a section is chosen.
              onClick={(e) => e.currentTarget.closest("details")?.removeAttribute("open")}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
                active
                  ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
