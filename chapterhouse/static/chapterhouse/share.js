/* Chapterhouse: the post page's "Copy link" share link (docs/publishing.md). Progressive
   enhancement only: without this file, or without the Clipboard API, the link stays a plain
   link to the post's address, which the reader copies as any other link. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("share-status");
  if (!status || !navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("a.copy-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      status.textContent = "";
      navigator.clipboard.writeText(link.href).then(
        () => { status.textContent = status.dataset.copied; },
        () => { window.location.href = link.href; },
      );
    });
  });
});
