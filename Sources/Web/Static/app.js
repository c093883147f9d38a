// Progressive enhancement only: every page works without this file.
// A live countdown for the reflection's time box.
(function () {
  var el = document.querySelector('.countdown[data-deadline]');
  if (!el) return;
  var deadline = Date.parse(el.getAttribute('data-deadline'));
  if (isNaN(deadline)) return;
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) { el.textContent = 'Time box is over: wrap up and complete.'; el.classList.add('over'); return; }
    var m = Math.floor(left / 60), s = left % 60;
    el.textContent = 'Time left: ' + m + ':' + (s < 10 ? '0' : '') + s;
    setTimeout(tick, 1000);
  }
  tick();
})();

// Offers the browser's own time zone where a member has not chosen one (the home page after the first
// sign-in, and Settings → Email). The server checks the name; this only fills it in.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  document.querySelectorAll('[data-browser-zone]').forEach(function (box) {
    if (box.getAttribute('data-current') === zone) return;
    box.querySelectorAll('[data-browser-zone-name]').forEach(function (el) { el.textContent = zone; });
    box.hidden = false;
    var button = box.querySelector('[data-use-browser-zone]');
    if (!button) return;
    button.addEventListener('click', function () {
      var form = button.form || box.closest('form');
      var field = form && form.querySelector('[name="timeZone"]');
      if (!field) return;
      field.value = zone;
      if (button.type === 'submit') return;
      field.focus();
    });
  });
})();
