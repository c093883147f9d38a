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
