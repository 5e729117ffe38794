namespace AdaFtr.Silo.JobPage;

/// <summary>
/// The job page: one self-contained HTML document that asks <c>/api/page</c> once a second for the running and recent
/// jobs, the scheduled retrains (champion, latest run, next occurrence) and what is new for the selected job since the
/// page last asked; it keeps that job's curves and draws its loss curve, its AUC/GAUC curves per task, its step rate
/// and last checkpoint.
/// </summary>
public static class JobPageHtml
{
    public const string Page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>adaftr jobs</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 24px; color: #222 }
          table { border-collapse: collapse } td, th { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left }
          tr.job { cursor: pointer } tr.selected { background: #eef }
          svg { border: 1px solid #ccc; background: #fafafa; margin-top: 12px }
          .muted { color: #777 }
        </style></head>
        <body>
        <h1>Training jobs</h1>
        <p class="muted">Live from this cluster; refreshed every second. The Orleans dashboard is at <a href="/dashboard/">/dashboard</a>.</p>
        <table><thead><tr><th>job</th><th>state</th><th>step</th><th>steps/s</th><th>loss</th><th>job silo</th></tr></thead>
        <tbody id="jobs"><tr><td colspan="6" class="muted">no jobs yet</td></tr></tbody></table>
        <div id="detail"></div>
        <div id="schedules"></div>
        <script>
        // The selected job's curves, kept here and brought up to date from what is new (kept_*, then appended).
        let selected = null, cursor = null, losses = [], evaluations = [];
        function select(job) { selected = job; cursor = null; losses = []; evaluations = []; }
        const fmt = (x, d) => x === null || x === undefined ? "" : Number(x).toFixed(d);
        // Every value shown is text, never markup: a job id, a silo or device name, a task, a message (paths, exception text)
        // all come from the cluster's callers, and the page runs with the dashboard's origin.
        const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
        const utc = t => t ? new Date(t).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
        async function refresh() {
          const asked = selected, query = new URLSearchParams(selected ? { job: selected, ...(cursor ?? {}) } : {});
          const page = await (await fetch("/api/page?" + query)).json();
          if (selected !== asked) return;   // another job was clicked meanwhile: this answer is for the last one
          document.getElementById("schedules").innerHTML = renderSchedules(page.schedules);
          const jobs = page.jobs;
          const body = document.getElementById("jobs");
          if (jobs.length === 0 || !page.job) return;
          if (page.job.detail.summary.job !== selected) select(page.job.detail.summary.job);
          body.innerHTML = jobs.map(j => `<tr class="job${j.job === selected ? " selected" : ""}" data-job="${esc(j.job)}">
            <td>${esc(j.job)}</td><td class="state">${esc(j.state)}</td><td>${esc(j.steps_applied)}/${esc(j.steps)}</td>
            <td>${fmt(j.steps_per_second, 1)}</td><td>${fmt(j.last_loss, 4)}</td><td class="muted">${esc(j.silo)}</td></tr>`).join("");
          body.querySelectorAll("tr.job").forEach(r => r.onclick = () => { select(r.dataset.job); refresh(); });
          losses = losses.slice(0, page.job.kept_steps).concat(page.job.losses);
          evaluations = evaluations.slice(0, page.job.kept_evaluations).concat(page.job.evaluations);
          cursor = page.job.next;
          document.getElementById("detail").innerHTML = render({ ...page.job.detail, losses, evaluations });
        }
        const colors = ["#36c", "#e80", "#393", "#c33", "#939", "#777"];
        // One polyline per series ({name, color, dash, points: [[x, y]]}), scaled together into a w x h box.
        function chart(id, title, series, w, h) {
          const pad = 30, all = series.flatMap(s => s.points).filter(p => Number.isFinite(p[1]));
          if (all.length === 0) return "";
          const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
          const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
          const sx = x => pad + (w - 2 * pad) * (x1 === x0 ? 0 : (x - x0) / (x1 - x0));
          const sy = y => h - pad - (h - 2 * pad) * (y1 === y0 ? 0.5 : (y - y0) / (y1 - y0));
          const lines = series.map((s, i) => `<polyline data-series="${esc(s.name)}" fill="none" stroke="${s.color}" stroke-width="1.5" stroke-dasharray="${s.dash}"
              points="${s.points.filter(p => Number.isFinite(p[1])).map(p => sx(p[0]) + "," + sy(p[1])).join(" ")}"/>
            <text x="${w - 150}" y="${18 + 14 * i}" fill="${s.color}">${esc(s.name)}${s.dash ? " (dashed)" : ""}</text>`).join("");
          return `<svg id="${id}" width="${w}" height="${h}" data-points="${all.length}"><text x="${pad}" y="18">${title}</text>
            <text x="4" y="${pad}" class="muted">${fmt(y1, 3)}</text><text x="4" y="${h - pad}" class="muted">${fmt(y0, 3)}</text>${lines}</svg>`;
        }
        function evalSeries(evaluations) {
          const tasks = [...new Set(evaluations.map(e => e.task))];
          // One colour per task; GAUC dashed, so it stays visible where it equals AUC.
          return tasks.flatMap((t, i) => ["auc", "gauc"].map(m => ({ name: `${t} ${m.toUpperCase()}`, color: colors[i % colors.length], dash: m === "gauc" ? "6 4" : "",
            points: evaluations.filter(e => e.task === t && e[m] !== null).map(e => [e.step, e[m]]) })));
        }
        function render(d) {
          const losses = d.losses, w = 640, h = 240, pad = 30;
          const max = Math.max(...losses, 1e-9), min = Math.min(...losses, 0);
          const pts = losses.map((l, i) => [pad + (w - 2 * pad) * (losses.length < 2 ? 0 : i / (losses.length - 1)),
                                             h - pad - (h - 2 * pad) * (l - min) / (max - min || 1)]);
          const checkpoint = d.last_checkpoint
            ? `<p id="last-checkpoint" data-step="${esc(d.last_checkpoint.step)}">last checkpoint: step ${esc(d.last_checkpoint.step)}${d.last_checkpoint.utc ? ", " + new Date(d.last_checkpoint.utc).toISOString().replace("T", " ").slice(0, 19) + " UTC" : ""}${d.checkpoint_stall_seconds ? `; training waited ${fmt(d.checkpoint_stall_seconds * 1000, 0)} ms per checkpoint` : ""}</p>`
            : `<p class="muted">no checkpoint yet</p>`;
          const devices = Object.entries(d.workers_per_device).map(([k, n]) => `${esc(k)}: ${esc(n)}`).join(", ");
          const evals = d.evaluations.map(e => `<tr><td>${esc(e.step)}</td><td>${esc(e.task)}</td><td>${fmt(e.auc, 4)}</td><td>${fmt(e.gauc, 4)}</td><td>${fmt(e.logloss, 4)}</td><td>${esc(e.rows)}</td></tr>`).join("");
          return `<h2>${esc(d.summary.job)}</h2>
            <p id="job-message">${esc(d.summary.state)}${d.message ? " — " + esc(d.message) : ""}; workers per silo/device: ${devices || "none yet"};
               step retries ${esc(d.step_retries)}; payload ${(d.dense_bytes / 1e6).toFixed(1)} MB dense, ${(d.sparse_bytes / 1e6).toFixed(1)} MB sparse</p>
            <p id="step-rate">step rate: ${fmt(d.summary.steps_per_second, 2)} steps/s</p>
            ${checkpoint}
            <svg id="loss" width="${w}" height="${h}" data-points="${losses.length}">
              <text x="${pad}" y="18">training loss (${losses.length} steps, last ${fmt(losses[losses.length - 1], 4)})</text>
              <polyline fill="none" stroke="#36c" stroke-width="1.5" points="${pts.map(p => p.join(",")).join(" ")}"/></svg>
            ${chart("eval-curves", "evaluation AUC / GAUC per task", evalSeries(d.evaluations), w, h)}
            <h3>Evaluation</h3>${evals ? `<table id="evaluations"><thead><tr><th>step</th><th>task</th><th>AUC</th><th>GAUC</th><th>log loss</th><th>rows</th></tr></thead><tbody>${evals}</tbody></table>`
                                         : `<p class="muted">no evaluation yet (set an evaluation shard set on the job)</p>`}`;
        }
        function renderSchedules(list) {
          if (list.length === 0) return "";
          const rows = list.map(s => {
            const last = s.runs.length ? s.runs[s.runs.length - 1] : null;
            return `<tr class="schedule" data-schedule="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.cron)} (${esc(s.time_zone)})</td>
              <td>${esc(s.window_days)}d / ${esc(s.test_days)}d</td><td>${esc(s.metric)}</td>
              <td>${s.champion ? `${esc(s.champion.run)} ${fmt(s.champion.metric, 4)}` : `<span class="muted">none yet</span>`}</td>
              <td class="outcome">${last ? `${esc(last.outcome)}: ${esc(last.message)}` : `<span class="muted">no runs yet</span>`}</td><td>${utc(s.next_utc)}</td></tr>`;
          }).join("");
          return `<h2>Scheduled retrains</h2><table id="schedule-table"><thead><tr><th>schedule</th><th>cron</th><th>window / test</th><th>metric</th>
            <th>champion</th><th>last run</th><th>next run</th></tr></thead><tbody>${rows}</tbody></table>`;
        }
        refresh(); setInterval(refresh, 1000);
        </script></body></html>
        """;
}
