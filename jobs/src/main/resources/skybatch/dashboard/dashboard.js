// Draws every .chart from its data-chart attribute (see Chart.java) with uPlot, and marks it with the number of
// points drawn (data-points), which the browser tests check.
(function () {
  'use strict';
  var colors = ['#1d4ed8', '#b91c1c', '#15803d', '#7e22ce', '#c2410c', '#0e7490', '#4b5563'];

  function draw(element) {
    var chart = JSON.parse(element.getAttribute('data-chart'));
    if (chart.x.length === 0) {
      element.textContent = "nothing to draw yet";
      element.className += ' empty';
      element.setAttribute('data-points', '0');
      return;
    }
    // one point: an hour either side (uPlot would span a thousand days for a time scale in seconds)
    var scales = { x: { time: true, range: function (u, min, max) {
      return u.data[0].length < 2 ? [min - 3600, min + 3600] : [min, max];
    } } };
    var axes = [{}];
    var series = [{}];
    chart.series.forEach(function (s, i) {
      if (!scales[s.scale]) {
        var first = axes.length === 1;
        scales[s.scale] = { auto: true };
        axes.push({ scale: s.scale, label: s.scale, side: first ? 3 : 1, grid: { show: first } });
      }
      series.push({ label: s.label, scale: s.scale, stroke: colors[i % colors.length], width: 2, spanGaps: true,
        points: { show: chart.x.length < 60 } });
    });
    var data = [chart.x].concat(chart.series.map(function (s) { return s.values; }));
    var width = Math.max(320, element.clientWidth || 900);
    new uPlot({ title: chart.title, width: width, height: 240, scales: scales, series: series, axes: axes },
      data, element);
    element.setAttribute('data-points', String(chart.x.length));
  }

  document.querySelectorAll('.chart[data-chart]').forEach(draw);
})();
