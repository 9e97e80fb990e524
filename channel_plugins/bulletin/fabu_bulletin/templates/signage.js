// The signage page's rotation: one current notice at a time, with pause / previous / next (WCAG 2.2.2).
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  var current = slides.filter(function (s) { return s.dataset.start <= today && today <= s.dataset.end; });
  slides.forEach(function (s) { s.hidden = current.indexOf(s) < 0; });
  if (current.length === 0) { document.querySelector(".empty").hidden = false; return; }
  if (current.length === 1) { return; }
  var controls = document.querySelector(".controls"), pause = document.getElementById("pause");
  var counter = document.getElementById("counter"), index = 0, timer = null;
  var seconds = Number(document.body.dataset.rotate) || 20;
  function show(i) {
    index = (i + current.length) % current.length;
    current.forEach(function (s, n) { s.hidden = n !== index; });
    counter.textContent = (index + 1) + " / " + current.length;
  }
  function start() { timer = window.setInterval(function () { show(index + 1); }, seconds * 1000); }
  function stop() { window.clearInterval(timer); timer = null; }
  document.getElementById("previous").addEventListener("click", function () { show(index - 1); });
  document.getElementById("next").addEventListener("click", function () { show(index + 1); });
  pause.addEventListener("click", function () {
    var paused = timer !== null;
    if (paused) { stop(); } else { start(); }
    pause.setAttribute("aria-pressed", String(paused));
    pause.firstChild.textContent = paused ? "继续轮播 " : "暂停轮播 ";
  });
  controls.hidden = false;
  show(0);
  start();
})();
