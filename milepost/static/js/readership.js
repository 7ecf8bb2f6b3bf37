// Counts one reading of this story: a same-origin beacon with no cookie and nothing about the
// reader (milepost/insights/counting.py). Not sent for a prerendered page nobody has looked
// at, a reader asking not to be tracked (Do Not Track, Global Privacy Control), or the same
// page again within a minute in this tab (remembered in sessionStorage, never a cookie).
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-count-url");
  var AGAIN_AFTER_MS = 60 * 1000;

  function trackingRefused() {
    return navigator.doNotTrack === "1" || window.doNotTrack === "1" ||
      navigator.globalPrivacyControl === true;
  }

  function countedRecently() {
    var key = "milepost-read:" + location.pathname;
    var now = Date.now();
    try {
      var last = Number(window.sessionStorage.getItem(key));
      if (last && now - last < AGAIN_AFTER_MS) {
        return true;
      }
      window.sessionStorage.setItem(key, String(now));
    } catch (error) {
      // Storage refused (private mode, a full quota): count, as a page without it would.
    }
    return false;
  }

  function count() {
    if (!url || !navigator.sendBeacon || trackingRefused() || countedRecently()) {
      return;
    }
    navigator.sendBeacon(url);
  }

  function countWhenSeen() {
    if (document.visibilityState === "visible") {
      count();
      return;
    }
    document.addEventListener("visibilitychange", function seen() {
      if (document.visibilityState === "visible") {
        document.removeEventListener("visibilitychange", seen);
        count();
      }
    });
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", countWhenSeen, { once: true });
  } else {
    countWhenSeen();
  }
})();
