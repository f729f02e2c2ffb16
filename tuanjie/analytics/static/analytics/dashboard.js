// Draws the dashboard charts from the JSON the page embeds; every bar and slice opens the records behind it.
(function () {
  var el = document.getElementById("analytics-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var charts = [];
  function chart(id, option, urls) {
    var node = document.getElementById(id);
    if (!node) return;
    var c = echarts.init(node, null, {renderer: "canvas"});
    c.setOption(option);
    if (urls) c.on("click", function (p) { var u = urls[p.dataIndex]; if (u) window.location.href = u; });
    charts.push(c);
  }
  var grid = {left: 8, right: 16, top: 32, bottom: 8, containLabel: true};
  chart("chart-trend", {
    tooltip: {trigger: "axis"}, legend: {top: 0, type: "scroll"}, grid: grid,
    xAxis: {type: "category", data: data.months}, yAxis: {type: "value", minInterval: 1},
    series: data.trend.map(function (s) { return {name: s.name, type: "line", smooth: true, data: s.data}; })
  });
  chart("chart-rank", {
    tooltip: {}, grid: grid, xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", data: data.rank.map(function (r) { return r.name; })},
    series: [{type: "bar", data: data.rank.map(function (r) { return r.value; }), itemStyle: {color: "#c0392b"}}]
  }, data.rank.map(function (r) { return r.url; }));
  function pie(id, items) {
    chart(id, {
      tooltip: {trigger: "item", formatter: "{b}：{c}（{d}%）"},
      series: [{type: "pie", radius: ["35%", "65%"], data: items.map(function (i) { return {name: i.name, value: i.value}; }),
                label: {fontSize: 11}}]
    }, items.map(function (i) { return i.url; }));
  }
  pie("chart-fields", data.fields);
  pie("chart-kinds", data.kinds);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  // On paper each chart gets a block of its own (help.css): redraw at the printed width, and back afterwards.
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize({width: 680}); }); });
  window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize({width: "auto"}); }); });
})();
