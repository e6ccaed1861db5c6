"""The teacher's page's stylesheet and its one script (sorting), inlined by :mod:`.summary` so the page stands alone.

The table scrolls in its own box (``.summary-scroll``, as tall as the window) so that its header row
sticks to the top and the group's column to the left while either way is scrolled; the question
columns are narrow enough for 31 of them beside the group's own columns at 1440 px.
"""

from __future__ import annotations

CHART_HEIGHT = 110

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1rem 1rem 3rem;
  color:var(--md-default-fg-color,#1f2328);background:var(--md-default-bg-color,#fff)}
h1{font-size:1.4rem;margin:0 0 .25rem}
.summary-totals,.summary-top{margin:0 0 .4rem;color:#57606a}
.summary-top{font-size:15px;color:inherit}
.summary-top a{font-weight:600}
.summary-legend{font-size:12px;margin:.25rem 0 .5rem}
.summary-scroll{max-height:calc(100vh - 2rem);overflow:auto;border:1px solid rgba(127,127,127,.3)}
table{border-collapse:separate;border-spacing:0;font-size:12px}
th,td{border-right:1px solid rgba(127,127,127,.25);border-bottom:1px solid rgba(127,127,127,.25);padding:2px 3px;
  text-align:center;white-space:nowrap;background:var(--md-default-bg-color,#fff)}
th{cursor:pointer;user-select:none;background:#f2f3f5;position:sticky;top:0;z-index:2}
th.summary-q,td[data-question],td.summary--none{padding:2px 1px;min-width:22px;font-size:11px}
th[aria-sort=ascending]::after{content:"▲"}
th[aria-sort=descending]::after{content:"▼"}
.summary-name{position:sticky;left:0;z-index:1;text-align:left;max-width:11em;overflow:hidden;text-overflow:ellipsis;
  box-shadow:1px 0 0 rgba(127,127,127,.4)}
th.summary-name{z-index:3}
.summary-row--attention td.summary-name{font-weight:600}
td.summary-attention{text-align:left;white-space:normal;min-width:5em;max-width:12em;font-size:11px;color:#c62828}
td.summary-error{text-align:left;white-space:normal;color:#c62828}
td.summary-files{font-size:11px}
td.summary-score{max-width:4em;overflow:hidden;text-overflow:ellipsis}
.summary-legend span{padding:1px 6px;margin-right:4px}
td.summary--pass,.summary-legend .summary--pass{background:#e3f4e8;color:#1b7f3b}
td.summary--warn,.summary-legend .summary--warn{background:#fff4d6;color:#8a5a00}
td.summary--fail,.summary-legend .summary--fail{background:#fde4e4;color:#c62828;font-weight:600}
.summary--none{color:#8c959f}
.summary-stop{color:#c62828}
.summary-messages h3{font-size:1rem;margin:1.25rem 0 .25rem}
.summary-group p{margin:.15rem 0;font-size:13px}
.summary-note,.summary-comment{color:#57606a}
.summary-spec-note{color:#8a5a00;white-space:normal;min-width:12em;font-size:12px}
.summary-messages ul{margin:.25rem 0 0;padding-left:1.25rem;font-size:13px}
.summary-messages li.summary--error{color:#c62828}
.summary-messages li.summary--warning{color:#8a5a00}
.summary-chart{margin:0 0 1.5rem;overflow-x:auto}
.summary-chart rect{fill:#c62828}
.summary-chart text{font-size:11px;fill:#57606a}
a{color:#0969da}
"""

# Sorts the table by the clicked column: numbers by value, names alphabetically.
SCRIPT = """
document.querySelectorAll("table.summary-table th").forEach(function (header, column) {
  header.addEventListener("click", function () {
    var body = header.closest("table").tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    header.closest("tr").querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var key = function (row) { var cell = row.cells[column]; return cell ? cell.dataset.sort : ""; };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""
