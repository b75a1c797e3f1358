/*
 * Conference live pages (console, delegate page, projector): follow the conference's journal
 * with ChapterhouseLive and, on each event, let htmx re-fetch the page's live region
 * (hx-trigger="conference-event from:body"), but set a poll's count of votes cast in place;
 * tick the speakers' countdowns; say when offline.
 * Without JavaScript the pages are plain pages whose forms post and redirect.
 */
(function () {
  "use strict";

  var page = document.querySelector("[data-live-scope]");
  if (!page || !window.ChapterhouseLive) {
    return;
  }

  var pending = null;
  function refresh() {
    // Events come in bursts (a check-in of a delegation, a reorder): one re-fetch per burst.
    if (pending) {
      return;
    }
    pending = window.setTimeout(function () {
      pending = null;
      document.body.dispatchEvent(new CustomEvent("conference-event", { bubbles: true }));
    }, 40);
  }

  function showStatus(online) {
    document.body.classList.toggle("is-offline", !online);
    document.querySelectorAll("[data-when-online]").forEach(function (node) {
      node.hidden = !online;
    });
    document.querySelectorAll("[data-when-offline]").forEach(function (node) {
      node.hidden = online;
    });
  }

  var handlers = {};
  (page.dataset.liveKinds || "").split(" ").forEach(function (kind) {
    if (kind) {
      handlers[kind] = refresh;
    }
  });

  // The number of votes cast is set in place (the pages mark it with data-poll-cast-count), so
  // that a vote storm does not make every screen fetch its page again for every ballot; only a
  // page that shows more of the poll as it fills (the chair's counts per choice, marked
  // data-refresh-on-vote) reads its live region again.
  if (handlers["poll.voted"]) {
    handlers["poll.voted"] = function (data) {
      var poll = Number((data.payload || {}).poll);
      document.querySelectorAll('[data-poll-cast-count="' + poll + '"]').forEach(function (node) {
        node.textContent = String(Number(data.payload.cast));
      });
      if (document.querySelector('[data-refresh-on-vote="' + poll + '"]')) {
        refresh();
      }
    };
  }

  var wasOffline = false;
  window.ChapterhouseLive.follow(page.dataset.liveScope, {
    lastEventId: page.dataset.liveLast,
    on: handlers,
    onStatus: function (online) {
      showStatus(online);
      if (online && wasOffline) {
        refresh(); // the stream replays what was missed; the region is read afresh as well
      }
      wasOffline = !online;
    },
  });

  // A swapped-in region starts with the status as rendered: keep showing the real one.
  document.body.addEventListener("htmx:afterSwap", function () {
    showStatus(!document.body.classList.contains("is-offline"));
    tick();
  });

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown-started]").forEach(function (node) {
      var started = Date.parse(node.dataset.countdownStarted);
      var seconds = Number(node.dataset.countdownSeconds);
      if (isNaN(started) || isNaN(seconds)) {
        return;
      }
      var left = seconds - Math.floor((now - started) / 1000);
      var over = left < 0;
      var abs = Math.abs(left);
      var text = (over ? "−" : "") + Math.floor(abs / 60) + ":" + two(abs % 60);
      if (node.textContent !== text) {
        node.textContent = text;
      }
      node.classList.toggle("over", over);
    });
  }
  tick();
  window.setInterval(tick, 250);
})();
