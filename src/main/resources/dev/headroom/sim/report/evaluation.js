// Draws every chart described in #report-data: scatter plots of (x, y) points, each series drawn
// by its style. Charts are created as they scroll into view: a page of hundreds of scenarios
// would otherwise make the browser build them all at once.
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);

  function dataset(spec) {
    var points = spec.points.map(function (p) {
      return { x: p[0], y: p[1], label: p.length > 2 ? p[2] : '', link: p.length > 3 ? p[3] : '' };
    });
    var set = {
      label: spec.label,
      data: points,
      borderColor: spec.color,
      backgroundColor: spec.color,
      borderWidth: 1.5,
      pointRadius: 4,
      showLine: false
    };
    switch (spec.style) {
      case 'frontier':
        set.showLine = true;
        set.borderWidth = 2;
        set.pointRadius = 2;
        break;
      case 'settings':
        set.backgroundColor = 'transparent';
        set.pointRadius = 5;
        break;
      case 'headroom':
        set.pointStyle = 'star';
        set.pointRadius = 11;
        set.borderWidth = 2.5;
        break;
      case 'oracle':
        set.pointStyle = 'triangle';
        set.pointRadius = 8;
        break;
      case 'scenarios_hollow':
        set.backgroundColor = 'transparent';
        break;
      case 'guide':
        set.showLine = true;
        set.pointRadius = 0;
        set.pointHitRadius = 0;
        set.borderWidth = 1;
        set.borderDash = [6, 4];
        break;
      default:
        break;
    }
    return set;
  }

  function number(value) {
    return Number.isInteger(value) ? String(value) : value.toFixed(3);
  }

  function draw(spec) {
    new Chart(document.getElementById(spec.canvas), {
      type: 'scatter',
      data: { datasets: spec.datasets.map(dataset) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: spec.xTitle } },
          y: { beginAtZero: true, title: { display: true, text: spec.yTitle } }
        },
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: {
            filter: function (item) { return item.raw.label !== ''; },
            callbacks: {
              label: function (item) {
                return item.raw.label + ': (' + number(item.raw.x) + ', ' + number(item.raw.y) + ')';
              }
            }
          }
        },
        onClick: function (event, elements, chart) {
          if (elements.length === 0) {
            return;
          }
          var first = elements[0];
          var point = chart.data.datasets[first.datasetIndex].data[first.index];
          if (point.link) {
            window.location.hash = point.link;
          }
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
