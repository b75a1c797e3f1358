/*
 * Chapterhouse live stream client: follows /live/<scope> with EventSource, catches up after a
 * reconnect, and says when it is offline. docs/live.md shows how; the conference pages use it
 * (conferences.js).
 *
 *   const live = ChapterhouseLive.follow("conference:third-congress", {
 *     lastEventId: document.body.dataset.journalId,   // the journal id the page was rendered at
 *     on: { "agenda.item_started": (data, event) => { ... } },
 *     onStatus: (online) => document.body.classList.toggle("is-offline", !online),
 *   });
 *   live.close();
 *
 * EventSource itself reconnects and sends Last-Event-ID; this client also reconnects when the
 * server ends the stream or answers an error (with a growing delay, at most 30 s), passing the
 * last id it saw as ?last_event_id=, so nothing is missed and nothing comes twice.
 */
(function () {
  "use strict";

  function follow(scope, options) {
    options = options || {};
    var handlers = options.on || {};
    var onStatus = options.onStatus || function () {};
    var lastId = options.lastEventId ? String(options.lastEventId) : "";
    var source = null;
    var retryMs = 1000;
    var timer = null;
    var closed = false;
    var online = null;

    function status(value) {
      if (value !== online) {
        online = value;
        onStatus(value);
      }
    }

    function url() {
      var base = "/live/" + encodeURIComponent(scope).replace(/%3A/g, ":");
      return lastId ? base + "?last_event_id=" + encodeURIComponent(lastId) : base;
    }

    function deliver(event) {
      if (event.lastEventId) {
        if (lastId && Number(event.lastEventId) <= Number(lastId)) {
          return; // seen already
        }
        lastId = event.lastEventId;
      }
      var handler = handlers[event.type];
      if (handler) {
        handler(JSON.parse(event.data), event);
      }
    }

    function listen(kind) {
      source.addEventListener(kind, deliver);
    }

    function connect() {
      timer = null;
      if (closed) {
        return;
      }
      source = new EventSource(url(), { withCredentials: true });
      source.onopen = function () {
        retryMs = 1000;
        status(true);
      };
      source.onmessage = deliver;
      Object.keys(handlers).forEach(function (kind) {
        if (kind !== "message") {
          listen(kind);
        }
      });
      source.onerror = function () {
        status(false);
        if (source.readyState === EventSource.CLOSED) {
          // The server refused or ended the stream: reconnect ourselves, from the last id.
          source = null;
          timer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, 30000);
        }
        // Otherwise EventSource is reconnecting by itself, with Last-Event-ID.
      };
    }

    window.addEventListener("offline", function () {
      status(false);
    });

    connect();

    return {
      close: function () {
        closed = true;
        if (timer) {
          clearTimeout(timer);
        }
        if (source) {
          source.close();
        }
      },
      lastEventId: function () {
        return lastId;
      },
    };
  }

  window.ChapterhouseLive = { follow: follow };
})();
