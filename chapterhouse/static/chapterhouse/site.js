/* Chapterhouse: progressive enhancement only (docs/design.md). Without this file every page
   works: the phone menu stays open and the language menu is a <details> of submit buttons. */
"use strict";
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // The phone menu: a disclosure button that shows and hides the header's links.
  const button = document.querySelector(".menu-button");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (button && menu) {
    button.hidden = false;
    const set = (open) => {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    };
    set(false);
    button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  // Disclosure menus (the language menu): Escape or a click elsewhere closes them.
  const menus = document.querySelectorAll("details.lang");
  document.addEventListener("click", (event) => {
    menus.forEach((d) => { if (d.open && !d.contains(event.target)) d.open = false; });
  });
  menus.forEach((d) => {
    d.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && d.open) {
        d.open = false;
        d.querySelector("summary").focus();
        event.stopPropagation();
      }
    });
  });
});
