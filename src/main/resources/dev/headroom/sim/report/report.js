// Draws every chart described in #report-data. Charts are created as they scroll into view:
// a report of many long scenarios would otherwise make the browser build hundreds at once.
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);

  function dataset(spec) {
    var points = spec.points.map(function (p) {
      return { x: p[0], y: p[1], note: p.length > 2 ? p[2] : '' };
    });
    var set = {
      label: spec.label,
      data: points,
      borderColor: spec.color,
      backgroundColor: spec.color,
      borderWidth: 1.5,
      pointRadius: 0,
      spanGaps: false
    };
    if (spec.style === 'dashed') {
      set.borderDash = [6, 4];
      set.borderWidth = 1;
    } else if (spec.style === 'events') {
      set.type = 'scatter';
      set.showLine = false;
      set.pointRadius = 3;
      set.pointStyle = 'triangle';
    }
    return set;
  }

  function draw(spec) {
    new Chart(document.getElementById(spec.canvas), {
      type: 'line',
      data: { datasets: spec.datasets.map(dataset) },
      options: {
        animation: false,
        parsing: false,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, max: spec.durationSeconds, title: { display: true, text: 'seconds' } },
          y: { beginAtZero: true, title: { display: true, text: spec.yTitle } }
        },
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: { callbacks: { afterLabel: function (item) { return item.raw.note || ''; } } }
        }
      }
    });
  }

  var byCanvas = {};
  report.charts.forEach(function (spec) { byCanvas[spec.canvas] = spec; });

  if (!('IntersectionObserver' in window)) {
    report.charts.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(byCanvas[entry.target.id]);
      }
    });
  }, { rootMargin: '400px' });
  report.charts.forEach(function (spec) {
    observer.observe(document.getElementById(spec.canvas));
  });
})();
