// Draws the report's charts with uPlot from the data the page carries in REPORT; marks the chart elements
// with data-points (how many values a chart drew), data-marks (how many timeline marks it drew as dashed
// lines) and data-drawn, which the page's test reads.
(function () {
  var R = window.REPORT;
  function trim(v, digits) {
    return String(+v.toFixed(digits));
  }
  function plain(u, splits) {
    return splits.map(function (v) { return v == null ? '' : trim(v, 3).replace(/\B(?=(\d{3})+(?!\d))/g, ','); });
  }
  function seconds(u, splits) {
    return splits.map(function (v) { return v == null ? '' : trim(v, 3) + ' s'; });
  }
  function marks(list, el) {
    return {hooks: {draw: [function (u) {
      var drawn = 0;
      var ctx = u.ctx, dpr = window.devicePixelRatio || 1;
      ctx.save();
      ctx.strokeStyle = '#a0a';
      ctx.fillStyle = '#a0a';
      ctx.lineWidth = dpr;
      ctx.setLineDash([4 * dpr, 3 * dpr]);
      ctx.font = (11 * dpr) + 'px sans-serif';
      list.forEach(function (m) {
        var x = Math.round(u.valToPos(m.atMillis / 1000, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) {
          return;
        }
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillText(m.label, x + 3 * dpr, u.bbox.top + 12 * dpr);
        drawn++;
      });
      ctx.restore();
      el.setAttribute('data-marks', String(drawn));
    }]}};
  }
  function chart(id, unit, series) {
    var el = document.getElementById(id);
    var xs = R.x;
    var data = [xs];
    var points = 0;
    series.forEach(function (s) {
      data.push(s.values);
      s.count = 0;
      s.values.forEach(function (v) { if (v != null) { s.count++; } });
      points += s.count;
    });
    var width = function () { return Math.max(320, Math.min(1100, el.clientWidth || 720)); };
    var opts = {
      width: width(),
      height: 260,
      scales: {x: {time: false, range: [0, R.xMax]}},
      series: [{label: 'seconds', value: function (u, v) { return v == null ? '' : trim(v, 3) + ' s'; }}].concat(
        series.map(function (s) {
          return {label: s.label, stroke: s.colour, width: 2, spanGaps: false,
            points: {show: s.count <= 60, size: 5},
            value: function (u, v) { return v == null ? '' : trim(v, 2) + ' ' + unit; }};
        })),
      axes: [
        {label: 'seconds since the feed started', values: seconds},
        {side: 1, label: unit, values: plain, size: 70}
      ],
      plugins: [marks(R.marks, el)],
      hooks: {draw: [function () { el.setAttribute('data-drawn', 'true'); }]}
    };
    var plot = new uPlot(opts, data, el);
    el.setAttribute('data-points', String(points));
    window.addEventListener('resize', function () { plot.setSize({width: width(), height: 260}); });
  }
  chart('chart-results', 'results/s', [{label: 'results', colour: '#36c', values: R.rate}]);
  chart('chart-latency', 'ms', [{label: 'p50', colour: '#393', values: R.p50},
    {label: 'p99', colour: '#c33', values: R.p99}]);
})();
