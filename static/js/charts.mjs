// Trend charts for the PCC's pages: progressive enhancement only.
// The figures come from the JSON block #trend-chart-data, which holds the same
// figures as the tables on the page; without JavaScript the tables are the page.
// Chart.js is loaded beforehand by a classic <script> (window.Chart).

const BLUE = "#1d70b8";
const PURPLE = "#4c2c92";

function readData() {
  const block = document.getElementById("trend-chart-data");
  if (!block) return null;
  try {
    return JSON.parse(block.textContent);
  } catch {
    return null;
  }
}

function scaleLabel(series, value) {
  const point = series.scale.find((p) => p.value === value);
  return point ? `${value} – ${point.label}` : String(value);
}

// Meetings placed by date, so that time runs to scale: a tick at each meeting,
// labelled with its date (no date adapter needed for a linear axis of days).
const DAY = 24 * 60 * 60 * 1000;

function dayNumber(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

function timeAxis(series, days) {
  const labelOf = new Map(days.map((d, i) => [d, series.labels[i]]));
  const span = days.length > 1 ? days[days.length - 1] - days[0] : 0;
  const margin = Math.max(Math.round(span * 0.03), 15);
  return {
    type: "linear",
    min: days.length ? days[0] - margin : undefined,
    max: days.length ? days[days.length - 1] + margin : undefined,
    afterBuildTicks: (axis) => {
      axis.ticks = days.map((value) => ({ value }));
    },
    ticks: { autoSkip: true, maxRotation: 0, callback: (v) => labelOf.get(v) ?? "" },
    grid: { display: false },
  };
}

function drawSeries(container, series) {
  const Chart = window.Chart;
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `Line chart of the ratings for “${series.title}” by meeting. The same figures are in the table below.`,
  );
  container.appendChild(canvas);
  container.hidden = false;
  const values = series.scale.map((p) => p.value);
  const changed = series.wordingChanged;
  const days = series.dates.map(dayNumber);
  return new Chart(canvas, {
    type: "line",
    data: {
      labels: days, // parsed by the linear x axis: each value sits at its day
      datasets: [{
        label: series.title,
        data: series.values,
        borderColor: BLUE,
        backgroundColor: BLUE,
        spanGaps: false,
        pointRadius: changed.map((c) => (c ? 7 : 4)),
        pointStyle: changed.map((c) => (c ? "triangle" : "circle")),
        pointBackgroundColor: changed.map((c) => (c ? PURPLE : BLUE)),
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: timeAxis(series, days),
        y: {
          min: values.length ? Math.min(...values) : undefined,
          max: values.length ? Math.max(...values) : undefined,
          ticks: { stepSize: 1, callback: (v) => scaleLabel(series, v) },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? series.labels[items[0].dataIndex] : ""),
            label: (ctx) => {
              const i = ctx.dataIndex;
              const parts = [scaleLabel(series, ctx.parsed.y), series.statuses[i]];
              if (changed[i]) parts.push("wording changed");
              return parts.join("; ");
            },
          },
        },
      },
    },
  });
}

function init() {
  const data = readData();
  if (!data || typeof window.Chart !== "function") return;
  const byKey = new Map(data.series.map((s) => [s.key, s]));
  document.querySelectorAll("[data-chart]").forEach((container) => {
    const series = byKey.get(container.dataset.chart);
    if (series) drawSeries(container, series);
  });
}

init();
